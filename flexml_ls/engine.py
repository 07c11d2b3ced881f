"""The engine: text -> parse (with positions) -> one walk running every rule -> diagnostics.

It knows nothing of the command line or the language server; both call `lint`.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from . import config as config_module
from .catalog import Catalog, load
from .config import Config
from .diagnostics import Diagnostic
from .parse import Document, Element, parse
from .rules import RULES, Context, Rule
from .rules.base import ElementInfo
from .source import Decoded, LineIndex, decode
from .suppressions import apply as apply_suppressions

log = logging.getLogger("flexml_ls")
_SUPPRESSION_CODES = {"FX901", "FX902"}


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
    result = lint(decoded.text, config or Config(), decoded=decoded)
    return result


def lint(text: str, config: Config, *, decoded: Decoded | None = None, catalog: Catalog | None = None) -> LintResult:
    catalog = catalog or load()
    lines = LineIndex(text)
    document = parse(text, lines)
    if decoded is not None and decoded.error:
        document.syntax_errors.insert(0, (decoded.error_offset, decoded.error))
    enabled = set(config.enabled_codes())
    rules = [RULES[code]() for code in RULES if code in enabled and code not in _SUPPRESSION_CODES]
    ctx = Context(document, catalog, lines)
    ctx.severity_overrides = config.severity
    _run(ctx, rules)
    diagnostics = apply_suppressions(ctx, ctx.diagnostics, enabled)
    for diagnostic in diagnostics:
        diagnostic.line, diagnostic.column = _one_based(lines.position(diagnostic.start))
        diagnostic.end_line, diagnostic.end_column = _one_based(lines.position(diagnostic.end))
    diagnostics.sort(key=Diagnostic.sort_key)
    return LintResult(text, lines, document, diagnostics, decoded)


def _one_based(position: tuple[int, int]) -> tuple[int, int]:
    return position[0] + 1, position[1] + 1


def _run(ctx: Context, rules: list[Rule]) -> None:
    """Run every rule's hooks; a rule that raises is logged and dropped, the others carry on."""
    broken: set[Rule] = set()

    def failed(rule: Rule) -> None:
        broken.add(rule)
        log.exception("rule %s (%s) failed; its diagnostics are skipped for this document", rule.code, rule.name)

    for rule in rules:
        try:
            rule.check_document(ctx)
        except Exception:  # noqa: BLE001 - one faulty rule must not cost the user every other diagnostic
            failed(rule)
    root = ctx.document.root
    if root is not None:
        element_rules = [r for r in rules if type(r).check_element is not Rule.check_element]
        by_type: dict = {}  # element type -> the rules that can find something on it
        ctx.info[root] = _resolve(root, None, ctx.catalog)
        stack = [root]
        while stack:
            element = stack.pop()
            element_type = ctx.info[element].type
            children = element.elements
            for child in children:
                ctx.info[child] = _resolve(child, element_type, ctx.catalog)
            applicable = by_type.get(element_type)
            if applicable is None:
                applicable = by_type[element_type] = [r for r in element_rules if r.applies_to(element_type)]
            for rule in applicable:
                if rule in broken:
                    continue
                try:
                    rule.check_element(element, ctx)
                except Exception:  # noqa: BLE001
                    failed(rule)
            stack.extend(reversed(children))
    for rule in rules:
        if rule not in broken:
            try:
                rule.finish(ctx)
            except Exception:  # noqa: BLE001
                failed(rule)


def _resolve(element: Element, parent_type, catalog: Catalog) -> ElementInfo:
    """Which catalog element this is, which type it has here, and whether it belongs here."""
    name = element.name
    canonical = name if name in catalog.element_types else catalog.element_names_by_casefold.get(name.casefold())
    if canonical is None:
        return ElementInfo(None, None, False)
    if parent_type is None:
        root_type = catalog.roots.get(canonical)
        if root_type is not None:
            return ElementInfo(canonical, root_type, True)
    elif canonical in parent_type.children:
        return ElementInfo(canonical, parent_type.child_type(canonical), True)
    return ElementInfo(canonical, catalog.element_types[canonical][0], False)
