"""Tokens -> the template's block structure, with syntax errors at the exact tag, and its view.

Built-in tags of both languages are matched here (the engines' parsers need the app's tag
libraries). What each construct means to the linter, as the nodes of the structure:

- Literal text, output as is (also `verbatim`/`raw` bodies): `(start, end, LIT)`.
- A hole, an unknown value or unknown content (`{{ }}`, `include`, `url`, `trans`, `blocktrans`,
  `{% call %}` blocks, and any tag this module does not know, which may output something):
  `(start, end, DYN)`.
- A `Choice` between alternatives, one of which renders (`if/elif/else`, an `if` without `else`
  may render nothing; `for … empty/else`: the body once, or the `empty`/`else` part; Django's
  `ifchanged`).
- A `Block` (`{% block %}`): its body in place, kept for `extends`.
- Template syntax that outputs nothing (`{# #}`, `{% comment %}` blocks, macro definitions, `set`,
  `load`, `csrf_token`, `extends`, and the tags of every block) is no node: a rendering blanks
  whatever no node outputs.
- `with`, `spaceless`, `autoescape`, `filter`, a `for` without `empty`/`else`, and an unknown tag
  with a matching `end…` tag: their body in place.

The tokens are read once, in order (`_Reader`: each block tag opens, splits or closes a frame on a
stack), and the view (see view.py) is written as they are.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from .lexer import BLOCK, COMMENT, DJANGO_TAG, TEXT, VAR, Token, new_token, unclosed_on_their_line
from .lexer import tokens
from .view import View

LIT, DYN = "literal", "dynamic"


@dataclass(eq=False)
class Choice:
    """One of `alternatives` renders (an empty list: nothing). `tag` is where the construct opens."""
    tag: Token
    alternatives: list[list] = field(default_factory=list)
    spans: list = field(default_factory=list)   # each alternative's source range (start, end)
    state: str = "content"                       # the XML state it starts in (see view.py)


@dataclass
class Block:
    """`{% block name %}` … `{% endblock %}`: its body in place; kept for `extends`."""
    name: str
    tag: Token
    body: list
    end_tag: Token | None
    origin: int | None = None   # a child's block in its base's place: 1 (the child's text); else as around it


@dataclass
class Structure:
    nodes: list
    errors: list            # (start, end, message)
    extends: str | None     # the base template's name when `{% extends "…" %}` names one literally
    extends_tag: Token | None = None
    comments: list = field(default_factory=list)   # (start, end) of `{% comment %}` blocks
    comment_tags: list = field(default_factory=list)   # (start, end) of `{# … #}`: where suppressions are
    view: str = ""           # see view.py
    settled: bool = False    # whether `view` gives every rendering (see view.py)
    choices: list = field(default_factory=list)    # every Choice that renders
    branches: bool = False   # whether a choice's later alternative (an `else`…) holds something


# Tag -> its end tag and the tags that split it into alternatives (None: body in place).
_CHOICES = {"if": ("endif", ("elif", "else")), "ifchanged": ("endifchanged", ("else",)),
            "for": ("endfor", ("empty",))}
_JINJA_CHOICES = {"if": ("endif", ("elif", "else")), "for": ("endfor", ("else",))}
_CONTAINERS = {"with": "endwith", "spaceless": "endspaceless", "autoescape": "endautoescape",
               "filter": "endfilter", "block": "endblock"}
# Blocks that output nothing, or something unknown, as a whole.
_SILENT_BLOCKS = {"comment": "endcomment", "macro": "endmacro"}
_HOLE_BLOCKS = {"call": "endcall", "blocktrans": "endblocktrans", "blocktranslate": "endblocktranslate",
                "trans": "endtrans"}
# Single tags that output nothing.
_SILENT = {"load", "csrf_token", "extends", "import", "from", "do", "break", "continue", "resetcycle",
           "regroup", "debug", "endverbatim", "endraw"}
# Single tags that output something unknown (any tag not known at all is taken as one too).
_HOLES = {"include", "url", "trans", "translate", "cycle", "firstof", "now", "static", "lorem",
          "templatetag", "widthratio", "querystring", "csrf_input"}
# Tags that only split a block (outside one: stray).
_SPLITTERS = {"elif", "else", "empty", "plural", "pluralize"}

# Deeper nesting is reported, not read: both engines' parsers recurse once per block (and give up
# some hundreds of levels down), and so do the walks over the structure.
MAX_DEPTH = 100

# What a frame (a block tag waiting for its end) does with its body.
_CHOICE, _BLOCK, _IN_PLACE, _SILENT_BODY, _HOLE_BODY = range(5)


class _TooDeep(Exception):
    pass



def build(source: str, language: str, errors: list) -> Structure:
    """The structure of a template (unclosed and stray tags reported, then ignored), and its view
    (see view.py). `errors`: where the tokens' syntax errors go (see lexer.tokens)."""
    reader = _Reader(language, source)
    try:
        if language == "django":
            reader.read_django(errors)
        else:
            reader.read(list(tokens(source, language, errors)))
    except _TooDeep as deep:
        start, end, name = deep.args
        return Structure([], [(start, end, f"`{{% {name} %}}` is nested more than {MAX_DEPTH} blocks deep: too "
                                           f"deep to check (and for the template engine)")], None)
    return Structure(reader.root, reader.errors, reader.extends, reader.extends_tag, reader.comments,
                     reader.comment_tags, reader.view.finish(), reader.view.settled, reader.choices,
                     any(any(choice.alternatives[1:]) for choice in reader.choices))


