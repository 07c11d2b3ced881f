"""The template's text as the XML parser reads it, written while the structure is read.

`View` is written by `structure._Reader` as it meets each piece of the template, in order: literal
text as written, unknown values and content as MARK (line breaks kept; a hole standing alone in a
start tag as one attribute with a dynamic name), and everything between them (template syntax) as
blanks, or as PAD inside an attribute value (the parser leaves PAD out of the value). Every
alternative of every choice is written in place, each from the XML state its choice starts in. So
the view has the template's length, and a rendering is the view with the alternatives it does not
take blanked (`rendering_text`): one slice and join, where `render.assemble` writes each piece.

That holds while every choice is *settled*: each alternative ends in the XML state it started in
(`{% if %}<Say/>{% endif %}` between elements, `voice="{% if f %}woman{% else %}man{% endif %}"`
inside a value). Otherwise (`{% if a %}<Say loop="2"{% else %}<Say{% endif %}>`) what follows
depends on the alternative taken, and the renderings are assembled piece by piece
(`render.assemble`, which the tests compare with the view's renderings).
"""
from __future__ import annotations

import re

from ..dynamic import MARK, PAD

_QUOTES = ('"', "'")
_QUOTE = re.compile("[\"']")
_EMPTY_VALUE = '=""'
_NOT_BEFORE_ATTRIBUTES = frozenset('"\'>')   # (what most holes follow: no hole standing alone, see standalone)


class View:
    """The view being written (see the module's docstring). `literal`, `hole`: the next piece;
    whatever lies between the pieces is filled (`gap`). `checkpoint`/`restore`: a block that
    outputs nothing, or one unknown piece, is written again from where it started."""

    def __init__(self, source: str):
        self.source = source
        self.parts: list[str] = []
        self.pos = 0                # the source offset written up to
        self.state = "content"      # the XML state after the text written, up to `since`
        self.since: list[str] = []  # literal text written since `state` was worked out
        self.settled = True         # see the module's docstring

    def literal(self, start: int, end: int) -> None:
        if start > self.pos:
            self.gap(start)
        piece = self.source[start:end]
        self.parts.append(piece)
        self.since.append(piece)   # (the same list object throughout: see now)
        self.pos = end

    def hole(self, start: int, end: int) -> None:
        if start > self.pos:
            self.gap(start)
        source = self.source
        piece = marked(source[start:end])
        if end - start >= 5:
            before = self.parts[-1][-1:] if self.parts else ""
            if before not in _NOT_BEFORE_ATTRIBUTES and standalone(before, source, start, end) and self.now() == "tag":
                piece = as_attributes(piece, before)
        self.parts.append(piece)
        self.pos = end

    def gap(self, start: int) -> None:
        self.parts.append(filled(self.source[self.pos:start], self.now()))
        self.pos = start

    def now(self) -> str:
        """The XML state at the end of what is written."""
        since = self.since
        if since:
            self.state = state_after(self.state, since[0] if len(since) == 1 else "".join(since))
            since.clear()
        return self.state

    def checkpoint(self) -> tuple:
        return len(self.parts), self.pos, self.now()

    def restore(self, checkpoint: tuple) -> None:
        parts, self.pos, self.state = checkpoint
        del self.parts[parts:]
        self.since.clear()

    def alternative_ends(self, started: str) -> None:
        """An alternative of a choice that started in state `started` ends here: the next starts
        there too."""
        if self.now() != started:
            self.settled = False
        self.state = started

    def finish(self) -> str:
        end = len(self.source)
        if end > self.pos:
            self.gap(end)
        return "".join(self.parts)


def rendering_text(view: str, source: str, choices_made: list, taken: dict) -> str:
    """A settled view's rendering: each alternative not taken (of a choice that renders) blanked,
    as the choice's state wants. `choices_made`: every choice, with `spans` (each alternative's
    source range) and `state` (the state it starts in)."""
    blanks = sorted((start, end, choice.state) for choice in choices_made
                    for index, (start, end) in enumerate(choice.spans)
                    if start < end and index != taken.get(choice, 0))
    if not blanks:
        return view
    parts = []
    pos = 0
    for start, end, state in blanks:
        if start < pos:
            continue   # inside an alternative already blanked
        parts.append(view[pos:start])
        parts.append(filled(source[start:end], state))
        pos = end
    parts.append(view[pos:])
    return "".join(parts)


def filled(text: str, state: str) -> str:
    """What template syntax (or an alternative not taken) becomes in this XML state: PAD inside an
    attribute value (line breaks too: one there would read as a space of the value, and a Jinja2
    tag may span lines), else blanks."""
    if state in _QUOTES:
        return PAD * len(text)
    return blanked(text) if "\n" in text or "\r" in text else " " * len(text)


def marked(text: str) -> str:
    """What an unknown value becomes: MARK, line breaks kept."""
    return blanked(text).replace(" ", MARK) if "\n" in text or "\r" in text else MARK * len(text)


def blanked(text: str) -> str:
    """The text with every character a space but its line breaks (`\n`, `\r`)."""
    # (Split and joined in C: a regular expression's substitution calls back once per line.)
    return "\r".join(["\n".join([" " * len(line) for line in part.split("\n")]) for part in text.split("\r")])


def standalone(before: str, source: str, start: int, end: int) -> bool:
    """Whether a hole stands apart from what is around it (`before`: the character written before
    it; whitespace, PAD or a name's end; whitespace, `>`, `/` or template syntax after it): in a
    start tag, it renders whole attributes."""
    return (before.isspace() or before == PAD or before.isalnum()) \
        and (end >= len(source) or source[end] in " \t\r\n>/{") and "\n" not in source[start:end]


def as_attributes(piece: str, before: str) -> str:
    """A hole that renders attributes (`{{ attrs|xmlattr }}`): one attribute with a dynamic name."""
    piece = piece if before.isspace() or before == PAD else " " + piece[1:]
    return piece[:-3] + _EMPTY_VALUE


def state_after(state: str, text: str) -> str:
    """The XML lexical state after `text`, from `state`: "content", "tag" (inside a start or end
    tag) or a quote character (inside an attribute value). Only what follows the text's last `<` or
    `>` matters (found in C, not by a loop over characters): template syntax between attribute
    values is what needs PAD, and a gap outside any tag takes spaces. (A `>` inside a value, or in a
    comment, ends the tag here: PAD is then not used, and a value with a branch inside is read with
    its padding.)"""
    lt, gt = text.rfind("<"), text.rfind(">")
    if gt > lt:
        return "content"
    if lt >= 0:
        if text.startswith("<!--", lt) or text.startswith("<?", lt):
            return "content"
        text, quote = text[lt:], None
    elif state == "content":
        return state
    else:
        quote = state if state in _QUOTES else None
    pos = 0
    while True:
        if quote is None:
            found = _QUOTE.search(text, pos)
            if found is None:
                return "tag"
            quote, pos = found.group(0), found.end()
        else:
            close = text.find(quote, pos)
            if close < 0:
                return quote
            quote, pos = None, close + 1
