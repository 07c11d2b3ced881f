"""Where a FlexML document sends the call: every URL a verb transfers it to, with the verb, the
attribute, the method and the outcome that takes it, read from the XSD's appinfo through the catalog.

The facts (`fx:flow`, `fx:callback`) say which attribute of which verb sends the call on and when;
this module only walks the verbs in order, as CarrierX runs them: a verb that ends the document stops
the walk, a Gather that collects nothing falls through to the next verb (whose transfers are then
taken on "no input"), and reaching the end of the verbs ends the call.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..catalog import Catalog, ComplexType, load
from ..parse import Document, Element, parse
from ..rules.base import is_set

NO_INPUT = "no input"
CALLBACK = "callback"           # the outcome of a URL requested on the side (status callbacks)


@dataclass
class Transfer:
    """One URL a document sends the call to."""
    verb: str
    attribute: str              # the attribute holding the URL, or "text" (Redirect)
    url: str                    # as written (stripped)
    method: str                 # upper case
    outcome: str                # "digits", "no input", "dial ended", "error", "" (always)...
    start: int                  # offsets of the URL in the document text
    end: int
    fields: tuple[str, ...] = ()            # what CarrierX adds to the standard request fields
    varies: tuple[str, tuple[str, ...]] | None = None   # a field and the values its outcomes give it
    settings: dict = field(default_factory=dict)        # the verb's attributes (Gather: numDigits...)
    after_no_input: bool = False            # reached only when an earlier Gather collected nothing


@dataclass
class DocumentFlow:
    transfers: list[Transfer]
    terminal: bool              # the call may end in this document (a hang-up, or the verbs run out)
    collects_input: bool        # a verb here waits for the caller (keys, a recording)
    root: str | None            # the root element's name (None: no element at all)
    # The last verb, when it waits for input and nothing follows it: with no input the call just
    # ends. (verb, start, end of its name)
    silent_end: tuple[str, int, int] | None = None
    stores: dict = field(default_factory=dict)  # fields later requests carry (`Storage_{name}`: text)
    callbacks: list = field(default_factory=list)  # Transfers to URLs requested on the side (status callbacks)


def _callback(element_type: ComplexType, attribute: str) -> dict:
    for fact in element_type.facts_of("callback"):
        if fact["attribute"] == attribute:
            return fact
    return {}


def _method(element: Element, element_type: ComplexType, attribute: str | None) -> str:
    if attribute is None or element_type.canonical_attribute(attribute) is None:
        return "POST"
    value = element.attribute_value(attribute)
    if not is_set(value):
        declared = element_type.attributes[element_type.canonical_attribute(attribute)]
        value = declared.default or "POST"
    return value.strip().upper()


def _attribute_range(element: Element, name: str) -> tuple[int, int]:
    attribute = element.find_attribute(name)
    if attribute is None or attribute.value_start < 0:
        return element.name_start, element.name_end
    return attribute.value_start, attribute.value_end


def _transfer(element: Element, element_type: ComplexType, verb: str, attribute: str, outcome: str | None,
              after_no_input: bool) -> Transfer | None:
    value = element.attribute_value(attribute)
    if not is_set(value):
        return None
    fact = _callback(element_type, attribute)
    start, end = _attribute_range(element, attribute)
    varies = None
    if fact.get("varies"):
        varies = (fact["varies"], tuple(fact.get("values", "").split()))
    settings = {a.name: a.value for a in element.attributes if a.value is not None}
    # (a callback's method is the one its fact names; an action's defaults to the verb's `method`)
    method_attribute = fact.get("method") if outcome == CALLBACK else fact.get("method", "method")
    return Transfer(verb, attribute, value.strip(), _method(element, element_type, method_attribute),
                    fact.get("outcome", "") if outcome is None else outcome, start, end,
                    tuple(fact.get("fields", "").split()), varies, settings, after_no_input)


def document_flow(document: Document, catalog: Catalog | None = None) -> DocumentFlow:
    """The transfers of a parsed document, in the order CarrierX may take them."""
    catalog = catalog or load()
    root = document.root
    if root is None:
        return DocumentFlow([], True, False, None)
    root_placement = catalog.placement(root.name, None)
    if root_placement.type is None or not root_placement.placed:
        return DocumentFlow([], True, False, root.name)
    transfers: list[Transfer] = []
    collects = False
    no_input = False            # an earlier Gather may have fallen through
    last_placed = None          # ((verb, start, end) if the last verb waits for input with an action, else None,)
    stores: dict[str, str] = {}
    callbacks: list[Transfer] = []
    for verb_element in root.elements:
        placement = catalog.placement(verb_element.name, root_placement.type)
        element_type = placement.type
        if element_type is None:
            continue
        verb = placement.canonical or verb_element.name
        get = verb_element.attribute_value
        last_placed = (None,)
        moving = {fact.get("attribute") for fact in element_type.facts_of("flow")}
        for fact in element_type.facts_of("callback"):
            if fact["attribute"] not in moving:
                found = _transfer(verb_element, element_type, verb, fact["attribute"], CALLBACK, no_input)
                if found:
                    callbacks.append(found)
        for fact in element_type.facts_of("stores"):
            name = get("name")
            if is_set(name):
                stores[fact["field"].replace("{name}", name.strip())] = verb_element.text.strip()
        ended = False
        for fact in element_type.facts_of("flow"):
            effect = fact["effect"]
            attribute = fact.get("attribute")
            if effect == "terminates":
                ended = True
            elif effect == "transfers":  # the URL is the element's text (Redirect)
                text_range = verb_element.text_range()
                if text_range is not None:
                    method = _method(verb_element, element_type, "method")
                    transfers.append(Transfer(verb, "text", verb_element.text.strip(), method,
                                              NO_INPUT if no_input else "", *text_range, after_no_input=no_input))
                ended = True
            elif effect == "transfers-if":
                unless = fact.get("unlessTrue")
                if is_set(get(attribute)) and not (unless and is_set(get(unless), "true")):
                    found = _transfer(verb_element, element_type, verb, attribute, None, no_input)
                    if found:
                        transfers.append(found)
                    ended = True
            elif effect == "transfers-on-input":
                collects = True
                found = _transfer(verb_element, element_type, verb, attribute, None, no_input)
                if found:
                    transfers.append(found)
                    # `actionOnEmptyResult="true"`: the action is requested with empty Digits too.
                    if is_set(get("actionOnEmptyResult"), "true"):
                        empty = _transfer(verb_element, element_type, verb, attribute, NO_INPUT, no_input)
                        transfers.append(empty)
                        ended = True
                no_input = True
                if found and not ended:
                    last_placed = ((verb, verb_element.name_start, verb_element.name_end),)
            elif effect == "transfers-on-error":
                found = _transfer(verb_element, element_type, verb, attribute, None, no_input)
                if found:
                    transfers.append(found)
        if ended:
            return DocumentFlow(transfers, any(f["effect"] == "terminates" for f in element_type.facts_of("flow")),
                                collects, root.name, None, stores, callbacks)
    silent_end = None
    if last_placed is not None and last_placed[0] is not None:
        silent_end = last_placed[0]
    return DocumentFlow(transfers, True, collects, root.name, silent_end, stores, callbacks)


def flow_of_text(text: str, catalog: Catalog | None = None) -> tuple[Document, DocumentFlow]:
    document = parse(text)
    return document, document_flow(document, catalog)


def response_problem(text: str, document: Document | None = None, catalog: Catalog | None = None) -> str | None:
    """Why CarrierX cannot run this body at all (None: it is a FlexML document, valid or not)."""
    if not text.strip():
        return "an empty body"
    document = document or parse(text)
    root = document.root
    if root is None:
        stripped = text.lstrip()
        return "JSON, not FlexML" if stripped[:1] in "{[" else "a body that is not XML"
    if root.name.lower() == "html":
        return "HTML, not FlexML"
    catalog = catalog or load()
    if root.name not in catalog.roots and root.name.casefold() not in {r.casefold() for r in catalog.roots}:
        return f"XML whose root is `<{root.name}>`, not `<{catalog.root_name}>`"
    return None
