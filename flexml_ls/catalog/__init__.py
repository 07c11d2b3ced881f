"""The catalog: what `schema/flexml.xsd` says, in a form that loads in about a millisecond.

`catalog.json` is generated from the XSD by `build.py` (which needs xmlschema); this module only reads
it, so the command line stays light. Every fact the rules use comes from here.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from ..dynamic import MARK, literal_prefix

_HERE = Path(__file__).resolve().parent
_UNKNOWN = object()
_INTEGER = re.compile(r"[+-]?[0-9]+\Z")
_DECIMAL = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)\Z")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
# XML's whitespace: the four characters XSD's whitespace facets and `\s` mean (not Unicode's, which
# Python's str.split and `\s` also take: a no-break space is text to the XSD).
_XML_SPACE = re.compile(r"[ \t\n\r]+")
# A value libxml2 quotes in an error that is only a template's dynamic parts (and whitespace).
_UNKNOWN_VALUE = re.compile("'[\\s" + MARK + "]*" + MARK + "[\\s" + MARK + "]*'")


def xsd_path() -> Path:
    """The XSD: inside the installed package, or at the top of a source checkout."""
    packaged = _HERE.parent / "schema" / "flexml.xsd"
    if packaged.is_file():
        return packaged
    return _HERE.parent.parent / "schema" / "flexml.xsd"


@dataclass(frozen=True)
class ValueProblem:
    kind: str                 # "type" | "enum" | "range" | "pattern" | "length"
    expected: str             # what is allowed, in words
    canonical: str | None = None   # the allowed value this one matches when case is ignored


class SimpleType:
    def __init__(self, catalog: Catalog, name: str, data: dict):
        self.catalog = catalog
        self.name = name
        self.doc: str = data.get("doc", "")
        self.base: str = data.get("base", "string")
        self.whitespace: str = data.get("whitespace", "preserve")
        self.enum: list[str] | None = data.get("enum")
        # (re.ASCII: `\s` is then space, tab, newline, return and \f, \v, which XML text cannot hold.)
        self.pattern_levels = [[re.compile(p, re.ASCII) for p in level] for level in data.get("patterns", [])]
        self.minimum = data.get("min")
        self.maximum = data.get("max")
        self.min_length = data.get("min_length")
        self.max_length = data.get("max_length")
        self.member_names: list[str] = data.get("members", [])
        self._checked: dict[str, ValueProblem | None] = {}

    @cached_property
    def members(self) -> list[SimpleType]:
        return [self.catalog.simple_types[name] for name in self.member_names]

    @cached_property
    def values(self) -> list[str]:
        """Enumerated values (of all union members), for completion and messages."""
        if self.members:
            return [value for member in self.members for value in member.values]
        return list(self.enum or [])

    def normalize(self, raw: str) -> str:
        if self.whitespace == "collapse":
            return _XML_SPACE.sub(" ", raw).strip(" ")
        if self.whitespace == "replace":
            return raw.translate(str.maketrans("\t\n\r", "   "))
        return raw

    def check(self, raw: str) -> ValueProblem | None:
        """Why `raw` is not a value of this type, or None when it is (memoised: values repeat)."""
        cache = self._checked
        problem = cache.get(raw, _UNKNOWN)
        if problem is not _UNKNOWN:
            return problem
        if len(cache) > 4096:
            cache.clear()
        problem = cache[raw] = self._check(raw)
        return problem

    def _check(self, raw: str) -> ValueProblem | None:
        if MARK in raw:
            return self._check_dynamic(raw)
        if self.members:
            problems = []
            for member in self.members:
                problem = member.check(raw)
                if problem is None:
                    return None
                problems.append(problem)
            canonical = next((p.canonical for p in problems if p.canonical), None)
            return ValueProblem("enum" if self.values else "pattern", self.describe(), canonical)
        value = self.normalize(raw)
        if self.base == "integer" and not _INTEGER.match(value):
            return ValueProblem("type", self.describe())
        if self.base == "decimal" and not _DECIMAL.match(value):
            return ValueProblem("type", self.describe())
        if self.enum is not None and value not in self.enum:
            folded = value.casefold()
            canonical = next((e for e in self.enum if e.casefold() == folded), None)
            return ValueProblem("enum", self.describe(), canonical)
        for level in self.pattern_levels:
            if not any(p.match(value) for p in level):
                return ValueProblem("pattern", self.describe())
        if self.base in ("integer", "decimal"):
            number = int(value) if self.base == "integer" else float(value)
            if (self.minimum is not None and number < self.minimum) or \
                    (self.maximum is not None and number > self.maximum):
                return ValueProblem("range", self.describe())
        if self.max_length is not None and len(value) > self.max_length:
            return ValueProblem("length", self.describe())
        if self.min_length is not None and len(value) < self.min_length:
            return ValueProblem("length", self.describe())
        return None

    def _check_dynamic(self, raw: str) -> ValueProblem | None:
        """A template's value with dynamic parts (see dynamic.py): judged only by what is wrong
        whatever they render. That is a literal URL scheme before the first dynamic part where the
        type takes URLs (some `scheme://x` passes) and that scheme never does
        (`url="http://{{ host }}/ws"` where a WebSocket URL is required). Enumerations, numbers,
        lengths and other patterns are not judged."""
        scheme = _SCHEME.match(literal_prefix(raw))
        if scheme is None or not self.pattern_levels or self.base in ("integer", "decimal"):
            return None
        if not any(self.check(f"{each}://x") is None for each in ("ws", "wss", "http", "https")):
            return None  # not a URL type
        problem = self.check(scheme.group(0) + "x")
        return None if problem is None else ValueProblem("pattern", problem.expected)

    def describe(self) -> str:
        """What values are allowed, in words: from the facets, else the type's own documentation."""
        if self.base in ("integer", "decimal") and not self.members:
            kind = "an integer" if self.base == "integer" else "a number"
            if self.minimum is not None and self.maximum is not None:
                return f"{kind} from {_num(self.minimum)} to {_num(self.maximum)}"
            if self.minimum is not None:
                return f"{kind} of at least {_num(self.minimum)}"
            if self.maximum is not None:
                return f"{kind} of at most {_num(self.maximum)}"
            return kind
        if self.enum and not self.pattern_levels:
            return "one of " + ", ".join(f"`{v}`" for v in self.enum)
        if self.max_length is not None and not self.pattern_levels:
            return f"at most {self.max_length:,} characters"
        if self.doc:
            doc = self.doc.rstrip(".")
            first = doc.split(" ", 1)[0]
            if first in ("A", "An", "The") or (len(first) > 1 and first[1:].islower()):
                doc = doc[0].lower() + doc[1:]  # it continues "expected ..."
            return doc
        if self.values:
            return "one of " + ", ".join(f"`{v}`" for v in self.values)
        if self.min_length:
            return "a non-empty value"
        return "any text"


