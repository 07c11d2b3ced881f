"""The engine: text -> parse (with positions) -> one walk running every rule -> diagnostics.

It knows nothing of the command line or the language server; both call `lint`.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache

from . import config as config_module
from .catalog import Catalog, load, validator
from .config import Config
from .diagnostics import Diagnostic
from .parse import Document, lazy, parse, parse_tree
from .rules import RULES, SUPPRESSION_CODES, Context, Rule
from .source import Decoded, LineIndex, decode
from .suppressions import apply as apply_suppressions


@dataclass
class LintResult:
    text: str
    lines: LineIndex
    document: Document
    diagnostics: list[Diagnostic]
    decoded: Decoded | None = None


def lint_text(text: str, filename: str | None = None, *, config: Config | None = None) -> list[Diagnostic]:
    """Lint FlexML text; with a filename, the `[tool.flexml]` config above that file applies."""
    if config is None:
        config = config_module.for_path(filename) if filename else Config()
    return lint(text, config).diagnostics


def lint_bytes(data: bytes, config: Config | None = None) -> LintResult:
    """Lint a file's bytes, decoding them as the file says (BOM, `encoding=`, else UTF-8)."""
    decoded = decode(data)
    return lint(decoded.text, config or Config(), decoded=decoded)


def lint(text: str, config: Config, *, decoded: Decoded | None = None, catalog: Catalog | None = None) -> LintResult:
    """Every diagnostic for `text` under `config`, sorted by position, with 1-based lines/columns."""
    catalog = catalog or load()
    lines = LineIndex(text)
    document, schema_valid = _parse(text, lines, decoded)
    enabled = config.enabled_codes()
    ctx = Context(document, catalog, lines)
    ctx.severity_overrides = config.severity
    _run(ctx, _rule_set(tuple(enabled), schema_valid), _rule_set(tuple(enabled), True))
    diagnostics = apply_suppressions(ctx, ctx.diagnostics, enabled)
    for diagnostic in diagnostics:
        diagnostic.line, diagnostic.column = _one_based(lines.position(diagnostic.start))
        diagnostic.end_line, diagnostic.end_column = _one_based(lines.position(diagnostic.end))
    diagnostics.sort(key=Diagnostic.sort_key)
    return LintResult(text, lines, document, diagnostics, decoded)


def _parse(text: str, lines: LineIndex, decoded: Decoded | None) -> tuple[Document, bool]:
    """The document tree, and whether the XSD has already accepted it.

    Fast path: lxml parses (in C), and the tree the rules read is a view over lxml's, with offsets
    computed only where a diagnostic needs them. If the XSD also validates the document, the rules
    the XSD judges have nothing to find (the differential test proves it) and are skipped. Anything
    lxml's tree cannot stand for (broken XML, undecodable bytes, suppression comments, which need
    every comment's place, a DOCTYPE, namespaces) takes the scanner's path, with every offset.
    """
    tree, error = parse_tree(text)
    undecodable = decoded is not None and decoded.error
    if tree is not None and not undecodable and _lxml_view_usable(text):
        if validator().accepts(tree):
            return lazy.build(text, tree, lines, True), True
        # A small document with schema errors will need most offsets and most rules: the scanner's
        # tree is cheaper. A large one is mostly fine: verbs the XSD accepts on their own skip the
        # XSD-judged rules, and offsets are found only for what is reported.
        if len(text) >= lazy.WINDOWS_FROM:
            return lazy.build(text, tree, lines, False, validator().valid_children(tree)), False
    document = parse(text, lines, syntax_error=error)
    if undecodable:
        document.syntax_errors.insert(0, (decoded.error_offset, decoded.error))
    return document, False


def _lxml_view_usable(text: str) -> bool:
    """Whether lxml's tree can stand for the document (see _parse); tests switch it off."""
    return "flexml:" not in text and "<!DOCTYPE" not in text and "xmlns" not in text


def _one_based(position: tuple[int, int]) -> tuple[int, int]:
    return position[0] + 1, position[1] + 1


class _RuleSet:
    """The rules to run for one selection, and which of them apply to each element type."""

    def __init__(self, codes: tuple[str, ...], schema_valid: bool):
        self.rules = [RULES[code]() for code in codes if code not in SUPPRESSION_CODES
                      and not (schema_valid and RULES[code].schema_judged)]
        self.element_rules = [r for r in self.rules if type(r).check_element is not Rule.check_element]
        self.document_rules = [r for r in self.rules if type(r).check_document is not Rule.check_document]
        self.finishing_rules = [r for r in self.rules if type(r).finish is not Rule.finish]
        self.by_type: dict = {}
        self.names: tuple[str, ...] | None = None

    def element_names(self, catalog: Catalog) -> tuple[str, ...]:
        """Names of the elements having a type some element rule applies to."""
        if self.names is None:
            self.names = tuple(name for name, types in catalog.element_types.items()
                               if any(self.for_type(t) for t in types))
        return self.names

    def for_type(self, element_type) -> list[Rule]:
        found = self.by_type.get(element_type)
        if found is None:
            found = self.by_type[element_type] = [r for r in self.element_rules if r.applies_to(element_type)]
        return found


@lru_cache(maxsize=64)
def _rule_set(codes: tuple[str, ...], schema_valid: bool) -> _RuleSet:
    return _RuleSet(codes, schema_valid)


def _run(ctx: Context, rule_set: _RuleSet, without_schema_rules: _RuleSet) -> None:
    """Run every rule's hooks; a rule that raises is logged and dropped, the others carry on.

    `without_schema_rules` serves the parts of a document the XSD has already accepted."""
    broken: set[Rule] = set()

    def failed(rule: Rule) -> None:
        import logging  # only when a rule fails
        broken.add(rule)
        logging.getLogger("flexml_ls").exception(
            "rule %s (%s) failed; its diagnostics are skipped for this document", rule.code, rule.name)

    for rule in rule_set.document_rules:
        try:
            rule.check_document(ctx)
        except Exception:  # noqa: BLE001 - one faulty rule must not cost the user every other diagnostic
            failed(rule)
    root = ctx.document.root
    if isinstance(root, lazy.LazyElement) and root.schema_valid:
        # The XSD accepted the document: visit only elements some remaining rule can say anything about.
        visits = ((element, rule_set) for element in root.iter_named(rule_set.element_names(ctx.catalog)))
    elif isinstance(root, lazy.LazyElement) and ctx.document.valid_verbs:
        # Verbs the XSD accepts on their own need no XSD-judged rule either.
        valid = ctx.document.valid_verbs
        names = without_schema_rules.element_names(ctx.catalog)

        def verb_visits(verb):
            if verb in valid:
                return ((element, without_schema_rules) for element in verb.iter_named(names))
            return ((element, rule_set) for element in verb.iter())
        visits = itertools.chain([(root, rule_set)], *(verb_visits(verb) for verb in root.elements))
    elif root is not None:
        visits = ((element, rule_set) for element in root.iter())
    else:
        visits = ()
    for element, rules in visits:
        for rule in rules.for_type(ctx.info[element].type):
            if rule in broken:
                continue
            try:
                rule.check_element(element, ctx)
            except Exception:  # noqa: BLE001
                failed(rule)
    for rule in rule_set.finishing_rules:
        if rule not in broken:
            try:
                rule.finish(ctx)
            except Exception:  # noqa: BLE001
                failed(rule)
