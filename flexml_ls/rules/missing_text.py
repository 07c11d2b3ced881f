from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class MissingText(Rule):
    """An element whose text is required is empty.

    ## What it checks
    `<Redirect>` needs the URL to fetch, `<Dtmf>` the keys to send, `<File>` a file SID.

    ## Why
    With nothing to act on, CarrierX rejects the verb and the call fails at that point.

    ## Example
    ```xml
    <Response>
      <Redirect/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Redirect>https://app.example.com/next</Redirect>
    </Response>
    ```
    """

    code = "FX110"
    name = "missing-text"
    severity = Severity.ERROR
    schema_judged = True

    def applies_to(self, element_type) -> bool:
        return element_type is not None and element_type.content == "text" \
            and element_type.text_type.check("") is not None

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None or element_type.content != "text" or element.text.strip():
            return
        if element_type.text_type.check(element.text) is not None:
            ctx.report(self, element.name_start, element.name_end,
                       f"`<{ctx.name_of(element)}>` needs text: {element_type.text_type.describe()}")