def _num(value) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class AttributeDecl:
    name: str
    type: SimpleType
    required: bool
    default: str | None
    doc: str


@dataclass(frozen=True)
class ChildDecl:
    name: str
    type_name: str
    min: int
    max: int | None


@dataclass(eq=False)
class ComplexType:
    catalog: Catalog
    name: str
    doc: str
    content: str                     # "empty" | "text" | "elements" | "mixed"
    text_type: SimpleType | None
    children: dict[str, ChildDecl]
    attributes: dict[str, AttributeDecl]
    facts: list[dict] = field(default_factory=list)

    def __post_init__(self):
        self.resolutions: dict[tuple, tuple] = {}
        self.facts_by_kind: dict[str, list[dict]] = {}
        for fact in self.facts:
            self.facts_by_kind.setdefault(fact["fact"], []).append(fact)

    def facts_of(self, kind: str) -> list[dict]:
        return self.facts_by_kind.get(kind, [])

    def child_type(self, name: str) -> ComplexType | None:
        child = self.children.get(name)
        return self.catalog.complex_types[child.type_name] if child else None

    @cached_property
    def _attributes_by_casefold(self) -> dict[str, str]:
        return {name.casefold(): name for name in self.attributes}

    def canonical_attribute(self, name: str) -> str | None:
        """The attribute this name means, however its letter case is written; None if unknown."""
        return name if name in self.attributes else self._attributes_by_casefold.get(name.casefold())

    def resolve_attribute(self, name: str, value: str | None) -> tuple[str | None, ValueProblem | None]:
        """(canonical_attribute(name), what is wrong with the value for it, if anything), memoised in
        `resolutions` (the same attributes and values recur from document to document)."""
        key = (name, value)
        found = self.resolutions.get(key)
        if found is None:
            if len(self.resolutions) > 4096:
                self.resolutions.clear()
            canonical = self.canonical_attribute(name)
            problem = None
            if canonical is not None and value is not None:
                problem = self.attributes[canonical].type.check(value)
            found = self.resolutions[key] = (canonical, problem)
        return found

    @cached_property
    def mixed_text_type(self) -> SimpleType | None:
        for fact in self.facts_of("mixedText"):
            return self.catalog.simple_types[fact["type"]]
        return None


