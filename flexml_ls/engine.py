"""The engine: text -> parse (with positions) -> one walk running every rule -> diagnostics.

It knows nothing of the command line or the language server; both call `lint`.
"""
from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from . import callflow
from . import config as config_module
from .catalog import ATTRIBUTES_ONLY, EVERYTHING, Catalog, load, validator
from .config import Config
from .diagnostics import Diagnostic
from .dynamic import MARK, PAD, shown
from .parse import Document, lazy, parse, parse_tree
from .rules import RULES, SUPPRESSION_CODES, Context, Rule
from .rules import select as select_rules
from .rules.base import always, by_attribute_names, needing
from .source import Decoded, LineIndex, decode
from .suppressions import apply as apply_suppressions


_LINE_BREAK = re.compile(r"[\r\n]")


class LintResult:
    """A linted text: its diagnostics, and what adapters need to place them (its lines, its tree)."""

    __slots__ = ("text", "diagnostics", "decoded", "_lines", "_document", "_tree", "template")

    def __init__(self, text: str, lines: LineIndex | None, document: Document | None, diagnostics: list[Diagnostic],
                 decoded: Decoded | None = None, tree=None):
        self.text = text
        self.diagnostics = diagnostics
        self.decoded = decoded
        self._lines = lines
        self._document = document
        self._tree = tree          # lxml's tree of a clean document, until `document` is asked for
        self.template = None       # a template's Renderings (flexml_ls.template), else None

    # A clean document needs neither a line index nor a tree view until an adapter asks (most never do).
    @property
    def lines(self) -> LineIndex:
        if self._lines is None:
            self._lines = LineIndex(self.text)
        return self._lines

    @property
    def document(self) -> Document:
        if self._document is None:
            if self.template is not None:
                self._document = _template_document(self.template, self.text, self.lines)
            else:
                self._document = lazy.build(self.text, self._tree)
                self._tree = None
        return self._document

    def __repr__(self) -> str:
        return f"LintResult({len(self.diagnostics)} diagnostics, {len(self.text)} characters)"


def lint_text(text: str, filename: str | None = None, *, config: Config | None = None) -> list[Diagnostic]:
    """Lint FlexML text; with a filename, the `[tool.flexml]` config above that file applies."""
    if config is None:
        config = config_module.for_path(filename) if filename else Config()
    return lint(text, config, filename=filename).diagnostics


def lint_bytes(data: bytes, config: Config | None = None, *, filename: str | None = None) -> LintResult:
    """Lint a file's bytes, decoding them as the file says (BOM, `encoding=`, else UTF-8)."""
    decoded = decode(data)
    return lint(decoded.text, config or Config(), decoded=decoded, filename=filename)


def lint_many(files: list[tuple]) -> list[LintResult]:
    """`lint_bytes` for each of many files' (bytes, config) or (bytes, config, filename), with the
    same results, stage by stage: every file decoded, then every one parsed, then validated, then
    each one's rules run. Keeping to one stage at a time keeps that stage's code (libxml2's parser,
    its validator, the rules) in the processor's caches: about a tenth faster than file by file on
    small documents (bench/bench_lint.py). Take batches of some dozens: every tree of a batch is
    alive at once. (Templates are linted one by one: see `lint`.)"""
    files = [(item[0], item[1].for_file(item[2]), item[2]) if len(item) > 2 and item[1].per_file_ignores else item
             for item in files]  # (`per-file-ignores`: most configs have none)
    if any(callflow.handles(item[2] if len(item) > 2 else None, item[0]) for item in files):  # JSON: file by file
        return [lint_bytes(item[0], item[1], filename=item[2] if len(item) > 2 else None) for item in files]
    decoded = [decode(each[0]) for each in files]
    languages = [_template_language(each.text, item[1], item[2] if len(item) > 2 else None, each)
                 for each, item in zip(decoded, files)]
    parsed = [None if language else _parse(each.text, each) for each, language in zip(decoded, languages)]
    judged = [None if each is None else _judge(*each) for each in parsed]
    catalog = load()
    return [_lint(each.text, item[1], each, catalog, verdict, _rule_sets_of(item[1])) if language is None
            else _lint_template(each.text, item[1], language, item[2] if len(item) > 2 else None, each, catalog)
            for each, item, verdict, language in zip(decoded, files, judged, languages)]


