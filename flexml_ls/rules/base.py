"""What every rule shares: its identity (code, name, severity) and the context it reports into.

A rule is a small class in its own module. Its docstring is its documentation page (what it checks,
why, a failing and a passing example); `flexml rule CODE` prints it and `docs/rules.md` is generated
from it. A rule overrides only the hooks it needs; the engine walks the tree once and calls them.
A rule the XSD does not judge may also give a `prefilter`: a cheap test on lxml's raw element,
built from the same facts, that lets the engine skip the rule where the XSD has accepted everything
and the test says there is nothing to find (tests/test_engine.py holds every prefilter to that).
"""
from __future__ import annotations


from functools import lru_cache

from ..catalog import Catalog, ComplexType, Placement, ValueProblem
from ..diagnostics import Diagnostic, Fix, Severity
from ..dynamic import is_dynamic, may_have_attribute
from ..parse import Attribute, Document, Element
from ..source import LineIndex


# What Context.resolved_attributes gives for each attribute, as a plain tuple (cheaper to make than a
# NamedTuple): (the attribute, the element's attribute it names in any letter case or None, what is
# wrong with its value or None).
ResolvedAttribute = tuple[Attribute, "str | None", "ValueProblem | None"]


class _InfoMap(dict):
    """Element -> Placement in the catalog, resolved on first use from the element's parent."""

    def __init__(self, catalog: Catalog):  # (an empty dict needs no dict.__init__)
        self.placement = catalog.placement

    def __missing__(self, element: Element) -> Placement:
        parent = element.parent
        info = self[element] = self.placement(element.name, None if parent is None else self[parent].type)
        return info


class Context:
    """One document being linted: its tree, the catalog, and the diagnostics found so far."""

    def __init__(self, document: Document, catalog: Catalog, lines: LineIndex):
        self.document = document
        self.catalog = catalog
        self.lines = lines
        self.text = document.text
        self.diagnostics: list[Diagnostic] = []
        self.info = _InfoMap(catalog)
        self._resolved: dict = {}
        self.severity_overrides: dict[str, Severity] = {}
        # What a rule works out once per document (by the rule's code), for rules that look beyond
        # the element they are asked about.
        self.memo: dict = {}

    def report(self, rule: Rule, start: int, end: int, message: str, fix: Fix | None = None) -> None:
        self.diagnostics.append(self.make(rule, start, end, message, fix))

    def make(self, rule: Rule, start: int, end: int, message: str, fix: Fix | None = None) -> Diagnostic:
        severity = self.severity_overrides.get(rule.code, rule.severity)
        return Diagnostic(rule.code, severity, message, start, max(start, end), fix)

    def resolved_attributes(self, element: Element) -> list[ResolvedAttribute]:
        """Each attribute with the declaration it names and its value's problem, computed once for
        the several rules that need them."""
        found = self._resolved.get(element)
        if found is None:
            found = self._resolved[element] = []
            element_type = self.info[element].type
            known = element_type.resolutions.get
            for attribute in element.attributes:
                name, value = attribute.name, attribute.value
                resolved = known((name, value)) or element_type.resolve_attribute(name, value)
                found.append((attribute, *resolved))
        return found

    def type_of(self, element: Element) -> ComplexType | None:
        return self.info[element].type

    def attribute(self, element: Element, name: str):
        """The element's attribute `name`, however its letter case is written."""
        return element.find_attribute(name)

    def has_value(self, element: Element, name: str, equals: str | None = None) -> bool:
        """Whether the attribute is set (and, given `equals`, has that value in any case)."""
        return is_set(element.attribute_value(name), equals)

    def may_have_value(self, element: Element, name: str, equals: str | None = None) -> bool:
        """has_value, or the value is not known before a template renders (a dynamic value, or an
        attribute a dynamic name may stand for: see dynamic.py). Rules that report an absence ask this."""
        attribute = element.find_attribute(name)
        if attribute is None:
            return may_have_attribute(element, name)
        return is_dynamic(attribute.value) or is_set(attribute.value, equals)

    def name_of(self, element: Element) -> str:
        """The element's canonical name when known, else its name as written."""
        return self.info[element].canonical or element.name


def is_set(value: str | None, equals: str | None = None) -> bool:
    """Whether an attribute's value counts as set (and, given `equals`, is that value in any case)."""
    if value is None:
        return False
    if equals is None:
        return bool(value.strip())
    return value.strip().casefold() == equals.casefold()


def always(node) -> bool:
    return True


def needing(attributes, test):
    """Mark a prefilter test that can say True only of an element with at least one of `attributes`:
    the engine then asks it only of such elements (one check for all of an element's marked tests)."""
    test.needs = frozenset(attributes)
    return test


def by_attribute_names(attributes, verdict):
    """A prefilter test whose answer depends only on which attributes an element has, and can be True
    only when it has one of `attributes` (as `needing`). `verdict(names)` gets the names as a tuple;
    it is asked once per tuple (the same sets of attributes recur from element to element), and the
    engine hands over the names it has already read (`test.of_names`)."""
    answers: dict = {}

    def of_names(names: tuple) -> bool:
        answer = answers.get(names)
        if answer is None:
            if len(answers) > 4096:
                answers.clear()
            answer = answers[names] = bool(verdict(names))
        return answer

    def test(node) -> bool:
        return of_names(tuple(node.keys()))
    test.of_names = of_names
    return needing(attributes, test)