@dataclass(frozen=True)
class Placement:
    """What the catalog makes of an element name in a given parent."""
    canonical: str | None          # the catalog's spelling of this name, if it knows it in any case
    type: ComplexType | None       # the type this element has here (or elsewhere, if misplaced)
    placed: bool                   # allowed in its parent (for the root: is a root element)


class Catalog:
    def __init__(self, data: dict):
        self.data = data
        self.simple_types = {name: SimpleType(self, name, d) for name, d in data["simple_types"].items()}
        self.complex_types: dict[str, ComplexType] = {}
        for name, d in data["complex_types"].items():
            self.complex_types[name] = ComplexType(
                self, name, d.get("doc", ""), d["content"],
                self.simple_types.get(d.get("text_type")) if d.get("text_type") else None,
                {c: ChildDecl(c, cd["type"], cd["min"], cd["max"]) for c, cd in d.get("children", {}).items()},
                {a: AttributeDecl(a, self.simple_types[ad["type"]], ad["required"], ad["default"], ad["doc"])
                 for a, ad in d.get("attributes", {}).items()},
                d.get("facts", []),
            )
        self.roots = {name: self.complex_types[r["type"]] for name, r in data["roots"].items()}
        # Root name -> its `fx:unique` facts (values unique in a document): {"name", "why", "paths":
        # [[child, grandchild]...], "attribute"}.
        self.uniques: dict[str, list[dict]] = {name: r.get("unique", []) for name, r in data["roots"].items()}
        self.facts: list[dict] = data.get("facts", [])
        self._placements: dict[tuple, Placement] = {}
        self._attribute_spellings: dict[str, dict[str, str]] = {}
        self._foreign_asked: dict[tuple, str | None] = {}

    def placement(self, name: str, parent_type: ComplexType | None) -> Placement:
        key = (name, parent_type)
        found = self._placements.get(key)
        if found is None:
            found = self._placements[key] = self._place(name, parent_type)
        return found

    def _place(self, name: str, parent_type: ComplexType | None) -> Placement:
        canonical = name if name in self.element_types else self.element_names_by_casefold.get(name.casefold())
        if canonical is None:
            return Placement(None, None, False)
        if parent_type is None:
            root_type = self.roots.get(canonical)
            if root_type is not None:
                return Placement(canonical, root_type, True)
        elif canonical in parent_type.children:
            return Placement(canonical, parent_type.child_type(canonical), True)
        return Placement(canonical, self.element_types[canonical][0], False)

    @cached_property
    def root_name(self) -> str:
        return next(iter(self.roots))

    @cached_property
    def element_types(self) -> dict[str, list[ComplexType]]:
        """Every element name the language has, with the types it takes in its various parents."""
        found: dict[str, list[ComplexType]] = {name: [t] for name, t in self.roots.items()}
        for complex_type in self.complex_types.values():
            for child in complex_type.children.values():
                types = found.setdefault(child.name, [])
                child_type = self.complex_types[child.type_name]
                if child_type not in types:
                    types.append(child_type)
        return found

    def attribute_spellings(self, name: str) -> dict[str, str]:
        """The attributes of the element `name` (in any of its places), by their case-folded names."""
        found = self._attribute_spellings.get(name)
        if found is None:
            found = self._attribute_spellings[name] = {
                attribute.casefold(): attribute
                for element_type in self.element_types.get(name, ()) for attribute in element_type.attributes}
        return found

    @cached_property
    def element_names_by_casefold(self) -> dict[str, str]:
        return {name.casefold(): name for name in self.element_types}

    @cached_property
    def parents_of(self) -> dict[str, list[str]]:
        """Element name -> names of the elements that may contain it."""
        owners: dict[str, list[str]] = {}
        for name, types in self.element_types.items():
            for complex_type in types:
                for child in complex_type.children:
                    parents = owners.setdefault(child, [])
                    if name not in parents:
                        parents.append(name)
        return owners

    @cached_property
    def _foreign_hints(self) -> dict[tuple, str]:
        hints = {}
        for fact in self.facts:
            if fact["fact"] == "foreign":
                key = tuple(sorted((k, v) for k, v in fact.items() if k not in ("fact", "hint")))
                hints[key] = fact["hint"]
        return hints

    def foreign(self, **match: str) -> str | None:
        """The hint for a construct of another dialect (TwiML, Plivo), if the schema names it."""
        asked = tuple(match.items())
        hint = self._foreign_asked.get(asked, _UNKNOWN)
        if hint is _UNKNOWN:  # (asked in the caller's order; the same questions recur)
            hint = self._foreign_hints.get(tuple(sorted(asked)))
            if len(self._foreign_asked) < 4096:
                self._foreign_asked[asked] = hint
        return hint

    def foreign_characters(self, type_name: str) -> list[dict]:
        """Characters of other dialects in values of this type, with their hints."""
        return self._foreign_characters.get(type_name, [])

    @cached_property
    def _foreign_characters(self) -> dict[str, list[dict]]:
        found: dict[str, list[dict]] = {}
        for fact in self.facts:
            if fact["fact"] == "foreign" and "type" in fact and "character" in fact:
                found.setdefault(fact["type"], []).append(fact)
        return found

    @cached_property
    def request_fields(self) -> list[str]:
        for fact in self.facts:
            if fact["fact"] == "requestFields":
                return fact["names"].split()
        return []


