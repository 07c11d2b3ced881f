"""FlexML as it is really written: Django and Jinja2 templates, linted as their renderings.

How a template is read (in one pass over its tags):

1. `lexer`: the template's tags with absolute offsets, by each language's own rules (Django: a tag
   on one line, `verbatim`; Jinja2: tags over lines, `{%-`/`-%}`/`+`, `raw`). A Django template's
   tags are made by the reader itself as `lexer.DJANGO_TAG` splits the text (the lint's hot loop).
2. `structure`: blocks matched as the tags come (`if/elif/else`, `for/empty/else`, `with`,
   `block`, `comment`, `macro`, `call`, `include`, `url`, `trans`…: a stack of open blocks), each
   construct classed as literal text, template syntax (outputs nothing), a hole (an unknown value
   or unknown content) or a choice between alternatives. Unclosed and stray tags, unterminated
   `{{`/`{%`/`{#`: FX003, at the exact tag (the differential test holds this to what the real
   engines refuse). What a tag holds (its name, its expression) is left to the engine, which knows
   the app's tag libraries. The same pass writes the template's `view` (see view.py): its text with
   every alternative in place, template syntax blanked (spaces, line breaks kept; inside an
   attribute value, `dynamic.PAD`, which the parser leaves out of the value), holes written as
   `dynamic.MARK` (a hole standing alone in a start tag, `{{ attrs|xmlattr }}`, as one attribute
   with a dynamic name).
3. `render`: renderings. Each is the template's own text with one alternative of each choice
   taken: the view, with the alternatives not taken blanked (or, for a template whose branches
   end in different XML states, and for `extends`, assembled piece by piece the same way). So a
   rendering has the template's length and its offsets are the template's.
   `Renderings.first`: renderings that together take every alternative holding something
   (`render.covering`: one when no `else` holds anything, and then it is the view itself);
   `Renderings.renderings`: every combination, up to 64 of them and a million characters in all,
   else the same as `first`. Each is made when first asked for.
4. The engine (`engine._lint_template`) lints `first` as ordinary documents, and reports what
   holds, same code and same range, in every rendering in which its text appears (the others are
   made and linted only to confirm a finding: a clean template costs its `first`); never what
   lies on template syntax or MARK alone (but FX120, which is about dynamic names); a fix only
   when its edits lie in literal text and are the same wherever it was found. Beyond the bound,
   only findings about one element's name and its own attributes, and only when every choice's
   alternatives open and close the same elements (so each element has the same ancestors in every
   rendering). Suppressions in template comments (`{# flexml: disable-next-line=FX201 reason #}`)
   apply to the result (`suppressions`).

`extends`: when the base template is found (the template's folder, then `[tool.flexml]
template-dirs`), each rendering is the base with the child's blocks in place, its offsets mapped
back piece by piece (`Rendering.segments`, as Volar's mappings do: the base's own text maps to
nothing, and what is found there is not reported); otherwise each block is checked as the verbs of
a `<Response>`.

Rules know nothing of templates: they learn from `flexml_ls.dynamic` alone that a value, a name or
some content is unknown until the template renders. Nothing here imports Django or Jinja2.

API (also read by `flexml flow`): `is_template(text)`, `language_of(filename, text, setting)`,
`render_all(text, filename=, language=, search_dirs=)` -> `Renderings` (`.renderings`: each with
`.text` and `.to_source(offset)`; `.syntax_errors`), `editor_view` and `in_template_syntax` for
the language server, `base_root` for "is this FlexML".
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .lexer import tokenize
from .render import MAX_RENDERED, MAX_RENDERINGS, Rendering, assemble, balanced, count, covering, \
    every_combination, from_view, pieces, substituted
from .structure import Block, Structure, build
from .view import blanked, marked

__all__ = ["is_template", "language_of", "render_all", "editor_view", "in_template_syntax", "base_root", "Rendering",
           "Renderings", "TEMPLATE_SUFFIXES", "JINJA_SUFFIXES", "MAX_RENDERINGS"]

JINJA_SUFFIXES = (".j2", ".jinja", ".jinja2")
TEMPLATE_SUFFIXES = tuple(".flexml" + suffix for suffix in JINJA_SUFFIXES)
LANGUAGES = ("auto", "django", "jinja2", "none")
# Syntax only Jinja2 has: whitespace control (`{%-`, `-%}`, `{{-`, `-}}`, `+`) and its own tags.
# (A pattern that starts with a literal character: the regular expression engine skips to each `{`
# in C. The closing marks are plain substrings: a pattern starting with `[-+]` tries every position.)
_JINJA_OPENING = re.compile(r"{(?:%[-+]|{-|%\s*(?:set|macro|raw|call|import|from)\b)")

_RESPONSE_OPEN, _RESPONSE_CLOSE = "<Response>", "</Response>"
_NOT_MARKUP = re.compile(r"<!--.*?-->|<\?.*?\?>|{#.*?#}|{%.*?%}", re.S)
_FIRST_ELEMENT = re.compile(r"<([A-Za-z_][\w.:-]*)")


def is_template(text: str) -> bool:
    """Whether the text holds template syntax (`{{`, `{%` or `{#`)."""
    return "{{" in text or "{%" in text or "{#" in text


def language_of(filename: str | os.PathLike | None, text: str, setting: str = "auto") -> str | None:
    """"django", "jinja2", or None (plain FlexML): `setting` is `[tool.flexml] template` / --template."""
    if setting == "none" or not is_template(text):
        return None
    if setting in ("django", "jinja2"):
        return setting
    name = os.fspath(filename) if filename is not None else ""
    if name.endswith(JINJA_SUFFIXES) or _JINJA_OPENING.search(text) or "-%}" in text or "+%}" in text \
            or "-}}" in text:
        return "jinja2"
    return "django"


@dataclass
class Comment:
    """A template comment (`{# … #}`): where suppressions may be written."""
    content: str
    start: int
    end: int
    content_start: int


class _once:
    """functools.cached_property without the lock Python 3.11's takes on each first read (each of a
    template's renderings is made once per lint; made twice by two threads, it is the same)."""

    def __init__(self, function):
        self.function = function
        self.__doc__ = function.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.function(instance)
        return value