def lint(text: str, config: Config, *, filename: str | None = None, decoded: Decoded | None = None,
         catalog: Catalog | None = None) -> LintResult:
    """Every diagnostic for `text` under `config`, sorted by position, with 1-based lines/columns.
    A template (see `flexml_ls.template.language_of`: by `config.template`, the file's name and its
    content) is linted as its renderings (see _lint_template)."""
    if config.per_file_ignores:
        config = config.for_file(filename)
    if callflow.handles(filename, text):  # JSON call flows and call requests
        return callflow.lint(text, config, decoded=decoded, filename=filename)
    language = _template_language(text, config, filename, decoded)
    if language is not None:
        return _lint_template(text, config, language, filename, decoded, catalog or load())
    return _lint(text, config, decoded, catalog or load(), _judge(*_parse(text, decoded)), _rule_sets_of(config))


def _template_language(text: str, config: Config, filename, decoded: Decoded | None = None) -> str | None:
    """"django" or "jinja2" for a template, None for a plain document (and for bytes that did not
    decode: the document path reports that, FX001)."""
    if config.template == "none" or "{" not in text or (decoded is not None and decoded.error):
        return None
    return _template_modules()[0].language_of(filename, text, config.template)


@lru_cache(maxsize=None)
def _template_modules() -> tuple:
    """flexml_ls.template and its render and suppressions modules, imported with the first template
    (a plain document never needs them: the CLI starts leaner), once (an import statement in the
    function would cost each template's lint the import machinery)."""
    from . import template
    from .template import render, suppressions
    return template, render, suppressions


# Codes whose verdict on an element depends only on its name, its ancestors and the attribute it
# points at. Beyond MAX_RENDERINGS (renderings then only cover every alternative: see
# template.render.covering), these are reported when they hold in each rendering examined that
# holds their text, and only when every choice's alternatives open and close the same elements (so
# an element's ancestors are the same in every rendering): each is then true of the renderings it
# was found in. Everything else (structure, flow, cross-attribute findings) is dropped.
_LOCAL_CODES = frozenset({"FX102", "FX103", "FX104", "FX107", "FX108", "FX201", "FX202"})
# Codes about dynamic names themselves (their range may lie on dynamic text alone).
_ABOUT_DYNAMIC = frozenset({"FX120"})