class _Validator:
    """lxml's XMLSchema for the XSD, compiled once per process (1-3 ms), used behind a lock. For a
    template's renderings (`unknown_values`), the XSD with every attribute's type and every simple
    content also accepting a value made only of dynamic parts (see `_accepting_unknown_values`)."""

    def __init__(self, unknown_values: bool = False):
        import threading

        from lxml import etree
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        xsd = etree.parse(str(xsd_path()), parser)
        if unknown_values:
            _accepting_unknown_values(xsd)
        self.schema = etree.XMLSchema(xsd)
        self.elements = etree.Element  # as a tag filter: elements only, no comments
        self.kinds = _error_kinds()
        self.lock = threading.Lock()

    def judge(self, tree) -> tuple[bool, dict | None]:
        """Whether the XSD accepts the tree; if not, the elements its errors may concern (None: they
        cannot be told apart), each with what may be wrong: ATTRIBUTES_ONLY (its attributes' names,
        values or presence), CHILDREN_ONLY (which children it has: see _suspects) or EVERYTHING.
        Every other element the XSD has accepted as it is."""
        with self.lock:
            if self.schema.validate(tree):
                return True, {}
            suspects = self._suspects(tree, self.schema.error_log)
            # No suspect: every error was about a template's unknown values (see _suspects_of).
            return suspects == {}, suspects

    def _suspects(self, tree, errors) -> dict | None:
        """The elements the errors name. An error about an element's own attributes or values leaves
        the rest to libxml2's verdict; one about its content also makes its subtree suspect (libxml2
        may not have looked inside), unless it is text where only elements may be (it has looked); one
        about a missing child, the element itself. An element libxml2
        does not expect where it stands stops its parent's content model: libxml2 then skips the
        parent's later children. So the element (with its subtree) is a suspect, and so is its parent
        (for which children it has), and the tree is validated again without the element (and put back
        as it was), to judge the parent's other content too (a few times: after that, the parent and
        its later children are suspects of everything). Any other error makes the parent and every later sibling, with their subtrees, suspects.
        tests/test_engine.py compares the result with linting every element."""
        suspects: dict = {}
        detached: list = []       # (parent, index, element) taken out, to put back in reverse order
        try:
            revalidations = 0
            while True:
                unexpected = self._suspects_of(tree, errors, suspects)
                if unexpected is None:  # an error that cannot be placed
                    return None
                if not unexpected:  # (the usual case: no listing to make)
                    return suspects
                # After the last of its parent's children, libxml2 has skipped nothing.
                unexpected = [node for node in unexpected if next(node.itersiblings(self.elements), None) is not None]
                if not unexpected:
                    return suspects
                if revalidations == _REVALIDATIONS:  # many of them: what follows each is suspect, unjudged
                    for node in unexpected:
                        suspects[node.getparent()] = EVERYTHING
                        for later in node.itersiblings(self.elements):
                            suspects.update(dict.fromkeys(later.iter(self.elements), EVERYTHING))
                    return suspects
                for node in unexpected:
                    parent = node.getparent()
                    detached.append((parent, parent.index(node), node))
                    parent.remove(node)  # (its tail text goes with it, and comes back with it)
                revalidations += 1
                if self.schema.validate(tree):
                    return suspects
                errors = self.schema.error_log
        finally:
            for parent, index, node in reversed(detached):
                parent.insert(index, node)

    def _suspects_of(self, tree, errors, suspects: dict) -> list | None:
        """Add to `suspects` what one validation's errors say (see _suspects); the elements libxml2
        did not expect where they stand (their parents' content models stopped there), or None if an
        error cannot be placed."""
        elements = self.elements
        kinds = self.kinds
        named: dict = {}
        stopped: set = set()
        unexpected: list = []
        for entry in errors:
            kind = kinds.get(entry.type)
            if kind is _OWN_VALUE:
                message = entry.message
                if MARK in message and _UNKNOWN_VALUE.search(message):
                    continue  # a template's value unknown until it renders: no rule judges it (dynamic.py)
            steps = _path_steps(entry.path or "")
            node = None if steps is None else _node_at(tree, steps, named)
            if node is None:
                return None
            if kind is _ATTRIBUTE:
                _suspect(suspects, node, ATTRIBUTES_ONLY)
                continue
            if kind is _OWN_TEXT:
                suspects[node] = EVERYTHING  # (its subtree was judged: see _OWN_TEXT_ERRORS)
                continue
            message = entry.message  # (each read of an entry's property costs a call)
            if kind is _OWN_VALUE:
                if ", attribute '" in message:
                    _suspect(suspects, node, ATTRIBUTES_ONLY)
                else:
                    suspects[node] = EVERYTHING
                continue
            if kind is _CHILDREN:
                parent = node.getparent()
                if parent is not None and parent not in stopped and _NOT_EXPECTED in message:
                    stopped.add(parent)   # (libxml2 reports one such element per parent)
                    # The parent's other content is judged again without this one; the text right
                    # after it (its tail) is taken out with it, and so is not.
                    tail = node.tail
                    if tail and not tail.isspace():
                        suspects[parent] = EVERYTHING
                    else:
                        _suspect(suspects, parent, CHILDREN_ONLY)
                    suspects.update(dict.fromkeys(node.iter(elements), EVERYTHING))
                    unexpected.append(node)
                    continue
                if _MISSING_CHILD in message:
                    suspects[node] = EVERYTHING
                    continue
            suspects.update(dict.fromkeys(node.iter(elements), EVERYTHING))
            if kind is not _OWN_CONTENT:
                parent = node.getparent()
                if parent in stopped:
                    continue           # an earlier sibling's error made the rest suspects already
                stopped.add(parent)
                if parent is not None:
                    suspects[parent] = EVERYTHING
                for later in node.itersiblings(elements):
                    suspects.update(dict.fromkeys(later.iter(elements), EVERYTHING))
        return unexpected


