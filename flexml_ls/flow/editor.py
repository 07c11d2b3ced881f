"""What an editor needs of the call flow for the document being edited, from the project's source
(static discovery, no import of the app): for each URL a verb sends the call to, the route, view and
template serving it (go to definition, document links, hover), and FX501 when nothing does.

Pure: no LSP types here (flexml_ls/server/flow_features.py turns these into LSP answers). Silent when
the project has no routes to judge by (neither discovered nor configured).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from ..catalog import load
from ..parse import readable
from . import urls
from .extract import CALLBACK, document_flow
from .routes import Route
from .static import StaticFlow, StaticOptions, _is_dynamic

_MARKERS = ("pyproject.toml", ".flexml.toml", "manage.py", "setup.cfg", ".git")
_CACHE_SECONDS = 5.0
_cache: dict[str, tuple[float, tuple, StaticFlow | None]] = {}


@dataclass
class Served:
    """One URL in the document and what serves it."""
    start: int                 # the URL's range in the text
    end: int
    verb: str
    attribute: str
    url: str                   # as resolved (a path on the app), or the route name's pattern
    method: str
    fields: list[str]          # what CarrierX adds to the standard fields
    route: Route | None = None
    file: str | None = None    # the template (or static file) serving it, else the view's module
    line: int | None = None    # 1-based line in `file`
    problem: str | None = None # why it is FX501 (None: served, or not judged)
    callback: bool = False     # requested on the side (a status callback): the call stays put


def project_root(filename: str) -> Path | None:
    folder = Path(filename).resolve().parent
    for candidate in [folder, *folder.parents]:
        if any((candidate / marker).exists() for marker in _MARKERS):
            return candidate
    return None


def project(filename: str) -> StaticFlow | None:
    """The project's routes and templates (cached a few seconds: discovery reads every module)."""
    root = project_root(filename)
    if root is None:
        return None
    key = str(root)
    now = time.monotonic()
    cached = _cache.get(key)
    if cached is not None and now - cached[0] < _CACHE_SECONDS:
        return cached[2]
    stamp = _stamp(root)  # (stat calls only: discovery parses every module, so it runs on a change)
    if cached is not None and cached[1] == stamp:
        _cache[key] = (now, stamp, cached[2])
        return cached[2]
    from . import settings
    try:
        table, _ = settings.find(root)
    except Exception:  # noqa: BLE001 - a broken config is `flexml lint`'s to report
        table = {}
    found = StaticFlow([root], StaticOptions(base_url=table.get("base-url"), routes=table.get("routes", {})))
    if not found.table.routes and not found.options.routes:
        found = None
    _cache[key] = (now, stamp, found)
    return found


def _stamp(root: Path) -> tuple:
    """What discovery depends on: the modules, the templates and the settings files, and when each
    changed (the directories discovery skips are skipped here too)."""
    from .routes import SKIPPED_DIRECTORIES
    found = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith("."))
        in_templates = "templates" in Path(directory).relative_to(root).parts
        for name in sorted(files):
            if in_templates or name.endswith(".py") or name in ("pyproject.toml", ".flexml.toml"):
                try:
                    found.append((os.path.join(directory, name), os.stat(os.path.join(directory, name)).st_mtime_ns))
                except OSError:
                    continue
    return tuple(found)


def _own_url(found: StaticFlow, filename: str) -> str | None:
    """The URL this file is served at: a route rendering it, or a static document."""
    names, static_url = found.by_file.get(Path(filename).resolve(), ([], None))
    for route in found.table.routes:
        if any(name in route.templates or name in route.strings for name in names):
            return route.pattern
    return static_url


_served: dict[str, tuple[str, StaticFlow, list[Served]]] = {}   # filename -> (text, project, answers)


def served(text: str, filename: str, document=None) -> list[Served]:
    """Every URL a verb of `text` sends the call to, with what serves it; [] when nothing can be known.
    (The last answer per file is kept: hovers, links and the publish after a lint ask of one text.)
    `document`: the text's parsed document, when the caller has it (the lint's), else it is parsed."""
    found = project(filename) if filename else None
    if found is None:
        return []
    known = _served.get(filename)
    if known is not None and known[1] is found and known[0] == text:
        return known[2]
    answers = _served_now(text, filename, found, document)
    if len(_served) >= 64:
        _served.clear()
    _served[filename] = (text, found, answers)
    return answers