def _lint_template(text: str, config: Config, language: str, filename, decoded: Decoded | None,
                   catalog: Catalog) -> LintResult:
    """A template, linted as each of its renderings (through the ordinary document path). A
    diagnostic is reported when it holds (same code, same range in the template) in every rendering
    in which its text appears; never when its range lies on template syntax or dynamic text alone
    (unless it is about dynamic names, FX120). A fix is kept when its edits lie in literal text and
    are the same in every rendering that found it. Template syntax errors (FX003) stop the rest: the
    engine would not render the template. Suppressions in template comments apply to the result."""
    template, render, suppressions = _template_modules()
    rendered = template.render_all(text, filename=filename, language=language, search_dirs=config.template_dirs)
    rule_sets = _rule_sets_of(config)
    diagnostics: list[Diagnostic] = []
    if rendered.syntax_errors and "FX003" in rule_sets[0].codes:
        severity = config.severity.get("FX003", RULES["FX003"].severity)
        diagnostics = [Diagnostic("FX003", severity, message, start, end)
                       for start, end, message in rendered.syntax_errors]
    found: dict[str, dict] = {}    # rendering's text -> {(code, start, end): (diagnostic, fix in the template)}

    def linted(rendering) -> dict:
        mine = found.get(rendering.text)
        if mine is not None:
            return mine
        # The fast path, unless a value holds PAD (template syntax inside an attribute value: only
        # the scanner leaves it out of the value).
        judged = _judge(None, parse_tree(rendering.text)[1]) if PAD in rendering.text \
            else _judge(*_parse(rendering.text, None), unknown_values=True)
        result = _lint(rendering.text, config, None, catalog, judged, rule_sets)
        mine = found[rendering.text] = {}
        for diagnostic in result.diagnostics:
            start, end = rendering.to_source(diagnostic.start), rendering.to_source(diagnostic.end)
            if start is not None and end is not None:
                start, end = rendering.widened(start, end)
                mine[(diagnostic.code, start, end)] = (diagnostic, _source_fix(diagnostic.fix, rendering))
        return mine

    # Every text any rendering shows is shown by one of `first`: what holds in every rendering
    # showing its text is found there first, then confirmed (or not) by the others showing it.
    reported = set()
    for rendering in ([] if rendered.syntax_errors else rendered.first):
        for key, (diagnostic, fix) in linted(rendering).items():
            code, start, end = key
            if key in reported or (not rendered.exhaustive and (code not in _LOCAL_CODES or not rendered.balanced)):
                continue
            if code not in _ABOUT_DYNAMIC and not rendering.shows(start, end, (render.LIT,)):
                continue  # on template syntax or dynamic text alone
            showing = [other for other in rendered.renderings if other.shows(start, end)]
            holding = [linted(other).get(key) for other in showing]
            if any(each is None for each in holding):
                continue
            reported.add(key)
            kept_fix = None
            if fix is not None and len({each[1] for each in holding}) == 1 and all(
                    _in_literal(edit, other) for other in showing for edit in fix.edits):
                kept_fix = fix
            message = diagnostic.message
            written = rendering.text[diagnostic.start:diagnostic.end]
            if MARK in written and "\n" not in text[start:end]:
                # The message quotes the rendering's text: quote the template's (`{{ k }}`, not MARK).
                message = message.replace(written.strip(), text[start:end])
            message = shown(message).replace(PAD, "")
            diagnostics.append(Diagnostic(code, diagnostic.severity, message, start, end, kept_fix))
    if not diagnostics and not rendered.comments:   # (a clean template: nothing to place)
        result = LintResult(text, None, None, diagnostics, decoded)
        result.template = rendered
        return result
    lines = LineIndex(text)
    if rendered.comments:
        diagnostics = suppressions.apply(rendered.comments, diagnostics, lines, set(rule_sets[0].codes),
                                      config.severity)
    syntax_error = min((d.start for d in diagnostics if d.code == "FX001"), default=None)
    if syntax_error is not None:  # (a rendering without the error may have offered a fix past it)
        _keep_fixes_before(diagnostics, syntax_error)
    for diagnostic in diagnostics:
        _place(diagnostic, lines)
    diagnostics.sort(key=Diagnostic.sort_key)
    result = LintResult(text, lines, None, diagnostics, decoded)
    result.template = rendered   # (its document, when an adapter asks: _template_document)
    return result


def _template_document(rendered, text: str, lines: LineIndex) -> Document:
    """The tree adapters read for a template: its first rendering's (same offsets as the template),
    or, for a child of a base or a template with syntax errors, the template's own text."""
    if not rendered.syntax_errors and not rendered.extends and rendered.first:
        return parse(rendered.first[0].text, lines, syntax_error=None)
    return parse(text, lines, syntax_error=None)


def _source_fix(fix, rendering):
    """A rendering's fix with its edits in template offsets (None: an edit reaches the base)."""
    if fix is None:
        return None
    edits = []
    for edit in fix.edits:
        start, end = rendering.to_source(edit.start), rendering.to_source(edit.end)
        if start is None or end is None:
            return None
        edits.append(edit._replace(start=start, end=end))
    return fix._replace(edits=tuple(edits))


def _in_literal(edit, rendering) -> bool:
    """Whether an edit touches literal text alone (an insertion: beside literal text)."""
    if edit.start == edit.end:
        return rendering.covers(max(0, edit.start - 1), edit.start + 1)
    return rendering.covers(edit.start, edit.end)


