"""URLs as CarrierX resolves them: relative to the URL of the document that holds them."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

# A stand-in origin for documents known only by their path: relative URLs resolve against it and
# come back as paths.
LOCAL = "http://app.invalid"

_NAMED = (
    re.compile(r"""url_for\(\s*['"]([^'"]+)['"]"""),            # Jinja / Flask: url_for('menu')
    re.compile(r"""\{%-?\s*url\s+['"]([^'"]+)['"]"""),          # Django: {% url 'ivr:menu' %}
    re.compile(r"""url_path_for\(\s*['"]([^'"]+)['"]"""),       # Starlette: request.url_path_for('menu')
)
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|\$\{")


def named_route(source: str) -> str | None:
    """The route name a template expression refers to (`{{ url_for('menu') }}`, `{% url 'menu' %}`)."""
    for pattern in _NAMED:
        match = pattern.search(source)
        if match:
            return match.group(1)
    return None


def looks_dynamic(value: str) -> bool:
    return bool(_TEMPLATE_SYNTAX.search(value))


def resolve(base: str, reference: str, origin: str = LOCAL) -> str:
    """`reference` resolved against the document URL `base` (a path or an absolute URL)."""
    absolute_base = base if urlsplit(base).scheme else urljoin(origin + "/", base)
    return urljoin(absolute_base, reference.strip())


def node_id(url: str, origin: str = LOCAL) -> str:
    """A document's id in the graph: its path on the app's own origin (query and fragment left
    out: they choose what the view answers, not which view), its whole URL elsewhere."""
    parts = urlsplit(url)
    own = urlsplit(origin)
    if not parts.scheme or (parts.scheme, parts.netloc) == (own.scheme, own.netloc) \
            or parts.netloc == urlsplit(LOCAL).netloc:
        return parts.path or "/"
    return f"{parts.scheme}://{parts.netloc}{parts.path or '/'}"


def is_own(url: str, origin: str = LOCAL) -> bool:
    parts = urlsplit(url)
    return not parts.scheme or parts.netloc in (urlsplit(origin).netloc, urlsplit(LOCAL).netloc)
