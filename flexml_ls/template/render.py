"""A template's structure -> its renderings: texts the ordinary linter reads, offsets mapped back.

A rendering is the template's text with one alternative of each choice taken: literal text as
written; template syntax and the alternatives not taken as blanks (spaces, line breaks kept; inside
an attribute value, PAD, which the parser leaves out of the value); unknown values and content as
MARK (line breaks kept). So a rendering has the template's own length and every offset maps to
itself. A settled template's rendering is its view with the alternatives not taken blanked
(`from_view`, see view.py); any other is assembled from its pieces (`assemble`): the same text,
which a test checks on every fixture and on generated templates. A child template whose base is
found is rendered as the base with the child's blocks in place: its offsets map back piece by piece (`Rendering.segments`, as Volar's mappings do), and
whatever comes from the base maps to nothing.

Which: renderings that together take every alternative holding something (`covering`), as many
as the most alternatives of one choice, plus nested ones, linear in the template's size: linted
first. Every combination of the choices (`every_combination`) when there are at most
MAX_RENDERINGS of them (and at most MAX_RENDERED characters in all), made only to confirm a
finding (see `Renderings.exhaustive`, and `engine._lint_template` for what is reported beyond).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from itertools import product

from ..dynamic import MARK
from .structure import DYN, LIT, Block, Choice, Structure
from .view import as_attributes, blanked, filled, marked, rendering_text, standalone, state_after

MAX_RENDERINGS = 64
MAX_RENDERED = 1_000_000      # characters of all renderings together (see template._within_bounds)


class Rendering:
    """One rendering: `text`, and where its characters come from in the template's source."""

    __slots__ = ("text", "segments", "choices", "_shown", "_starts")

    def __init__(self, text: str, segments: list | None, shown, choices: dict):
        self.text = text
        self.segments = segments     # None: offsets map to themselves; else [(rendering, source, length)]
        self._shown = shown          # see `shown`; or a function that makes it (wanted only for a finding)
        self._starts = None
        self.choices = choices       # Choice -> the index of the alternative taken

    @property
    def shown(self) -> list:
        """The source's (start, end, LIT or DYN) this rendering outputs, in order."""
        if callable(self._shown):
            self._shown = self._shown()
        return self._shown

    @property
    def starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [start for start, _, _ in self.shown]
        return self._starts

    def to_source(self, offset: int) -> int | None:
        """The template offset a rendering offset comes from (None: it comes from a base template)."""
        if self.segments is None:
            return offset
        for start, source, length in self.segments:
            if start <= offset <= start + length:
                return source + offset - start
        return None

    def to_rendering(self, offset: int) -> int | None:
        if self.segments is None:
            return offset
        for start, source, length in self.segments:
            if source <= offset <= source + length:
                return start + offset - source
        return None

    def widened(self, start: int, end: int) -> tuple[int, int]:
        """A source range stretched to whole dynamic parts where it begins or ends inside one."""
        index = bisect_right(self.starts, start) - 1
        if index >= 0:
            piece_start, piece_end, kind = self.shown[index]
            if kind == DYN and piece_start < start < piece_end:
                start = piece_start
        index = bisect_right(self.starts, max(start, end - 1)) - 1
        if index >= 0:
            piece_start, piece_end, kind = self.shown[index]
            if kind == DYN and piece_start < end < piece_end:
                end = piece_end
        return start, end

    def covers(self, start: int, end: int) -> bool:
        """Whether every character of the source range is literal text this rendering outputs."""
        index = bisect_right(self.starts, start) - 1
        while 0 <= index < len(self.shown):
            piece_start, piece_end, kind = self.shown[index]
            if piece_start > start or kind != LIT:
                return False
            if piece_end >= end:
                return True
            start = piece_end
            index += 1
        return False

    def shows(self, start: int, end: int, kinds=(LIT, DYN)) -> bool:
        """Whether this rendering outputs any character of the source range (an empty range: the
        character at `start`), as literal text or dynamic content (`kinds`)."""
        end = max(end, start + 1)
        index = bisect_right(self.starts, start) - 1
        if index < 0:
            index = 0
        shown = self.shown
        while index < len(shown):
            piece_start, piece_end, kind = shown[index]
            if piece_start >= end:
                return False
            if piece_end > start and kind in kinds:
                return True
            index += 1
        return False


def count(nodes: list) -> int:
    """How many renderings the full product of the choices gives (capped just past the bound)."""
    total = 1
    for node in nodes:
        if isinstance(node, Choice):
            total *= sum(count(alternative) for alternative in node.alternatives)
        elif isinstance(node, Block):
            total *= count(node.body)
        if total > MAX_RENDERINGS:
            return MAX_RENDERINGS + 1
    return total


