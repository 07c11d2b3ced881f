from functools import lru_cache

from ..dynamic import is_dynamic, name_matches
from ..diagnostics import Edit, Fix, Severity
from ..parse import Element
from .base import Context, Rule, did_you_mean


def rename_element(element: Element, new_name: str, title: str, safe: bool) -> Fix:
    """Rename a start tag, and its end tag when it has one."""
    name_start = element.name_start  # (on lxml's tree each offset read is a call or more)
    renamed = Edit(name_start, name_start + len(element.name), new_name)
    end_tag_start = element.end_tag_start
    if end_tag_start < 0:
        return Fix(title, (renamed,), safe)
    return Fix(title, (renamed, Edit(end_tag_start + 2, end_tag_start + 2 + len(element.name), new_name)), safe)


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
        if is_dynamic(element.name) and any(name_matches(element.name, known) for known in ctx.catalog.element_types):
            return  # a template's name pattern (`<Say{{ x }}>`) that can name an element
        parent = element.parent
        parent_type = ctx.type_of(parent) if parent is not None else None
        parent_name = None if parent_type is None else ctx.name_of(parent)
        message, suggestion = _verdict(element.name, parent_type, parent_name, ctx.catalog)
        fix = None if suggestion is None else rename_element(element, suggestion, f"Rename to `{suggestion}`", safe=False)
        ctx.report(self, element.name_start, element.name_end, message, fix)



@lru_cache(maxsize=4096)
def _verdict(name: str, parent_type, parent_name: str | None, catalog) -> tuple[str, str | None]:
    """The message for an unknown element, and the name to rename it to (None: no suggestion).
    Memoised: the same mistakes recur, and the message lists every child the parent may hold."""
    message = f"Unknown element `<{name}>`"
    hint = catalog.foreign(element=name)
    if hint:
        return f"{message}: {hint}", None
    candidates = parent_type.children if parent_type else catalog.element_types
    suggestion = did_you_mean(name, candidates) or did_you_mean(name, catalog.element_types)
    if suggestion:
        return f"{message}; did you mean `<{suggestion}>`?", suggestion
    if parent_type is not None and parent_type.children:
        message += f"; `<{parent_name}>` may contain " + ", ".join(f"`<{c}>`" for c in parent_type.children)
    return message, None
