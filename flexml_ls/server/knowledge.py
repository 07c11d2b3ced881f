"""What the editor shows about elements, attributes and rules, read from the catalog and the rules.

Every fact comes from the XSD (through `flexml_ls.catalog`) or from a rule's docstring; this module
only arranges them as Markdown. The wording for the appinfo vocabulary (`fx:flow` effects and the
other facts) follows `schema/README.md`.
"""
from __future__ import annotations

import inspect
from functools import lru_cache
from pathlib import Path

from ..catalog import AttributeDecl, Catalog, ComplexType, SimpleType
from ..rules import RULES

_EFFECTS = {
    "continues": "the next verb runs after this one",
    "terminates": "nothing after this verb runs",
    "transfers": "control leaves this document: later verbs never run",
    "blocks": "the next verb runs once this one finishes",
    "background": "starts something in the background; the next verb runs at once",
    "transfers-on-error": "when it fails, the call moves to its error URL (`errorAction`)",
}


def resolve(catalog: Catalog, path: list[str]) -> tuple[str | None, ComplexType | None]:
    """The catalog name and type of the last element of `path` (names of nested elements, root first).

    Types depend on the parent (a `Stream` under `Stop` is not one under `Start`), so the path is
    followed from the root; letter case is forgiven, as the engine's case rules report it.
    """
    canonical: str | None = None
    current: ComplexType | None = None
    for name in path:
        placement = catalog.placement(name, current)
        if placement.canonical is None:
            return None, None
        canonical, current = placement.canonical, placement.type
    return canonical, current


def attribute_decl(element_type: ComplexType | None, name: str) -> AttributeDecl | None:
    if element_type is None:
        return None
    canonical = element_type.canonical_attribute(name)
    return element_type.attributes.get(canonical) if canonical else None


def is_url_type(simple: SimpleType | None) -> bool:
    """A URL-valued type: based on `xs:anyURI`, or a type the XSD names as a URL (`NonEmptyUrl`)."""
    if simple is None:
        return False
    if simple.members:
        return any(is_url_type(member) for member in simple.members)
    return simple.base == "anyURI" or simple.name.casefold().endswith("url")


def values_default_first(decl: AttributeDecl) -> list[str]:
    values = list(decl.type.values)
    if decl.default is not None:
        if decl.default in values:
            values.remove(decl.default)
        values.insert(0, decl.default)
    return values


def type_summary(simple: SimpleType) -> str:
    """`Url`: an absolute URL... / an integer from 0 to 100 (anonymous types have no useful name)."""
    described = simple.describe()
    if "@" in simple.name or simple.name.startswith("xs:"):
        return described
    return f"`{simple.name}`: {described}"


def first_sentence(text: str) -> str:
    text = " ".join(text.split())
    for index, char in enumerate(text):
        if char == "." and (index + 1 == len(text) or text[index + 1] == " "):
            return text[:index + 1]
    return text


def flow_text(fact: dict) -> str:
    """An `fx:flow` fact in words."""
    effect = fact["effect"]
    attribute = fact.get("attribute")
    if effect == "transfers-if":
        text = f"with `{attribute}` set, control moves to that URL and later verbs never run"
        if fact.get("unlessTrue"):
            text += f" (unless `{fact['unlessTrue']}` is `true`)"
        return text
    if effect == "transfers-on-input":
        return f"when {fact.get('when', 'input was collected')}, control moves to `{attribute}`; otherwise the next verb runs"
    return _EFFECTS.get(effect, effect)


def flow_lines(element_type: ComplexType) -> list[str]:
    return [flow_text(fact) for fact in element_type.facts_of("flow")]


def _attribute_facts(element_type: ComplexType, name: str) -> list[str]:
    """The cross-attribute facts that mention this attribute, in words."""
    notes = []
    for fact in element_type.facts:
        kind = fact["fact"]
        if kind == "flow" and fact.get("attribute") == name:
            notes.append("**Flow:** " + flow_text(fact) + ".")
        elif kind == "exclusive" and name in fact["attributes"].split():
            others = [a for a in fact["attributes"].split() if a != name]
            notes.append("Not together with " + ", ".join(f"`{a}`" for a in others) + ".")
        elif kind == "alone" and fact["attribute"] == name:
            notes.append("When set, the element has no text and no children.")
        elif kind == "requires":
            if fact["attribute"] == name:
                condition = f"`{fact['when']}` is `{fact['equals']}`" if "equals" in fact else f"`{fact['when']}` is set"
                notes.append(f"Has an effect only when {condition}.")
        elif kind == "disables":
            if name in fact["attributes"].split():
                notes.append(f"Ignored when `{fact['when']}` is `{fact['equals']}`.")
            elif fact["when"] == name:
                notes.append(f"When `{fact['equals']}`, " + ", ".join(f"`{a}`" for a in fact["attributes"].split())
                             + " are ignored.")
        elif kind == "overrides":
            if fact["attribute"] == name:
                notes.append(f"When set, `{fact['ignored']}` is ignored.")
            elif fact["ignored"] == name:
                notes.append(f"Ignored when `{fact['attribute']}` is set.")
        elif kind == "credentials":
            members = fact["all"].split() + fact.get("anyOf", "").replace("|", " ").split()
            if name in members:
                text = f"Part of the `{fact['provider']}` credentials: " + ", ".join(f"`{a}`" for a in fact["all"].split())
                if fact.get("anyOf"):
                    groups = [" + ".join(f"`{a}`" for a in group.split()) for group in fact["anyOf"].split("|")]
                    text += ", and one of " + " or ".join(groups)
                notes.append(text + ".")
        elif kind == "textOnlyWith" and fact["attribute"] == name:
            notes.append(f"The element's text is used only when this is `{fact['equals']}`.")
    return notes