def every_combination(nodes: list) -> list[dict]:
    """Every assignment of alternatives to the choices that render (the full product)."""
    assignments = [{}]
    for node in nodes:
        if isinstance(node, Choice):
            options = [{node: index, **sub} for index, alternative in enumerate(node.alternatives)
                       for sub in every_combination(alternative)]
        elif isinstance(node, Block):
            options = every_combination(node.body)
        else:
            continue
        assignments = [{**a, **b} for a, b in product(assignments, options)]
    return assignments


def covering(nodes: list, branches: bool | None = None) -> list[dict]:
    """Assignments that together render every alternative holding something of every choice at
    least once: the k-th takes each choice's k-th alternative (its last when it has fewer), when
    that renders something not rendered yet; then one more for each alternative still not rendered
    (nested in an alternative those did not take) with the alternatives that lead to it, as many of
    them at once as agree. At most linear in the template's size; for independent choices, as many
    as the most alternatives of one choice (an `if` without `else`: one). `branches`: whether any
    choice's later alternative holds something, when known (see Structure.branches)."""
    if branches is False:
        return [{}]   # (only first alternatives hold anything: taking each choice's first covers all)
    every: dict = {}
    _choices(nodes, {}, every)
    widest = max((len(choice.alternatives) for choice in every), default=1)
    assignments: list[dict] = []
    seen: set = set()
    for k in range(widest):
        choices = {choice: min(k, len(choice.alternatives) - 1) for choice in every}
        before = len(seen)
        _rendered(every, choices, seen)
        if len(seen) > before or not assignments:
            assignments.append(choices)
    missing = [(choice, index) for choice in every for index, alternative in enumerate(choice.alternatives)
               if alternative and (choice, index) not in seen]
    while missing:
        # One more assignment takes as many of the missing alternatives as agree on their paths.
        choices = {}
        for choice, index in missing:
            wanted = {**every[choice], choice: index}
            if all(choices.get(each, taken) == taken for each, taken in wanted.items()):
                choices.update(wanted)
        assignments.append(choices)
        _rendered(every, choices, seen)
        missing = [pair for pair in missing if pair not in seen]
    return assignments


def _choices(nodes: list, path: dict, found: dict) -> None:
    """Every choice, with the alternatives of the choices around it that lead to it."""
    for node in nodes:
        if type(node) is tuple:   # (text: the common case, tested first)
            continue
        if isinstance(node, Choice):
            found[node] = path
            for index, alternative in enumerate(node.alternatives):
                _choices(alternative, {**path, node: index}, found)
        else:
            _choices(node.body, path, found)


def _rendered(every: dict, choices: dict, seen: set) -> None:
    """Add to `seen` the alternatives holding something that `choices` renders: those whose path
    (see _choices) it takes."""
    for choice, path in every.items():
        index = choices.get(choice, 0)
        if choice.alternatives[index] and all(choices.get(each, 0) == taken for each, taken in path.items()):
            seen.add((choice, index))


def pieces(nodes: list, choices: dict, origin: int = 0, out: list | None = None) -> list:
    """The (origin, start, end, LIT or DYN) a rendering outputs, in order (origin 1: a child's
    block in its base, see `substituted`)."""
    out = [] if out is None else out
    for node in nodes:
        if type(node) is tuple:   # (start, end, LIT or DYN)
            out.append((origin, *node))
        elif isinstance(node, Choice):
            pieces(node.alternatives[choices.get(node, 0)], choices, origin, out)
        else:
            pieces(node.body, choices, origin if node.origin is None else node.origin, out)
    return out


def substituted(nodes: list, blocks: dict) -> list:
    """A base's nodes with the child's blocks (by name) in place of its own."""
    out = []
    for node in nodes:
        if isinstance(node, Block):
            child = blocks.get(node.name)
            out.append(Block(node.name, child.tag, child.body, child.end_tag, 1) if child is not None
                       else Block(node.name, node.tag, substituted(node.body, blocks), node.end_tag))
        elif isinstance(node, Choice):
            out.append(Choice(node.tag, [substituted(alternative, blocks) for alternative in node.alternatives]))
        else:
            out.append(node)
    return out