class _Part:
    """Nodes rendered together, and how: a settled template from its view (`structure`, see
    view.py); else piece by piece (see render.assemble): the template; the base with the child's
    blocks in place; or one block of a child whose base is not found."""

    def __init__(self, nodes: list, sources: list[str], structure: Structure | None = None, **how):
        self.nodes = nodes
        self.sources = sources     # the texts the nodes' offsets index (see render.assemble)
        self.structure = structure
        # Whether a choice's later alternative holds something (None: not known; see render.covering).
        self.branches = structure.branches if structure is not None else None
        self.how = how

    def rendering(self, choices: dict) -> Rendering:
        if self.structure is not None:
            return from_view(self.structure, self.sources[0], choices)
        return assemble(pieces(self.nodes, choices), self.sources, choices, **self.how)


class Renderings:
    """A template's renderings, made when first asked for. The engine lints `first`, renderings
    that together output every piece of text any rendering outputs; only to confirm what they found
    does it make `renderings`, every combination of the choices (or, beyond the bound, the same)."""

    def __init__(self, source: str, language: str, parts: list[_Part], syntax_errors: list, length: int,
                 balanced, comments: list | None = None, base: str | None = None,
                 base_root: str | None = None, extends: bool = False):
        self.source = source
        self.language = language
        self._parts = parts
        self._length = length            # characters of the template and its base
        self._balanced = balanced        # a function: see `balanced`
        self.syntax_errors = syntax_errors   # (start, end, message)
        self.comments = comments or []   # template comments, where suppressions may be written
        self.base = base                 # the base template's path, when extends found one
        self.base_root = base_root       # the name of the base's root element
        self.extends = extends           # the template extends another

    @_once
    def exhaustive(self) -> bool:
        """Whether every combination of choices is a rendering (see _within_bounds)."""
        return _within_bounds(sum(count(part.nodes) for part in self._parts), self._length)

    @_once
    def balanced(self) -> bool:
        """Whether every choice's alternatives open and close the same elements (render.balanced)."""
        return self.exhaustive or self._balanced()

    @_once
    def first(self) -> list[Rendering]:
        """Renderings that take every alternative holding something (`render.covering`): so they
        output every piece of text any rendering outputs, and a diagnostic that holds in every
        rendering showing its text is found in one of them."""
        return [part.rendering(choices) for part in self._parts for choices in covering(part.nodes, part.branches)]

    @_once
    def renderings(self) -> list[Rendering]:
        if not self.exhaustive:
            return self.first
        return [part.rendering(choices) for part in self._parts for choices in every_combination(part.nodes)]


def render_all(text: str, *, filename: str | os.PathLike | None = None, language: str | None = None,
               search_dirs=()) -> Renderings:
    """The template's renderings (see the module's docstring). `language`: None: as `language_of`
    decides in auto mode. `search_dirs`: where to look for an `extends` base after the template's
    own folder."""
    language = language or language_of(filename, text) or "django"
    errors: list = []
    structure = build(text, language, errors)
    if errors or structure.errors:
        # (Text a `{% comment %}` block holds is never printed: Django's unclosed `{{` there is harmless.)
        errors = sorted([e for e in errors if not any(s <= e[0] < t for s, t in structure.comments)]
                        + structure.errors)
    # Comments that end with their own `#}` (one never closed is FX003's, and no suppression: it runs
    # to the end of the text), without Jinja2's whitespace marks (`{#- ... -#}`).
    comments = [Comment(text[start + 2:end - 2].strip("-"), start, end, start + 2)
                for start, end in structure.comment_tags if end - start >= 4 and text.startswith("#}", end - 2)]
    if structure.extends_tag is not None:
        return _extended(text, structure, errors, comments, language, filename, search_dirs)
    part = _Part(structure.nodes, [text], structure if structure.settled else None)
    return Renderings(text, language, [part], errors, len(text),
                      lambda: balanced(structure, text), comments)