def _lint(text: str, config: Config, decoded: Decoded | None, catalog: Catalog, judged: tuple,
          rule_sets: tuple) -> LintResult:
    """`lint`, given what _judge said of the text and the config's rule sets (see lint_many)."""
    every_rule, without_schema_rules = rule_sets
    tree, lxml_view, schema_valid, suspects = judged
    visits = None
    if schema_valid:
        # The common case, kept lean: the XSD has accepted the document, so only the rules it does not
        # judge can find anything, and only where their prefilters point.
        finishing: set = set()
        visits = _prefiltered(tree.iter(), without_schema_rules.gated_prefilters(catalog), finishing)
        if visits:
            visits = _confirmed(visits, tree, without_schema_rules.document_prefilters(catalog))
        if not visits and not finishing and not without_schema_rules.document_rules_after_lxml:
            return LintResult(text, None, None, [], decoded, tree)
    lines = LineIndex(text)
    if lxml_view:
        document = lazy.build(text, tree, suspects)
        if visits is not None:
            visits = ([(document.root.wrap(node), rules) for node, rules in visits], finishing)
    else:
        document = parse(text, lines, syntax_error=tree)
        if decoded is not None and decoded.error:
            document.syntax_errors.insert(0, (decoded.error_offset, decoded.error))
    ctx = Context(document, catalog, lines)
    ctx.severity_overrides = config.severity
    _run(ctx, without_schema_rules if schema_valid else every_rule, without_schema_rules, visits)
    diagnostics = apply_suppressions(ctx, ctx.diagnostics, every_rule.codes)
    if document.syntax_errors:
        _keep_fixes_before(diagnostics, min(offset for offset, _ in document.syntax_errors))
    for diagnostic in diagnostics:
        _place(diagnostic, lines)
    diagnostics.sort(key=Diagnostic.sort_key)
    return LintResult(text, lines, document, diagnostics, decoded)


def _parse(text: str, decoded: Decoded | None) -> tuple:
    """(lxml's tree, None), (None, lxml's syntax error) or (None, None): lxml's tree cannot stand for
    the document (see _judge)."""
    # (The decoded bytes stand for `text` only if it is their text: never parse a file's old bytes.)
    tree, error = parse_tree(text, decoded.utf8 if decoded is not None and decoded.text is text else None)
    if tree is None:
        return None, error
    if (decoded is not None and decoded.error) or not _lxml_view_usable(text) or _many_attributes(text, tree) \
            or _many_children(text, tree):
        return None, None
    return tree, None


# lxml reads an element's attribute values (`items()`, `values()`) in time quadratic in their number:
# past this many on one element the scanner's tree, linear, stands for the document.
_MANY_ATTRIBUTES = 256


def _many_attributes(text: str, tree) -> bool:
    # (Most documents: too short to hold that many (each takes ` a=""` at least), or one search in C.)
    if len(text) < 5 * _MANY_ATTRIBUTES or text.count("=") < _MANY_ATTRIBUTES:
        return False
    return any(len(node.attrib) >= _MANY_ATTRIBUTES for node in tree.iter(etree.Element))


# lxml records the path of each XSD error's element (libxml2's xmlGetNodePath, which counts the
# element's siblings to write `Say[1234]`): validating many sibling elements with errors takes time
# quadratic in their number (16,000 took 17 s). Past this many children of one element the scanner's
# tree, linear, stands for the document. (Not fewer: a valid document validates in linear time, and
# 2,000 verbs on lxml's path lint in less than half the scanner's time; 4,096 siblings that all have
# errors cost about a second at most.)
_MANY_CHILDREN = 4096


def _many_children(text: str, tree) -> bool:
    if len(text) < 4 * _MANY_CHILDREN:  # (each child takes `<a/>` at least)
        return False
    return any(len(node) >= _MANY_CHILDREN for node in tree.iter(etree.Element))


def _judge(tree, error, unknown_values: bool = False) -> tuple:
    """(lxml's tree, True, whether the XSD accepts it, the elements its errors may concern (see
    catalog._Validator.judge)); or (lxml's syntax error or None, False, False, None) when the
    scanner's tree must stand for the document.

    Fast path: lxml parses (in C), and the tree the rules read is a view over lxml's, with offsets
    computed only where a diagnostic needs them. If the XSD also validates the document, the rules
    the XSD judges have nothing to find (the differential test proves it) and are skipped; if not,
    they are skipped on every element the XSD's errors cannot concern. Anything lxml's tree cannot
    stand for (broken XML, undecodable bytes, suppression comments, which need every comment's
    place, a DOCTYPE, namespaces) takes the scanner's path, with every offset.
    """
    if tree is None:
        return error, False, False, None
    valid, suspects = validator(unknown_values).judge(tree)
    return tree, True, valid, suspects