ATTRIBUTES_ONLY = "attributes"
CHILDREN_ONLY = "children"
EVERYTHING = "everything"


def _suspect(suspects: dict, node, suspicion: str) -> None:
    """Mark `node` as suspect of one kind of problem (two kinds make it EVERYTHING)."""
    found = suspects.get(node)
    suspects[node] = suspicion if found is None or found is suspicion else EVERYTHING
# libxml2's errors (by the prefix of their names) about attributes: names, presence, values (facets
# name the attribute they judge: see _suspects).
_ATTRIBUTE_ERRORS = ("SCHEMAV_CVC_COMPLEX_TYPE_3", "SCHEMAV_CVC_COMPLEX_TYPE_4", "SCHEMAV_CVC_ATTRIBUTE")
# About an element's own values (of attributes, or of its text when it has simple content, so no
# children), and about its own content: its parent's content model goes on past them.
_OWN_VALUE_ERRORS = (
    "SCHEMAV_CVC_DATATYPE_VALID", "SCHEMAV_CVC_PATTERN_VALID", "SCHEMAV_CVC_ENUMERATION_VALID",
    "SCHEMAV_CVC_MININCLUSIVE_VALID", "SCHEMAV_CVC_MAXINCLUSIVE_VALID", "SCHEMAV_CVC_MINEXCLUSIVE_VALID",
    "SCHEMAV_CVC_MAXEXCLUSIVE_VALID", "SCHEMAV_CVC_LENGTH_VALID", "SCHEMAV_CVC_MINLENGTH_VALID",
    "SCHEMAV_CVC_MAXLENGTH_VALID", "SCHEMAV_CVC_TOTALDIGITS_VALID", "SCHEMAV_CVC_FRACTIONDIGITS_VALID",
)
_OWN_CONTENT_ERRORS = ("SCHEMAV_CVC_COMPLEX_TYPE_2_1", "SCHEMAV_CVC_COMPLEX_TYPE_2_2",
                       "SCHEMAV_CVC_ELT_5", "SCHEMAV_CVC_TYPE")
