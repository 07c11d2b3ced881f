"""Tokens -> the template's block structure, with syntax errors at the exact tag.

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
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .lexer import BLOCK, TEXT, VAR, Token

LIT, DYN = "literal", "dynamic"


@dataclass(eq=False)
class Choice:
    """One of `alternatives` renders (an empty list: nothing). `tag` is where the construct opens."""
    tag: Token
    alternatives: list[list] = field(default_factory=list)


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


# Deeper nesting is reported, not read: both engines' parsers recurse once per block (and give up
# some hundreds of levels down), and so does everything here.
MAX_DEPTH = 100


class _TooDeep(Exception):
    pass


def build(tokens: list[Token], language: str) -> Structure:
    """The structure of a tokenized template (unclosed and stray tags reported, then ignored)."""
    enders = _enders(tokens)
    parser = _Parser(tokens, language, enders)
    try:
        nodes = parser.sequence(())
    except _TooDeep as deep:
        token = deep.args[0]
        return Structure([], [(token.start, token.end, f"`{{% {token.name} %}}` is nested more than {MAX_DEPTH} "
                                                       f"blocks deep: too deep to check (and for the template engine)")],
                         None, None)
    return Structure(nodes, parser.errors, parser.extends, parser.extends_tag, parser.comments)


def _enders(tokens: list[Token]) -> set[str]:
    """The `end…` tags the template holds (an unknown tag with one is a block)."""
    return {token.name for token in tokens if token.kind == BLOCK and token.name.startswith("end")}


class _Parser:
    def __init__(self, tokens: list[Token], language: str, enders: set[str]):
        self.tokens = tokens
        self.language = language
        self.enders = enders
        self.pos = 0
        self.errors: list = []
        self.extends: str | None = None
        self.extends_tag: Token | None = None
        self.open: list[str] = []      # end tags awaited, innermost last
        self.comments: list = []

    def sequence(self, stop: tuple[str, ...]) -> list:
        """Nodes up to (not including) a block tag named in `stop`, or the end."""
        nodes: list = []
        tokens = self.tokens
        while self.pos < len(tokens):
            token = tokens[self.pos]
            kind = token.kind
            if kind == TEXT:
                nodes.append((token.start, token.end, LIT))
            elif kind == VAR:
                nodes.append((token.start, token.end, DYN))
            elif kind == BLOCK:
                name = token.name
                if name in stop:
                    return nodes
                if not name:   # (`{% %}`: what a tag holds is the engine's to judge, see FX003)
                    pass
                elif name in self.open or name.startswith("end") \
                        or name in ("elif", "else", "empty", "plural", "pluralize"):
                    if name in self.open:
                        return nodes  # closes an outer block: the inner one is reported unclosed
                    self.errors.append((token.start, token.end, _stray(token)))
                else:
                    self.pos += 1
                    nodes.extend(self.construct(token))
                    continue
            self.pos += 1   # (comments and Jinja2's stripped whitespace output nothing)
        return nodes

    def construct(self, token: Token) -> list:
        """The nodes a block tag opens (the tag itself already consumed)."""
        if len(self.open) >= MAX_DEPTH:
            raise _TooDeep(token)
        name = token.name
        choices = _CHOICES if self.language == "django" else _JINJA_CHOICES
        if name in choices:
            end, splitters = choices[name]
            return self.choice(token, end, splitters)
        if name == "block":
            body, end_tag = self.body(token, "endblock")
            block_name = token.args.split()[0] if token.args.split() else ""
            return [Block(block_name, token, body, end_tag)]
        if name in _CONTAINERS or (name not in _SILENT_BLOCKS and name not in _HOLE_BLOCKS
                                   and name not in ("verbatim", "raw", "set") and name not in _SILENT
                                   and name not in _HOLES and "end" + name in self.enders):
            return self.body(token, _CONTAINERS.get(name, "end" + name))[0]
        if name in ("verbatim", "raw"):
            # The lexer made the body text: it ends at the matching end tag.
            return self.body(token, "endverbatim" if name == "verbatim" else "endraw")[0]
        if name in _SILENT_BLOCKS or (name == "set" and "=" not in token.args):
            _, end_tag = self.body(token, _SILENT_BLOCKS.get(name, "endset"))
            if name == "comment" and end_tag is not None:
                self.comments.append((token.end, end_tag.start))
            return []
        if name in _HOLE_BLOCKS and not (name == "trans" and self.language == "django"):
            _, end_tag = self.body(token, _HOLE_BLOCKS[name])
            return [(token.start, end_tag.end if end_tag else token.end, DYN)]
        if name == "extends":
            self.extends_tag = token
            literal = token.args.strip()
            if len(literal) >= 2 and literal[0] == literal[-1] and literal[0] in "'\"":
                self.extends = literal[1:-1]
            return []
        if name in _SILENT or name == "set" or _assigns(token):
            return []
        return [(token.start, token.end, DYN)]

    def body(self, token: Token, end: str) -> tuple[list, Token | None]:
        """The nodes up to `end` and that end tag (None, reported, when it never comes)."""
        self.open.append(end)
        body = self.sequence((end,))
        self.open.pop()
        return body, self.close(token, end)

    def close(self, token: Token, end: str) -> Token | None:
        if self.pos < len(self.tokens) and self.tokens[self.pos].kind == BLOCK and self.tokens[self.pos].name == end:
            self.pos += 1
            return self.tokens[self.pos - 1]
        self.errors.append((token.start, token.end, f"`{{% {token.name} %}}` is never closed (`{{% {end} %}}`)"))
        return None

    def choice(self, token: Token, end: str, splitters: tuple[str, ...]) -> list:
        """if/elif/else, ifchanged/else, for/empty/else."""
        self.open.append(end)
        alternatives = [self.sequence((end, *splitters))]
        has_else = False
        while self.pos < len(self.tokens) and self.tokens[self.pos].kind == BLOCK \
                and self.tokens[self.pos].name in splitters:
            split = self.tokens[self.pos]
            if has_else or (token.name == "for" and len(alternatives) > 1) or \
                    (split.name == "elif" and token.name != "if"):
                self.errors.append((split.start, split.end, f"`{{% {split.name} %}}` cannot follow "
                                    f"`{{% {'else' if has_else else split.name} %}}` here"))
            has_else = has_else or split.name in ("else", "empty")
            self.pos += 1
            alternatives.append(self.sequence((end, *splitters)))
        self.open.pop()
        self.close(token, end)
        if token.name == "for" and len(alternatives) == 1:
            return alternatives[0]                             # the body once, in place
        if not has_else:
            alternatives.append([])                            # nothing renders
        return [Choice(token, alternatives)]


def _assigns(token: Token) -> bool:
    """`{% url 'x' as y %}`, `{% trans "x" as y %}`…: the output goes to a variable."""
    words = token.args.split()
    return len(words) >= 2 and words[-2] == "as" and token.name not in ("with",)


def _stray(token: Token) -> str:
    name = token.name
    if name.startswith("end"):
        return f"`{{% {name} %}}` closes no open `{{% {name[3:]} %}}`"
    return f"`{{% {name} %}}` is outside any block it could belong to"