def _lxml_view_usable(text: str) -> bool:
    """Whether lxml's tree can stand for the document (see _judge); tests switch it off."""
    # Suppressions and a DOCTYPE both begin `<!`, which most documents never hold. (A search for one
    # character is many times cheaper than for several: most texts are ruled out by `!` alone.)
    return "xmlns" not in text and ("!" not in text or ("flexml:" not in text and "<!DOCTYPE" not in text))


def _keep_fixes_before(diagnostics: list[Diagnostic], error: int) -> None:
    """Drop every fix with an edit reaching past the first syntax error: from there on the scanner's
    tree is a guess (an unterminated comment runs to the end of the text), and a fix made from a
    guess may remove text that is not its own."""
    for diagnostic in diagnostics:
        fix = diagnostic.fix
        if fix is not None and any(edit.end > error for edit in fix.edits):
            diagnostic.fix = None


def _place(diagnostic: Diagnostic, lines: LineIndex) -> None:
    """Set a diagnostic's 1-based lines and columns from its offsets."""
    line, column = lines.position(diagnostic.start)
    diagnostic.line, diagnostic.column = line + 1, column + 1
    start, end = max(0, diagnostic.start), min(diagnostic.end, len(lines.text))
    if start <= end and not _LINE_BREAK.search(lines.text, start, end):  # (most ranges: one line)
        diagnostic.end_line, diagnostic.end_column = line + 1, column + 1 + end - start
    else:
        line, column = lines.position(diagnostic.end)
        diagnostic.end_line, diagnostic.end_column = line + 1, column + 1


