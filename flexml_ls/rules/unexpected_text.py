from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class UnexpectedText(Rule):
    """Text inside an element that takes none.

    ## What it checks
    Elements such as `<Response>`, `<Gather>`, `<Hangup>`, `<Record>` or `<Stream>` hold only child
    elements or nothing; any non-blank text in them is reported. Whitespace and comments are fine.

    ## Why
    CarrierX either rejects the document or ignores the text; either way the text is a mistake,
    often a prompt meant for a `<Say>`.

    ## Example
    ```xml
    <Response>
      <Gather numDigits="1">Press 1 for sales</Gather>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Gather numDigits="1"><Say>Press 1 for sales</Say></Gather>
    </Response>
    ```
    """

    code = "FX105"
    name = "unexpected-text"
    severity = Severity.ERROR
    schema_judged = True

    def applies_to(self, element_type) -> bool:
        return element_type is not None and element_type.content in ("empty", "elements")

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None or element_type.content not in ("empty", "elements"):
            return
        if element.has_text:
            span = element.text_range()
            ctx.report(self, span[0], span[1], f"`<{ctx.name_of(element)}>` takes no text")