class _Frame:
    """A block tag waiting for its end tag, and what it has read so far."""

    __slots__ = ("kind", "tag", "end", "splitters", "nodes", "alternatives", "spans", "started", "has_else",
                 "written")

    def __init__(self, kind: int, tag: Token, end: str, splitters: tuple = (), started: str = "",
                 written: tuple | None = None):
        self.kind = kind
        self.tag = tag
        self.end = end                 # the end tag's name
        self.splitters = splitters     # the tags that start its next alternative
        self.nodes: list = []          # the nodes of its body (of a choice: of its current alternative)
        self.alternatives = [self.nodes]
        self.spans = [[tag.end, tag.end]]   # a choice's alternatives' source ranges
        self.started = started         # a choice: the XML state it starts in
        self.has_else = False
        self.written = written         # a silent or hole block: the view before it (see View.checkpoint)


class _Reader:
    def __init__(self, language: str, source: str):
        self.language = language
        self.tokens: list = []         # Jinja2's (what `enders` reads)
        self.source = source
        self.choice_tags = _CHOICES if language == "django" else _JINJA_CHOICES
        self.view = View(source)
        self.root: list = []
        self.nodes = self.root         # where the next node goes
        self.stack: list[_Frame] = []  # open blocks, innermost last
        self.errors: list = []
        self.extends: str | None = None
        self.extends_tag: Token | None = None
        self.comments: list = []
        self.comment_tags: list = []
        self.choices: list[Choice] = []
        self._enders: set | None = None

    def read(self, tokens: list[tuple]) -> None:
        """Read the tokens (see lexer.tokens)."""
        self.tokens = tokens
        view = self.view
        source, parts, since = self.source, view.parts, view.since
        nodes = self.nodes
        for kind, start, end, content, name in tokens:
            if kind == TEXT:
                nodes.append((start, end, LIT))
                # (View.literal, written out: the most frequent token)
                if start > view.pos:
                    view.gap(start)
                piece = source[start:end]
                parts.append(piece)
                since.append(piece)
                view.pos = end
            elif kind == VAR:
                nodes.append((start, end, DYN))
                view.hole(start, end)
            elif kind == BLOCK:
                if name:   # (`{% %}`: what a tag holds is the engine's to judge, see FX003)
                    self.tag(start, end, content, name)
                    nodes = self.nodes
            elif kind == COMMENT:
                self.comment_tags.append((start, end))
            # (Jinja2's stripped whitespace outputs nothing)
        while self.stack:
            self.close(None)

    def read_django(self, errors: list) -> None:
        """Read a Django template: `read` with the tokens of lexer.tokens made in place (the same
        parts of `DJANGO_TAG.split`, the same rules), as the parts are split: the hot loop of a
        template's lint (a test holds both to the same tokens)."""
        view = self.view
        source, parts, since = self.source, view.parts, view.since
        nodes = self.nodes
        pos = 0
        is_tag = True     # (the parts alternate: text, tag, text, tag…, text)
        verbatim = None   # in a `{% verbatim %}` block: its end tag, and where its body starts
        for part in DJANGO_TAG.split(source):
            start = pos
            pos += len(part)
            is_tag = not is_tag
            if not is_tag:
                if part and verbatim is None:
                    nodes.append((start, pos, LIT))
                    # (View.literal, written out: the most frequent token)
                    if start > view.pos:
                        view.gap(start)
                    parts.append(part)
                    since.append(part)
                    view.pos = pos
                    if "{" in part:
                        unclosed_on_their_line(part, start, errors)
                continue
            kind = part[1]
            content = part[2:-2].strip() if kind == "%" else ""
            if verbatim is not None:
                if content == verbatim[0]:   # its end: the body is text
                    if verbatim[1] < start:
                        nodes.append((verbatim[1], start, LIT))
                        view.literal(verbatim[1], start)
                    verbatim = None
                    self.tag(start, pos, content, content.split(None, 1)[0])
                    nodes = self.nodes
            elif kind == "{":
                nodes.append((start, pos, DYN))
                view.hole(start, pos)
            elif kind == "#":
                self.comment_tags.append((start, pos))
            elif content:   # (`{% %}`: what a tag holds is the engine's to judge, see FX003)
                name = content.split(None, 1)[0]
                self.tag(start, pos, content, name)
                nodes = self.nodes
                if name == "verbatim":
                    verbatim = ("end" + content, pos)
        if verbatim is not None and verbatim[1] < len(source):
            nodes.append((verbatim[1], len(source), LIT))
            view.literal(verbatim[1], len(source))
        while self.stack:
            self.close(None)

    def tag(self, start: int, end: int, content: str, name: str) -> None:
        frame = self.stack[-1] if self.stack else None
        if frame is not None and name == frame.end:
            self.close((start, end, content, name))
        elif frame is not None and name in frame.splitters:
            self.split(frame, start, end, name)
        elif name[:3] == "end" or name in _SPLITTERS:
            if any(each.end == name for each in self.stack):
                while self.stack[-1].end != name:
                    self.close(None)   # closed by an outer block's end: reported unclosed
                self.close((start, end, content, name))
            else:
                self.errors.append((start, end, _stray(name)))
        else:
            self.open(start, end, content, name)

    def open(self, start: int, end: int, content: str, name: str) -> None:
        """A block tag that is no end or splitter: a block opens, or a single tag."""
        if len(self.stack) >= MAX_DEPTH:
            raise _TooDeep(start, end, name)
        # Single tags first (the most frequent: `load`, `url`…).
        if name in _SILENT and name != "extends":
            return
        if name in _HOLES and (name not in _HOLE_BLOCKS or self.language == "django"):
            if not _assigns(content, name):
                self.nodes.append((start, end, DYN))
                self.view.hole(start, end)
            return
        tag = new_token(BLOCK, start, end, content, name)
        choice = self.choice_tags.get(name)
        if choice is not None:
            self.push(_Frame(_CHOICE, tag, choice[0], choice[1], self.view.now()))
        elif name == "block":
            self.push(_Frame(_BLOCK, tag, "endblock"))
        elif name in _CONTAINERS or (name not in _SILENT_BLOCKS and name not in _HOLE_BLOCKS
                                     and name not in ("verbatim", "raw", "set") and name not in _SILENT
                                     and name not in _HOLES and "end" + name in self.enders()):
            self.push(_Frame(_IN_PLACE, tag, _CONTAINERS.get(name, "end" + name)))
        elif name in ("verbatim", "raw"):
            # The lexer made the body text: it ends at the matching end tag.
            self.push(_Frame(_IN_PLACE, tag, "end" + name))
        elif name in _SILENT_BLOCKS or (name == "set" and "=" not in tag.args):
            self.push(_Frame(_SILENT_BODY, tag, _SILENT_BLOCKS.get(name, "endset"), written=self.checkpoint()))
        elif name in _HOLE_BLOCKS and not (name == "trans" and self.language == "django"):
            self.push(_Frame(_HOLE_BODY, tag, _HOLE_BLOCKS[name], written=self.checkpoint()))
        elif name == "extends":
            self.extends_tag = tag
            literal = tag.args.strip()
            if len(literal) >= 2 and literal[0] == literal[-1] and literal[0] in "'\"":
                self.extends = literal[1:-1]
        elif not (name == "set" or _assigns(content, name)):
            self.nodes.append((tag.start, tag.end, DYN))
            self.view.hole(tag.start, tag.end)

    def push(self, frame: _Frame) -> None:
        self.stack.append(frame)
        self.nodes = frame.nodes

    def split(self, frame: _Frame, start: int, end: int, name: str) -> None:
        """if/elif/else, ifchanged/else, for/empty/else: the next alternative."""
        opener = frame.tag.name
        if frame.has_else or (opener == "for" and len(frame.alternatives) > 1) or (name == "elif" and opener != "if"):
            self.errors.append((start, end, f"`{{% {name} %}}` cannot follow "
                                            f"`{{% {'else' if frame.has_else else name} %}}` here"))
        frame.has_else = frame.has_else or name in ("else", "empty")
        frame.spans[-1][1] = start
        self.view.alternative_ends(frame.started)
        frame.nodes = []
        frame.alternatives.append(frame.nodes)
        frame.spans.append([end, end])
        self.nodes = frame.nodes

    def close(self, end_tag: tuple | None) -> None:
        """The innermost block ends at `end_tag` (start, end, content, name); None: it is never
        closed, reported."""
        frame = self.stack.pop()
        self.nodes = self.stack[-1].nodes if self.stack else self.root
        tag = frame.tag
        if end_tag is None:
            self.errors.append((tag.start, tag.end, f"`{{% {tag.name} %}}` is never closed (`{{% {frame.end} %}}`)"))
        kind = frame.kind
        if kind == _CHOICE:
            frame.spans[-1][1] = end_tag[0] if end_tag is not None else len(self.source)
            if tag.name == "for" and len(frame.alternatives) == 1:
                self.nodes.extend(frame.nodes)   # the body once, in place
                return
            self.view.alternative_ends(frame.started)
            if not frame.has_else:
                frame.alternatives.append([])    # nothing renders
                frame.spans.append([frame.spans[-1][1]] * 2)
            choice = Choice(tag, frame.alternatives, frame.spans, frame.started)
            self.choices.append(choice)
            self.nodes.append(choice)
        elif kind == _BLOCK:
            words = tag.args.split()
            self.nodes.append(Block(words[0] if words else "", tag, frame.nodes,
                                    None if end_tag is None else new_token(BLOCK, *end_tag)))
        elif kind == _IN_PLACE:
            self.nodes.extend(frame.nodes)
        else:
            self.restore(frame.written)   # (a silent body outputs nothing; a hole block is one unknown piece)
            if kind == _HOLE_BODY:
                end = end_tag[1] if end_tag is not None else tag.end
                self.nodes.append((tag.start, end, DYN))
                self.view.hole(tag.start, end)
            elif tag.name == "comment" and end_tag is not None:
                self.comments.append((tag.end, end_tag[0]))

    def checkpoint(self) -> tuple:
        return self.view.checkpoint(), len(self.choices)

    def restore(self, checkpoint: tuple) -> None:
        self.view.restore(checkpoint[0])
        del self.choices[checkpoint[1]:]

    def enders(self) -> set[str]:
        """The `end…` tags the template holds (an unknown tag with one is a block)."""
        if self._enders is None:
            # (A Django template's tokens were never listed: made again, as rarely as this is asked.)
            listed = self.tokens if self.language != "django" else tokens(self.source, "django", [])
            self._enders = {name for kind, _, _, _, name in listed if kind == BLOCK and name.startswith("end")}
        return self._enders


def _assigns(content: str, name: str) -> bool:
    """`{% url 'x' as y %}`, `{% trans "x" as y %}`…: the output goes to a variable."""
    words = content.split()
    return len(words) >= 3 and words[-2] == "as" and name != "with"


def _stray(name: str) -> str:
    if name.startswith("end"):
        return f"`{{% {name} %}}` closes no open `{{% {name[3:]} %}}`"
    return f"`{{% {name} %}}` is outside any block it could belong to"