class _RuleSet:
    """The rules to run for one selection, which of them apply to each element type, and their
    prefilters by element name (for the parts of a document the XSD has accepted)."""

    def __init__(self, codes: tuple[str, ...], schema_valid: bool):
        self.codes = codes
        # (Rules of other dialects (flows, JSON) override none of the engine's hooks: not made here.)
        self.rules = [RULES[code]() for code in codes if code not in SUPPRESSION_CODES
                      and not (schema_valid and RULES[code].schema_judged) and _runs_on_documents(RULES[code])]
        self.element_rules = [r for r in self.rules if type(r).check_element is not Rule.check_element]
        self.document_rules = [r for r in self.rules if type(r).check_document is not Rule.check_document]
        self.document_rules_after_lxml = [r for r in self.document_rules if not r.parse_judged]
        self.finishing_rules = [r for r in self.rules if type(r).finish is not Rule.finish]
        self.by_type: dict = {}
        self.by_type_for_aspect: dict = {}
        self.by_suspicion: dict = {}
        self._prefilters: dict | None = None
        self._gated: dict | None = None
        self._document_prefilters: dict | None = None

    def for_type(self, element_type) -> list[Rule]:
        found = self.by_type.get(element_type)
        if found is None:
            found = self.by_type[element_type] = [r for r in self.element_rules if r.applies_to(element_type)]
        return found

    def for_type_aspect(self, element_type, suspicion: str) -> list[Rule]:
        """The rules the XSD judges that report only on this type's attributes (ATTRIBUTES_ONLY), or
        only because of which children it has (CHILDREN_ONLY)."""
        key = (element_type, suspicion)
        found = self.by_type_for_aspect.get(key)
        if found is None:
            about = "about_attributes" if suspicion is ATTRIBUTES_ONLY else "about_children"
            found = self.by_type_for_aspect[key] = [
                r for r in self.for_type(element_type) if r.schema_judged and getattr(r, about)]
        return found

    def for_suspect(self, element_type, name: str | None, suspicion: str, prefilters: dict,
                    catalog: Catalog) -> tuple[list, tuple | None, dict | None]:
        """For an element the XSD's errors may concern: the rules it gets in any case, the prefilter
        tests (of `prefilters`, under the catalog's `name` for it) of the other rules to ask, as
        `_picked` reads them (None: none), and the catalog's spellings of its attributes for them.
        EVERYTHING: every rule, and the finishing rules' tests. ATTRIBUTES_ONLY (CHILDREN_ONLY): the
        rules the XSD judges that report on attributes (because of children), and every other rule's
        test. (The tests are asked of an _AnyCase, which names attributes as the catalog spells them.)"""
        key = (element_type, name, suspicion)
        found = self.by_suspicion.get(key)
        if found is None:
            if suspicion is EVERYTHING:
                rules = self.for_type(element_type)
                tests = [test for test in prefilters.get(name, ()) if test[2]]
            else:
                rules = self.for_type_aspect(element_type, suspicion)
                tests = [test for test in prefilters.get(name, ()) if test[0] not in rules]
            found = self.by_suspicion[key] = (rules, _gated(tests) if tests else None,
                                              catalog.attribute_spellings(name) if tests else None)
        return found

    def prefilters(self, catalog: Catalog) -> dict[str, list[tuple]]:
        """Element name -> (rule, test on the raw lxml element, whether the rule's hook is `finish`,
        the attributes the test needs (see rules.base.needing) or None, the test as a function of the
        element's attribute names (see rules.base.by_attribute_names) or None) for every rule that may
        report there. A name takes several types in different parents: the tests of all of them are asked."""
        if self._prefilters is None:
            self._prefilters = {}
            for name, types in catalog.element_types.items():
                tests = []
                for rule in self.element_rules + self.finishing_rules:
                    found = [test for test in (_prefilter(rule, t) for t in types if rule.applies_to(t)) if test]
                    finisher = rule in self.finishing_rules
                    if found:
                        test = found[0] if len(found) == 1 else _either(found)
                        tests.append((rule, test, finisher, getattr(test, "needs", None), getattr(test, "of_names", None)))
                if tests:
                    self._prefilters[name] = tests
        return self._prefilters

    def gated_prefilters(self, catalog: Catalog) -> dict[str, tuple[list, frozenset | None, list]]:
        """The prefilters by element name, for elements the XSD has accepted (so with exact attribute
        names), as `_picked` reads them: (its prefilters, every attribute some test needs, the tests
        that need none). An element with none of those attributes is spared all the tests that need
        some at once."""
        if self._gated is None:
            self._gated = {name: _gated(tests) for name, tests in self.prefilters(catalog).items()}
        return self._gated


    def document_prefilters(self, catalog: Catalog) -> dict:
        """Rule -> its test of a whole document (see Rule.prefilter_document), for the element rules
        that have one."""
        if self._document_prefilters is None:
            tests = ((rule, _prefilter_of_documents(rule, catalog)) for rule in self.element_rules)
            self._document_prefilters = {rule: test for rule, test in tests if test is not None}
        return self._document_prefilters


def _confirmed(visits: list, root, tests: dict) -> list:
    """`visits` (see _prefiltered) without the rules whose document test (`tests`: see
    _RuleSet.document_prefilters) says the document holds nothing for them."""
    asked: dict = {}
    for _, rules in visits:
        for rule in rules:
            test = tests.get(rule)
            if test is not None and rule not in asked:
                try:
                    asked[rule] = test(root)
                except Exception:  # noqa: BLE001 - the rule's own hook will fail, and be reported, instead
                    asked[rule] = True
    if all(asked.values()):  # (also the usual case: no rule with a document test was picked)
        return visits
    kept = []
    for node, rules in visits:
        rules = [rule for rule in rules if asked.get(rule, True)]
        if rules:
            kept.append((node, rules))
    return kept


def _prefilter_of_documents(rule: Rule, catalog: Catalog):
    try:
        return rule.prefilter_document(catalog)
    except Exception:  # noqa: BLE001 - a broken prefilter costs speed, not diagnostics
        import logging
        logging.getLogger("flexml_ls").exception("rule %s (%s): document prefilter failed; the rule runs everywhere",
                                                 rule.code, rule.name)
        return None


def _runs_on_documents(rule: type[Rule]) -> bool:
    """Whether the engine calls any of the rule's hooks."""
    return any(getattr(rule, hook) is not getattr(Rule, hook) for hook in ("check_document", "check_element", "finish"))


