from ..diagnostics import Edit, Fix, Severity
from ..parse import Element
from .base import Context, Rule, did_you_mean


def rename_element(element: Element, new_name: str, title: str, safe: bool) -> Fix:
    """Rename a start tag, and its end tag when it has one."""
    edits = [Edit(element.name_start, element.name_end, new_name)]
    if element.end_tag_start >= 0:
        name_start = element.end_tag_start + 2
        edits.append(Edit(name_start, name_start + len(element.name), new_name))
    return Fix(title, tuple(edits), safe)


class UnknownElement(Rule):
    """An element FlexML does not have.

    ## What it checks
    Every element name must be a FlexML verb or noun. Names that only differ in letter case are
    FX103. For a near miss the message suggests the closest name; for an element of TwiML or
    another dialect it says what FlexML uses instead.

    ## Why
    CarrierX rejects documents with unknown elements. Most come from TwiML (`<Enqueue>`,
    `<Conference>`, `<Message>`) or from a typo.

    ## Example
    ```xml
    <Response>
      <Message>Your code is 1234</Message>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Sms>Your code is 1234</Sms>
    </Response>
    ```

    ## Fix safety
    Renaming to the suggested name is offered as an unsafe fix: the element's attributes may not
    carry over.
    """

    code = "FX102"
    name = "unknown-element"
    severity = Severity.ERROR
    schema_judged = True
    fixable = True

    def applies_to(self, element_type) -> bool:
        return element_type is None

    def check_element(self, element: Element, ctx: Context) -> None:
        info = ctx.info[element]
        if info.canonical is not None:
            return
        parent_type = ctx.type_of(element.parent) if element.parent is not None else None
        message = f"Unknown element `<{element.name}>`"
        hint = ctx.catalog.foreign(element=element.name)
        fix = None
        if hint:
            message += f": {hint}"
        else:
            candidates = parent_type.children if parent_type else ctx.catalog.element_types
            suggestion = did_you_mean(element.name, candidates) or did_you_mean(element.name, ctx.catalog.element_types)
            if suggestion:
                message += f"; did you mean `<{suggestion}>`?"
                fix = rename_element(element, suggestion, f"Rename to `{suggestion}`", safe=False)
            elif parent_type is not None and parent_type.children:
                where = ctx.name_of(element.parent)
                message += f"; `<{where}>` may contain " + ", ".join(f"`<{c}>`" for c in parent_type.children)
        ctx.report(self, element.name_start, element.name_end, message, fix)