# Text in an element that holds only elements: libxml2 goes on to judge its children, and its content
# model, as if the text were not there (unlike element content where none may be, 2_1 and 2_2).
_OWN_TEXT_ERRORS = ("SCHEMAV_CVC_COMPLEX_TYPE_2_3",)
# About an element's children: one not expected where it stands, or one missing (told apart by message).
_CHILDREN_ERRORS = ("SCHEMAV_ELEMENT_CONTENT",)
_NOT_EXPECTED = "This element is not expected"
_REVALIDATIONS = 4   # validations after taking unexpected elements out (each one validates it all)
_MISSING_CHILD = "Missing child element"
_ATTRIBUTE, _OWN_VALUE, _OWN_CONTENT, _OWN_TEXT, _CHILDREN = \
    "attribute", "own value", "own content", "own text", "children"


@lru_cache(maxsize=1)
def _error_kinds() -> dict[int, str]:
    """libxml2's error numbers by what they are about (compared as numbers: an entry's name is a lookup)."""
    from lxml import etree
    kinds = {}
    for name in dir(etree.ErrorTypes):
        for prefixes, kind in ((_ATTRIBUTE_ERRORS, _ATTRIBUTE), (_OWN_VALUE_ERRORS, _OWN_VALUE),
                               (_OWN_CONTENT_ERRORS, _OWN_CONTENT), (_OWN_TEXT_ERRORS, _OWN_TEXT),
                               (_CHILDREN_ERRORS, _CHILDREN)):
            if name.startswith(prefixes):
                kinds[getattr(etree.ErrorTypes, name)] = kind
    return kinds