def _gated(tests: list) -> tuple[list, frozenset | None, list]:
    """Prefilter tests as `_picked` reads them: (the tests, every attribute some test needs, the tests
    that need none)."""
    gate = frozenset().union(*(test[3] for test in tests if test[3]))
    return tests, gate or None, [test for test in tests if test[3] is None]


def _prefilter(rule: Rule, element_type):
    try:
        return rule.prefilter(element_type)
    except Exception:  # noqa: BLE001 - a broken prefilter costs speed, not diagnostics
        import logging
        logging.getLogger("flexml_ls").exception("rule %s (%s): prefilter failed; the rule runs everywhere",
                                                 rule.code, rule.name)
        return always


def _either(tests: list):
    if all(getattr(test, "of_names", None) for test in tests):
        # (Still a function of the names alone: the engine hands over the names it has read.)
        return by_attribute_names(frozenset().union(*(test.needs for test in tests)),
                                  lambda names: any(test.of_names(names) for test in tests))

    def either(node) -> bool:
        for test in tests:
            if test(node):
                return True
        return False
    if all(getattr(test, "needs", None) for test in tests):
        return needing(frozenset().union(*(test.needs for test in tests)), either)
    return either


def _rule_sets_of(config: Config) -> tuple[_RuleSet, _RuleSet]:
    return _rule_sets(None if config.select is None else tuple(config.select), tuple(config.ignore))


@lru_cache(maxsize=64)
def _rule_sets(select: tuple[str, ...] | None, ignore: tuple[str, ...]) -> tuple[_RuleSet, _RuleSet]:
    """The rules a selection enables: all of them, and those the XSD does not judge."""
    codes = tuple(select_rules(None if select is None else list(select), list(ignore)))
    return _RuleSet(codes, False), _RuleSet(codes, True)


def _prefiltered(nodes, gated: dict, finishing: set) -> list:
    """(lxml node, [rule]) for each node some prefilter picks out, in document order, of nodes the XSD
    has accepted (`gated`: see _RuleSet.gated_prefilters). The codes of the finishing rules some node
    asks for are added to `finishing`."""
    visits = []
    tests_for = gated.get
    # Every node: lxml matching a list of names costs more than a dictionary lookup (comments find none).
    for node in nodes:
        found = tests_for(node.tag)
        if found is not None:
            rules = _picked(found, node, finishing)
            if rules:
                visits.append((node, rules))
    return visits


def _picked(found: tuple, node, finishing: set) -> list | None:
    """The rules whose prefilters pick out `node` (`found`: its name's entry in
    _RuleSet.gated_prefilters); the codes of the finishing ones are added to `finishing` instead."""
    tests, gate, ungated = found
    present = names = ()
    if gate is not None:
        present = node.keys()
        if gate.isdisjoint(present):
            tests = ungated
    rules = None
    for rule, test, finisher, needs, of_names in tests:
        if needs is not None and needs.isdisjoint(present):
            continue
        try:
            if of_names is None:
                asked = test(node)
            else:
                names = names or tuple(present)
                asked = of_names(names)
        except Exception:  # noqa: BLE001 - the rule's own hook will fail, and be reported, instead
            asked = True
        if asked:
            if finisher:
                finishing.add(rule.code)
            elif rules is None:
                rules = [rule]
            else:
                rules.append(rule)
    return rules