def _served_now(text: str, filename: str, found: StaticFlow, document=None) -> list[Served]:
    catalog = load()
    own = _own_url(found, filename)
    answers = []
    flow_of = document_flow(document if document is not None else readable(text), catalog)
    for transfer in [*flow_of.transfers, *flow_of.callbacks]:
        item = Served(transfer.start, transfer.end, transfer.verb, transfer.attribute, transfer.url,
                      transfer.method, list(transfer.fields), callback=transfer.outcome == CALLBACK)
        name = urls.named_route(transfer.url)
        route = None
        if name is not None:
            route = found.table.named(name)
            if route is None:
                item.problem = f"no route is named `{name}`"
        elif _is_dynamic(transfer.url):
            continue
        else:
            if own is None and not transfer.url.startswith(("/", "http:", "https:")):
                continue  # relative to a URL we do not know
            absolute = urls.resolve(own or "/", transfer.url, found.origin)
            if not urls.is_own(absolute, found.origin):
                continue
            item.url = urls.node_id(absolute, found.origin)
            matching = found.table.match(item.url)
            route = next((r for r in matching if r.accepts(transfer.method)), None)
            if route is None and matching:
                route = matching[0]
                item.problem = f"its route refuses {transfer.method} (it accepts {', '.join(route.methods or ())})"
            elif route is None:
                static = found.static_documents.get(item.url)
                if static is not None:
                    item.file, item.line = str(static), 1
                else:
                    item.problem = "no route, template or file serves it"
        if route is not None:
            item.route = route
            item.url = route.pattern if name is not None else item.url
            names = route.templates or [s for s in dict.fromkeys(route.strings) if found.templates.find(s)]
            # One template and nothing else: it is what answers. Otherwise the view decides: go there.
            template = found.templates.find(names[0]) if len(names) == 1 and not route.code_transfers \
                and not route.literals else None
            item.file, item.line = (str(template), 1) if template else (route.path, route.line)
        answers.append(item)
    return answers


def unknown_targets(text: str, filename: str, document=None) -> list[tuple[int, int, str]]:
    """FX501 as you type: (start, end, message) for each URL nothing serves."""
    return [(item.start, item.end, f"`<{item.verb}>` {_sends(item)} `{item.url}`, but {item.problem}")
            for item in served(text, filename, document) if item.problem]


def _sends(item: Served) -> str:
    return f"sends its `{item.attribute}` requests to" if item.callback else "sends the call to"


def at(text: str, filename: str, offset: int) -> Served | None:
    return next((item for item in served(text, filename) if item.start <= offset <= item.end), None)


def hover_markdown(item: Served, request_fields: list[str]) -> str:
    lines = [f"**Call flow:** `<{item.verb}>` {_sends(item)} `{item.url}` ({item.method})"]
    if item.route is not None:
        methods = ", ".join(item.route.methods) if item.route.methods else "any method"
        where = f"`{item.route.view}` in {os.path.basename(item.route.path)}:{item.route.line}" \
            if item.route.view and item.route.path else "its view"
        lines.append(f"Route `{item.route.pattern}`" + (f" (`{item.route.name}`)" if item.route.name else "")
                     + f", {methods}, served by {where}")
    elif item.file:
        lines.append(f"Served by the file {os.path.basename(item.file)}")
    if item.problem:
        lines.append(f"**FX501:** {item.problem}")
    sent = ", ".join(f"`{f}`" for f in item.fields)
    lines.append("CarrierX sends " + (f"{sent}, plus " if sent else "") + "the standard fields "
                 + ", ".join(f"`{f}`" for f in request_fields))
    return "\n\n".join(lines)


def project_flow(filename: str):
    """The whole static flow of the project holding `filename`, checked ("Show call flow" in an
    editor); None when the project has no routes or FlexML files."""
    root = project_root(filename)
    if root is None:
        return None
    from . import settings
    from .checks import check
    try:
        table, _ = settings.find(root)
    except Exception:  # noqa: BLE001 - a broken config is `flexml lint`'s to report
        table = {}
    flow = StaticFlow([root], StaticOptions(start=table.get("start"), base_url=table.get("base-url"),
                                            routes=table.get("routes", {}))).build()
    if not flow.nodes:
        return None
    check(flow)
    return flow