def _extended(text, structure: Structure, errors, comments, language, filename, search_dirs) -> Renderings:
    blocks = {node.name: node for node in _blocks(structure.nodes)}
    base_path = _find_base(structure.extends, filename, search_dirs)
    base_structure = base_text = None
    if base_path is not None:
        try:
            base_text = base_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError, ValueError):
            base_path = None
        else:
            base_errors: list = []
            base_structure = build(base_text, language, base_errors)
            if base_errors or base_structure.errors or base_structure.extends_tag is not None:
                base_path = None     # a broken base, or a chain of bases: each block on its own
    if base_path is not None:
        # The base with the child's blocks in place: the choices of both.
        part = _Part(substituted(base_structure.nodes, blocks), [base_text, text], whole=None, child=1)
        return Renderings(text, language, [part], errors, len(base_text) + len(text),
                          lambda: balanced(structure, text) and balanced(base_structure, base_text),
                          comments, str(base_path), _root_name(base_text), True)
    # No base: each block as the verbs of a <Response>.
    parts = [_Part(block.body, [text], prefix=_RESPONSE_OPEN, suffix=_RESPONSE_CLOSE) for block in blocks.values()]
    return Renderings(text, language, parts, errors, len(text), lambda: balanced(structure, text), comments,
                      extends=True)


def _within_bounds(renderings: int, length: int) -> bool:
    """Whether every combination is rendered: at most MAX_RENDERINGS of them, and at most
    MAX_RENDERED characters in all (64 renderings of a 15 KB template, 10 of a 100 KB one), so a
    long template's diagnostics stay quick in the editor."""
    return renderings <= MAX_RENDERINGS and renderings * length <= MAX_RENDERED


def _blocks(nodes: list) -> list[Block]:
    """The template's outermost blocks (a block inside another renders with it)."""
    found = []
    for node in nodes:
        if isinstance(node, Block):
            found.append(node)
        elif hasattr(node, "alternatives"):
            for alternative in node.alternatives:
                found.extend(_blocks(alternative))
    return found


def _find_base(name: str | None, filename, search_dirs) -> Path | None:
    if not name:
        return None
    places = []
    if filename is not None:
        places.append(Path(os.fspath(filename)).parent)
    places.extend(Path(os.fspath(each)) for each in search_dirs)
    for place in places:
        candidate = place / name
        if candidate.is_file():
            return candidate
    return None


def editor_view(text: str, *, filename: str | os.PathLike | None = None, language: str | None = None) -> str:
    """The template as the editor's features read it (completion, hover, symbols, links): every
    literal text of every alternative kept in place, template syntax blanked, unknown values and
    content as MARK. Same length as the template, so offsets (and lines) are the template's."""
    language = language or language_of(filename, text) or "django"
    tokens, _ = tokenize(text, language)
    parts = []
    for token in tokens:
        if token.kind == "text":
            parts.append(text[token.start:token.end])
        elif token.kind == "var":
            parts.append(marked(text[token.start:token.end]))
        else:
            parts.append(blanked(text[token.start:token.end]))
    view = "".join(parts)
    return view + blanked(text[len(view):])


def in_template_syntax(text: str, offset: int, *, filename: str | os.PathLike | None = None,
                       language: str | None = None) -> bool:
    """Whether `offset` lies inside a `{{ }}`, `{% %}` or `{# #}` (after its first character, before
    its last): where the editor offers nothing of FlexML."""
    language = language or language_of(filename, text) or "django"
    tokens, _ = tokenize(text, language)
    for token in tokens:
        if token.start < offset < token.end:
            return token.kind not in ("text", "strip")
        if token.start >= offset:
            break
    return False


_EXTENDS = re.compile(r"""{%-?\s*extends\s+(["'])([^"']+)\1""")


def base_root(text: str, *, filename: str | os.PathLike | None = None, search_dirs=()) -> str | None:
    """The root element's name of the base template `text` extends (None: it extends none, or the
    base is not found): whether a template with no root of its own is FlexML."""
    found = _EXTENDS.search(text)
    base = _find_base(found.group(2), filename, search_dirs) if found else None
    if base is None:
        return None
    try:
        return _root_of(str(base), base.stat().st_mtime_ns)
    except OSError:
        return None


@lru_cache(maxsize=256)
def _root_of(path: str, stamp: int) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return _root_name(text)


def _root_name(text: str) -> str | None:
    """The name of a template's first element, template syntax, comments and declarations aside."""
    root = _FIRST_ELEMENT.search(_NOT_MARKUP.sub("", text))
    return root.group(1) if root else None