class Rule:
    code: str = ""
    name: str = ""
    severity: Severity = Severity.ERROR
    fixable: bool = False
    # The appinfo fact this rule reads: it runs only on elements whose type has one.
    fact: str | None = None
    # True when the XSD judges exactly what this rule reports; the differential test proves it, and
    # the engine skips such rules for documents lxml has already validated against the XSD.
    schema_judged: bool = False
    # True for a rule the XSD judges that reports only on an element's attributes (their names,
    # values, presence): it is all an element whose only XSD errors are about attributes needs.
    about_attributes: bool = False
    # True for a rule the XSD judges that reports on an element only because of which children it has
    # (how many of each): all an element needs whose only XSD error is a child it did not expect.
    about_children: bool = False
    # True when it reports only what stops lxml from parsing a document (the engine skips it for a
    # document lxml has parsed).
    parse_judged: bool = False
    # True when what it reports is dead or redundant text (editors fade it).
    unnecessary: bool = False

    def applies_to(self, element_type: ComplexType | None) -> bool:
        """Whether check_element can find anything on elements of this type (None: unknown element)."""
        return element_type is not None and (self.fact is None or bool(element_type.facts_of(self.fact)))

    @classmethod
    def summary(cls) -> str:
        return cls.documentation().split("\n", 1)[0]

    @classmethod
    def documentation(cls) -> str:
        import inspect  # only `rule`, `rules` and the docs need it
        return inspect.getdoc(cls) or ""

    def prefilter(self, element_type: ComplexType):
        """For a document (or verb) the XSD has accepted: a test on the raw lxml element, of this type,
        that is False only when check_element has nothing to report on it (for a rule with `finish`:
        only when this element gives finish nothing to report). The engine asks it first, in one pass
        over lxml's tree, and builds the rule's view of an element only when it says True. None: the
        rule can never report on elements of this type. Names are exact here: the XSD accepted them.
        A test that needs one of some attributes says so with `needing`.
        """
        return always

    def prefilter_document(self, catalog: Catalog):
        """For a rule whose findings depend on several elements (a total, a duplicate): a test on the
        root of lxml's tree, False only when check_element has nothing to report anywhere in the
        document, whether the XSD accepted it or not (names may be in any letter case then). The
        engine asks it of a document (read through lxml's tree) only when the rule is to visit some
        element, and then visits none for this rule. None: no test.
        """
        return None

    def check_document(self, ctx: Context) -> None:
        """Called once, before the walk."""

    def check_element(self, element: Element, ctx: Context) -> None:
        """Called for every element of the document, in document order."""

    def finish(self, ctx: Context) -> None:
        """Called once, after the walk."""


def did_you_mean(name: str, candidates, exclude=()) -> str | None:
    """The candidate closest to `name`, leaving out `exclude`, if one is close enough: a near spelling
    first, one near in any letter case next (only looked for if need be). Rankings are memoised by
    the whole set of candidates (the same typos recur; what to leave out varies)."""
    candidates = tuple(candidates)
    if not candidates:
        return None
    for match in _close(name, candidates):
        if match not in exclude:
            return match
    for match in _close_in_any_case(name, candidates):
        if match not in exclude:
            return match
    return None


_CUTOFF = 0.75


@lru_cache(maxsize=2048)
def _close(name: str, candidates: tuple[str, ...]) -> list[str]:
    """difflib.get_close_matches(name, candidates, len(candidates), _CUTOFF): candidates close to
    `name`, best first. difflib is asked only about the candidates that pass its two cheap tests,
    computed here as difflib does (real_quick_ratio: their lengths; quick_ratio: how many letters
    they have in common, with repeats), after a cheaper bound on the second (the distinct letters in
    common, found in C, and the repeats in `name`): in difflib each is a loop in Python."""
    letters = set(name)
    length = len(name)
    repeats = length - len(letters)
    passing = []
    for candidate in candidates:
        total = len(candidate) + length
        if 2.0 * min(len(candidate), length) / total < _CUTOFF:
            continue  # (real_quick_ratio; `total` > 0: a candidate is never empty)
        shared = letters.intersection(candidate)
        if 2.0 * (len(shared) + repeats) / total < _CUTOFF:
            continue  # (more than quick_ratio)
        common = 0
        for letter in shared:
            common += min(name.count(letter), candidate.count(letter))
        if 2.0 * common / total >= _CUTOFF:  # (quick_ratio)
            passing.append(candidate)
    if not passing:
        return []
    import difflib  # only when a name is unknown
    return difflib.get_close_matches(name, passing, n=len(candidates), cutoff=_CUTOFF)


@lru_cache(maxsize=2048)
def _close_in_any_case(name: str, candidates: tuple[str, ...]) -> list[str]:
    """The candidates close to `name` when letter case is ignored, best first (of two that fold
    alike, the last)."""
    by_fold = {candidate.casefold(): candidate for candidate in candidates}
    return [by_fold[match] for match in _close.__wrapped__(name.casefold(), tuple(by_fold))]