def _lxml_visits(ctx: Context, rule_set: _RuleSet, without_schema_rules: _RuleSet, finishing: set) -> list:
    """(element, [rule]) to visit in a tree over lxml's. An element the XSD's errors may concern gets
    every rule; any other only the rules whose prefilters pick it out. The codes of the finishing
    rules some element asks for are added to `finishing`."""
    root = ctx.document.root
    suspects = root.suspects
    table = without_schema_rules.prefilters(ctx.catalog)
    gated = without_schema_rules.gated_prefilters(ctx.catalog).get
    visits = []
    for node in root.lxml_iter():
        suspicion = suspects.get(node)
        if suspicion is None:
            found = gated(node.tag)
            rules = None if found is None else _picked(found, node, finishing)
            if rules:
                visits.append((root.wrap(node), rules))
            continue
        element = root.wrap(node)
        info = ctx.info[element]
        rules, tests, spellings = rule_set.for_suspect(info.type, info.canonical, suspicion, table, ctx.catalog)
        if tests:
            # Rules read names as the catalog spells them, attributes in any letter case.
            asked = _picked(tests, _AnyCase(node, info.canonical, spellings), finishing)
            if asked:
                rules = rules + asked
        visits.append((element, rules))
    if visits:  # (the rule sets' instances of a rule differ: the suspects' come from `rule_set`)
        tests = {**rule_set.document_prefilters(ctx.catalog), **without_schema_rules.document_prefilters(ctx.catalog)}
        visits = _confirmed(visits, next(root.lxml_iter()), tests)
    return visits


class _AnyCase:
    """An lxml element as a prefilter may see it when the XSD has not accepted it: under the name
    the catalog gives it, with attributes found in any letter case (as the rules find them) and
    named as the catalog spells them (`spellings`: see Catalog.attribute_spellings). What it does not
    offer fails the test, and so runs the rule (see `_picked`)."""

    def __init__(self, node, name: str, spellings: dict):
        self._node = node
        self.tag = name
        self.text = node.text
        self._spellings = spellings
        self._folded: dict | None = None

    def keys(self) -> list[str]:
        spellings = self._spellings
        return [spellings.get(key.casefold(), key) for key in self._node.keys()]

    def get(self, name: str):
        value = self._node.get(name)  # an exact spelling wins, as in Element.find_attribute
        if value is None and len(self._node.attrib):
            if self._folded is None:
                self._folded = {}
                for key, each in reversed(self._node.items()):  # the first of two spellings wins
                    self._folded[key.casefold()] = each
            value = self._folded.get(name.casefold())
        return value

    def __len__(self) -> int:
        return len(self._node)

    def __iter__(self):
        return iter(self._node)

    def getnext(self):
        return self._node.getnext()

    def itersiblings(self, *args, **kwargs):
        return self._node.itersiblings(*args, **kwargs)


def _run(ctx: Context, rule_set: _RuleSet, without_schema_rules: _RuleSet, prefiltered=None) -> None:
    """Run every rule's hooks; a rule that raises is logged and dropped, the others carry on.

    `without_schema_rules` serves the parts of a document the XSD has already accepted: there only
    the elements a rule's prefilter picks out (in one pass over lxml's tree) are visited.
    `prefiltered`: that pass's (visits, finishing codes), if already made (a document the XSD accepted)."""
    broken: set[Rule] = set()

    def failed(rule: Rule) -> None:
        import logging  # only when a rule fails
        broken.add(rule)
        logging.getLogger("flexml_ls").exception(
            "rule %s (%s) failed; its diagnostics are skipped for this document", rule.code, rule.name)

    root = ctx.document.root
    for rule in rule_set.document_rules_after_lxml if isinstance(root, lazy.LazyElement) else rule_set.document_rules:
        try:
            rule.check_document(ctx)
        except Exception:  # noqa: BLE001 - one faulty rule must not cost the user every other diagnostic
            failed(rule)
    finishing = rule_set.finishing_rules
    if prefiltered is not None:
        visits, asked = prefiltered
        finishing = [rule for rule in finishing if rule.code in asked]
    elif isinstance(root, lazy.LazyElement) and root.suspects is not None:
        asked: set[str] = set()
        visits = _lxml_visits(ctx, rule_set, without_schema_rules, asked)
        finishing = [rule for rule in finishing if rule.code in asked]
    elif root is not None:
        visits = ((element, rule_set.for_type(ctx.info[element].type)) for element in root.iter())
    else:
        visits = ()
    for element, rules in visits:
        for rule in rules:
            if rule in broken:
                continue
            try:
                rule.check_element(element, ctx)
            except Exception:  # noqa: BLE001
                failed(rule)
    for rule in finishing:
        if rule not in broken:
            try:
                rule.finish(ctx)
            except Exception:  # noqa: BLE001
                failed(rule)