def callback_fields(catalog: Catalog, element_type: ComplexType, name: str) -> list[str] | None:
    """The request fields a URL in this attribute receives, or None if it is not a callback URL."""
    for fact in element_type.facts_of("callback"):
        if fact["attribute"] == name:
            return fact["fields"].split()
    return None


def element_markdown(catalog: Catalog, name: str, element_type: ComplexType | None) -> str:
    if element_type is None:
        return f"### `<{name}>`"
    parts = [f"### `<{name}>`", element_type.doc] if element_type.doc else [f"### `<{name}>`"]
    facts = []
    flows = flow_lines(element_type)
    if flows:
        facts.append("**Flow:** " + "; ".join(flows) + ".")
    for fact in element_type.facts_of("position"):
        if fact.get("first") == "true":
            text = "**Position:** should be the first verb"
            if fact.get("allowBefore"):
                text += " (" + ", ".join(f"`<{n}>`" for n in fact["allowBefore"].split()) + " may come before it)"
            facts.append(text + ".")
    if element_type.children:
        facts.append("**Contains:** " + ", ".join(f"`<{child}>`" for child in element_type.children))
    text_type = element_type.text_type or element_type.mixed_text_type
    if text_type is not None and element_type.content in ("text", "mixed"):
        facts.append("**Text:** " + type_summary(text_type))
    elif element_type.content == "empty":
        facts.append("**Content:** none (write it as `<" + name + "/>`)")
    if element_type.attributes:
        described = []
        for attribute in element_type.attributes.values():
            text = f"`{attribute.name}`"
            if attribute.required:
                text += " (required)"
            elif attribute.default is not None:
                text += f" = `{attribute.default}`"
            described.append(text)
        facts.append("**Attributes:** " + ", ".join(described))
    parents = catalog.parents_of.get(name)
    if parents:
        facts.append("**Inside:** " + ", ".join(f"`<{parent}>`" for parent in parents))
    parts.append("\n\n".join(facts))
    return "\n\n".join(part for part in parts if part)


def attribute_markdown(catalog: Catalog, element: str, element_type: ComplexType, decl: AttributeDecl) -> str:
    parts = [f"### `{decl.name}` (attribute of `<{element}>`)"]
    if decl.doc:
        parts.append(decl.doc)
    facts = ["**Type:** " + type_summary(decl.type)]
    if decl.required:
        facts.append("**Required**")
    if decl.default is not None:
        facts.append(f"**Default:** `{decl.default}`")
    values = decl.type.values
    if values:
        facts.append("**Values:** " + ", ".join(f"`{v}`" for v in values_default_first(decl)))
    facts.extend(_attribute_facts(element_type, decl.name))
    fields = callback_fields(catalog, element_type, decl.name)
    if fields is not None:
        text = "**Requests to this URL carry:** "
        text += (", ".join(f"`{f}`" for f in fields) + ", plus the standard fields ") if fields else "the standard fields "
        text += ", ".join(f"`{f}`" for f in catalog.request_fields)
        facts.append(text)
    parts.append("\n\n".join(facts))
    return "\n\n".join(parts)


def rule_markdown(code: str) -> str:
    rule = RULES[code]
    fix = ", fixable" if rule.fixable else ""
    return f"### {rule.code} `{rule.name}` ({rule.severity.value}{fix})\n\n{rule.documentation()}"


@lru_cache(maxsize=None)
def rule_source(code: str) -> tuple[Path, int] | None:
    """The file and line where the rule (and so its documentation) is defined."""
    try:
        rule = RULES[code]
        return Path(inspect.getsourcefile(rule)).resolve(), inspect.getsourcelines(rule)[1]
    except (KeyError, OSError, TypeError):
        return None