def assemble(made: list, sources: list[str], choices: dict, whole: int | None = 0,
             prefix: str = "", suffix: str = "", child: int = 0) -> Rendering:
    """A rendering from its pieces. `whole`: the origin whose text is kept whole (gaps blanked, so
    offsets map to themselves plus len(prefix)); None: only the pieces, each origin's gaps blanked
    between its pieces. Offsets of origin `child` map back to the source. `sources`: the texts the
    pieces' origins index."""
    parts = [prefix]
    length = len(prefix)
    identity = whole == child and not prefix
    segments = None if identity else []   # (offsets that map to themselves need no segments)
    shown = []
    state = "content"          # the XML state at the last gap (see view.state_after)
    since: list[str] = []      # literal text output since then
    previous_origin, previous_end = None, 0
    if whole is not None:
        previous_origin, previous_end = whole, 0
    for origin, start, end, kind in made:
        text = sources[origin]
        if origin == previous_origin and start > previous_end:
            state = state_after(state, "".join(since))
            since = []
            parts.append(filled(text[previous_end:start], state))
            if origin == child and segments is not None:
                segments.append((length, previous_end, start - previous_end))
            length += start - previous_end
        if kind == LIT:
            piece = text[start:end]
            since.append(piece)
        else:
            piece = marked(text[start:end])
            if end - start >= 5 and standalone(parts[-1][-1:] if parts else "", text, start, end):
                state = state_after(state, "".join(since))
                since = []
                if state == "tag":   # attributes a hole renders (`{{ attrs|xmlattr }}`): one dynamic name
                    piece = as_attributes(piece, parts[-1][-1:])
        parts.append(piece)
        if origin == child:
            if segments is not None:
                segments.append((length, start, end - start))
            shown.append((start, end, kind))
        length += end - start
        previous_origin, previous_end = origin, end
    if whole is not None:
        text = sources[whole]
        tail = len(text)
        if tail > previous_end:
            state = state_after(state, "".join(since))
            parts.append(filled(text[previous_end:tail], state))
            if whole == child and segments is not None:
                segments.append((length, previous_end, tail - previous_end))
    parts.append(suffix)
    rendered = declaration_first("".join(parts), shown if identity else None)
    return Rendering(rendered, None if identity else _joined(segments), shown, choices)


def from_view(structure: Structure, source: str, choices: dict) -> Rendering:
    """A rendering of a settled template (see view.py): its view, the alternatives not taken blanked."""
    # (Every first alternative taken, and no other holding anything: the view itself.)
    text = structure.view if not choices and not structure.branches else \
        rendering_text(structure.view, source, structure.choices, choices)
    rendering = Rendering(text, None, lambda: [piece[1:] for piece in pieces(structure.nodes, choices)], choices)
    rendering.text = declaration_first(text, lambda: rendering.shown)
    return rendering


def declaration_first(rendered: str, shown) -> str:
    """`{% load i18n %}<?xml …?>`: the engine outputs the declaration first, but a rendering keeps
    the tag's place as blanks, which libxml2 refuses before a declaration. Such a declaration (with
    only template syntax before it) is blanked too: its place stays, unchecked. `shown`: the
    rendering's pieces (see Rendering.shown), or a function that makes them; None: not checked."""
    if shown is None or not rendered[:1].isspace():
        return rendered
    start = len(rendered) - len(rendered.lstrip())
    if callable(shown) and rendered.startswith("<?xml", start):
        shown = shown()
    if not rendered.startswith("<?xml", start) or any(kind == LIT and piece_start < start
                                                        for piece_start, _, kind in shown):
        return rendered
    end = rendered.find("?>", start)
    if end < 0:
        return rendered
    return rendered[:start] + blanked(rendered[start:end + 2]) + rendered[end + 2:]


def _joined(segments: list) -> list:
    joined: list = []
    for start, source, length in segments:
        if joined and joined[-1][0] + joined[-1][2] == start and joined[-1][1] + joined[-1][2] == source:
            joined[-1] = (joined[-1][0], joined[-1][1], joined[-1][2] + length)
        else:
            joined.append((start, source, length))
    return joined


def balanced(structure: Structure, source: str) -> bool:
    """Whether every alternative of every choice opens and closes the same elements (its first
    alternatives inside it taken): then an element has the same ancestors in every rendering that
    holds it, and what rules say of one element and its attributes does not depend on the others'
    choices (what the engine reports beyond MAX_RENDERINGS rests on this)."""
    def walk(nodes: list) -> bool:
        for node in nodes:
            if isinstance(node, Choice):
                for alternative in node.alternatives:
                    if not _balanced_text(source, pieces(alternative, {})) or not walk(alternative):
                        return False
            elif isinstance(node, Block) and not walk(node.body):
                return False
        return True
    return walk(structure.nodes)


_TAG = re.compile(r"<(/?)([^\s/>!?]+)[^>]*?(/?)>|<!--.*?-->", re.S)


def _balanced_text(source: str, made: list) -> bool:
    text = "".join(source[start:end] if kind == LIT else MARK * (end - start) for _, start, end, kind in made)
    depth: list[str] = []
    for match in _TAG.finditer(text):
        if match.group(2) is None:
            continue
        if match.group(1):
            if not depth or depth.pop() != match.group(2):
                return False
        elif not match.group(3):
            depth.append(match.group(2))
    return not depth and text.count("<") == len(_TAG.findall(text))
