"""Template text -> tokens with absolute offsets, one tokenizer per language.

Neither engine's own lexer serves: Jinja2's gives lines without columns and rewrites whitespace;
Django's exact offsets come with its parser, which needs the app's tag libraries. So each language's
delimiters are found here by its own rules:

- Django: a tag is `{% … %}`, `{{ … }}` or `{# … #}` on one line (django.template.base.tag_re has
  no DOTALL: a tag split over lines is printed as text; here it is a syntax error, since it is never
  what the author meant). `{% verbatim %}` … `{% endverbatim %}` is text.
- Jinja2: tags may span lines; `{%-`/`-%}` (and `{{-`, `{#-`…) strip the whitespace beside them,
  `+` keeps it; strings inside a tag may hold the closing delimiter; `{% raw %}` … `{% endraw %}`
  is text.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, NamedTuple

TEXT, VAR, BLOCK, COMMENT, STRIP = "text", "var", "block", "comment", "strip"
DJANGO_TAG = re.compile(r"({%.*?%}|{{.*?}}|{#.*?#})")
_OPENERS = re.compile(r"{[{%#]")
_JINJA_RAW = re.compile(r"{%[-+]?\s*raw\s*[-+]?%}")
_JINJA_ENDRAW = re.compile(r"{%[-+]?\s*endraw\s*[-+]?%}")
_CLOSERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_KINDS = {"{{": VAR, "{%": BLOCK, "{#": COMMENT}


class Token(NamedTuple):
    kind: str          # TEXT, VAR, BLOCK, COMMENT; STRIP: whitespace a Jinja2 `-` removes
    start: int
    end: int
    content: str       # between the delimiters (and whitespace-control signs), stripped
    name: str = ""     # a block tag's name (`if`, `endfor`…)

    @property
    def args(self) -> str:
        parts = self.content.split(None, 1)
        return parts[1] if len(parts) > 1 else ""


# (A named tuple's own constructor is a Python function: made once per token, tuple's is cheaper.)
_new = tuple.__new__


def new_token(kind: str, start: int, end: int, content: str, name: str) -> Token:
    return _new(Token, (kind, start, end, content, name))


def _tag(kind: str, start: int, end: int, content: str) -> Token:
    return _new(Token, (kind, start, end, content, content.split(None, 1)[0] if kind == BLOCK and content else ""))


def tokens(text: str, language: str, errors: list) -> Iterable[tuple]:
    """The tokens covering the text in order, as plain (kind, start, end, content, name) tuples;
    syntax errors as (start, end, message) are added to `errors`. (The linter reads a Django
    template's tokens as it splits the text: structure._Reader.read_django.)"""
    return _django(text, errors) if language == "django" else _jinja(text, errors)


def tokenize(text: str, language: str) -> tuple[list[Token], list[tuple[int, int, str]]]:
    """(tokens covering the text in order, syntax errors as (start, end, message))."""
    errors: list = []
    return [_new(Token, token) for token in tokens(text, language, errors)], errors


def _django(text: str, errors: list) -> Iterator[tuple]:
    pos = 0
    is_tag = True     # (the parts alternate: text, tag, text, tag…, text)
    verbatim = None   # the end tag that closes the verbatim block we are in, and where its body starts
    # (Split in C into text, tag, text, tag…: one pass in Python over the parts, none per match.)
    for part in DJANGO_TAG.split(text):
        start = pos
        pos += len(part)
        is_tag = not is_tag
        if not is_tag:
            if part and verbatim is None:
                yield TEXT, start, pos, "", ""
                if "{" in part:
                    unclosed_on_their_line(part, start, errors)
            continue
        if verbatim is None and part[1] != "%":
            yield _KINDS[part[:2]], start, pos, "", ""   # (what a `{{ }}` or `{# #}` holds: read where needed)
            continue
        content = part[2:-2].strip()
        if verbatim is not None:
            if part[1] == "%" and content == verbatim[0]:
                if verbatim[1] < start:
                    yield TEXT, verbatim[1], start, "", ""
                yield BLOCK, start, pos, content, content.split(None, 1)[0]
                verbatim = None
            continue
        name = content.split(None, 1)[0] if content else ""
        yield BLOCK, start, pos, content, name
        if name == "verbatim":
            verbatim = ("end" + content, pos)
    if verbatim is not None and verbatim[1] < len(text):
        yield TEXT, verbatim[1], len(text), "", ""


def unclosed_on_their_line(part: str, offset: int, errors: list) -> None:
    """Django: an opening delimiter in text did not close on its line, and is printed as text."""
    for opener in _OPENERS.finditer(part):
        errors.append((offset + opener.start(), offset + opener.end(),
                       f"`{opener.group(0)}` is not closed on its line: Django does not let a tag span lines, so "
                       f"it is printed as text"))


def _jinja(text: str, errors: list) -> list[Token]:
    tokens: list[Token] = []
    n = len(text)
    pos = 0
    while pos < n:
        opener = _OPENERS.search(text, pos)
        if opener is None:
            _append_text(tokens, pos, n)
            break
        start = opener.start()
        delimiter = opener.group(0)
        raw = _JINJA_RAW.match(text, start) if delimiter == "{%" else None
        if raw is not None:
            _append_text(tokens, pos, start, strip_right=text[start + 2:start + 3] == "-", text=text)
            closing = _JINJA_ENDRAW.search(text, raw.end())
            if closing is None:
                errors.append((start, raw.end(), "`{% raw %}` is never closed (`{% endraw %}`)"))
                tokens.append(_tag(BLOCK, start, raw.end(), "raw"))
                _append_text(tokens, raw.end(), n)
                return tokens
            tokens.append(_tag(BLOCK, start, raw.end(), "raw"))
            _append_text(tokens, raw.end(), closing.start())
            tokens.append(_tag(BLOCK, closing.start(), closing.end(), "endraw"))
            pos = closing.end()
            pos = _strip_after(text, tokens, pos, closing.group(0))
            continue
        end = _jinja_end(text, start + 2, _CLOSERS[delimiter], delimiter == "{#")
        strip_left = text[start + 2:start + 3] == "-"
        _append_text(tokens, pos, start, strip_right=strip_left, text=text)
        if end < 0:
            errors.append((start, start + 2, f"`{delimiter}` is never closed (`{_CLOSERS[delimiter]}`)"))
            tokens.append(Token(COMMENT, start, n, ""))   # (reported: the rest is not read)
            return tokens
        raw_tag = text[start:end]
        inner = raw_tag[2:-2]
        if inner[:1] in "-+":
            inner = inner[1:]
        if inner[-1:] in "-+" and not (delimiter == "{#" and inner.endswith("--")):
            inner = inner[:-1]
        tokens.append(_tag(_KINDS[delimiter], start, end, inner.strip()))
        pos = _strip_after(text, tokens, end, raw_tag)
    return tokens


def _jinja_end(text: str, pos: int, closer: str, comment: bool) -> int:
    """The offset just past the tag's closing delimiter (strings in an expression may hold it), or -1."""
    if comment:
        found = text.find(closer, pos)
        return -1 if found < 0 else found + 2
    n = len(text)
    while pos < n:
        char = text[pos]
        if char in "'\"":
            close = text.find(char, pos + 1)
            while close > 0 and text[close - 1] == "\\":
                close = text.find(char, close + 1)
            if close < 0:
                return -1
            pos = close + 1
            continue
        if text.startswith(closer, pos):
            return pos + 2
        pos += 1
    return -1


def _append_text(tokens: list, start: int, end: int, strip_right: bool = False, text: str = "") -> None:
    if end <= start:
        return
    if strip_right:
        kept = end
        while kept > start and text[kept - 1].isspace():
            kept -= 1
        if kept > start:
            tokens.append(Token(TEXT, start, kept, ""))
        if kept < end:
            tokens.append(Token(STRIP, kept, end, ""))
        return
    tokens.append(Token(TEXT, start, end, ""))


def _strip_after(text: str, tokens: list, pos: int, raw_tag: str) -> int:
    """After a tag ending `-%}` (`-}}`, `-#}`): the whitespace that follows is stripped."""
    if raw_tag[-3:-2] != "-":
        return pos
    end = pos
    while end < len(text) and text[end].isspace():
        end += 1
    if end > pos:
        tokens.append(Token(STRIP, pos, end, ""))
    return end