_PATH_STEP = re.compile(r"([^/\[\]]+)(?:\[(\d+)\])?")


@lru_cache(maxsize=1024)
def _path_steps(path: str) -> tuple[tuple[str, int], ...] | None:
    """A libxml2 error path (`/Response/Gather[2]/Say`) as (name, 1-based index) steps; None if it
    is not one. (Without an index the name is the only child of that name: libxml2 numbers the others.)
    Paths recur from document to document."""
    steps = path.split("/")
    if len(steps) < 2 or steps[0]:
        return None
    parsed = []
    for step in steps[1:]:
        match = _PATH_STEP.fullmatch(step)
        if match is None:
            return None
        parsed.append((match.group(1), int(match.group(2) or 1)))
    return tuple(parsed)


def _node_at(tree, steps, named: dict):
    """The element at a parsed error path, or None. `named` keeps the children of each (element,
    name) looked at, for the next path."""
    node = None
    for name, index in steps:
        if node is None:
            node = tree if tree.tag == name and index == 1 else None
        else:
            # (A loop over the children: lxml's tag-matching iterators cost more to set up.)
            same = named.get((node, name))
            if same is None:
                same = named[node, name] = []
                for child in node:  # (a loop: a list comprehension is one more call)
                    if child.tag == name:
                        same.append(child)
            node = same[index - 1] if index <= len(same) else None
        if node is None:
            return None
    return node


@lru_cache(maxsize=2)
def validator(unknown_values: bool = False) -> _Validator:
    """The XSD's validator; `unknown_values`: for a template's renderings (see _Validator)."""
    return _Validator(unknown_values)


_XS = "{http://www.w3.org/2001/XMLSchema}"
_UNKNOWN_TYPE = "fxUnknownValue"


def _accepting_unknown_values(xsd) -> None:
    """Make every attribute's type, and every simple content, of the XSD (in place) a union of
    itself and a value made only of a template's dynamic parts (MARK) and whitespace. Such a value
    is unknown until the template renders and no rule judges it (see dynamic.py): the XSD accepted
    it before only through an error, which libxml2 and lxml take far longer to make than a union
    takes to try (a value with literal parts as well is still the XSD's to judge, and its rules').
    The facts stay the XSD's own: this adds a member to each type, and restates none."""
    from lxml import etree
    root = xsd.getroot()
    unknown = etree.SubElement(root, _XS + "simpleType", name=_UNKNOWN_TYPE)
    restriction = etree.SubElement(unknown, _XS + "restriction", base="xs:string")
    etree.SubElement(restriction, _XS + "pattern", value=f"[\\s{MARK}]*{MARK}[\\s{MARK}]*")
    unions: dict[str, str] = {}

    def or_unknown(type_name: str) -> str:
        if type_name not in unions:
            name = unions[type_name] = f"fxOrUnknown.{type_name.replace(':', '.')}"
            union = etree.SubElement(etree.SubElement(root, _XS + "simpleType", name=name), _XS + "union")
            union.set("memberTypes", f"{type_name} {_UNKNOWN_TYPE}")
        return unions[type_name]

    for attribute in list(root.iter(_XS + "attribute")):
        if attribute.get("type"):
            attribute.set("type", or_unknown(attribute.get("type")))
            continue
        inline = attribute.find(_XS + "simpleType")
        if inline is not None:   # its own type, in a union with the unknown value
            wrapper = etree.Element(_XS + "simpleType")
            etree.SubElement(wrapper, _XS + "union", memberTypes=_UNKNOWN_TYPE).append(inline)
            attribute.append(wrapper)
    for extension in list(root.iter(_XS + "extension")):
        if extension.getparent().tag == _XS + "simpleContent":
            extension.set("base", or_unknown(extension.get("base")))


@lru_cache(maxsize=1)
def load() -> Catalog:
    with open(_HERE / "catalog.json", encoding="utf-8") as handle:
        return Catalog(json.load(handle))
