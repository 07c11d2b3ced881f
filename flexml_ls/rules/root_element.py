from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class RootElement(Rule):
    """The root element is not `Response`.

    ## What it checks
    The outermost element of a FlexML document must be `<Response>`. A root that differs from it
    only in letter case is reported by FX103 instead.

    ## Why
    CarrierX looks for `<Response>` and rejects anything else. Documents meant for other APIs
    (TwiML's messaging `<Response>` is fine, but a bare `<Say>` or a Plivo `<Speak>` root is not)
    are caught here.

    ## Example
    ```xml
    <Say>Hello</Say>
    ```

    ## Use instead
    ```xml
    <Response>
      <Say>Hello</Say>
    </Response>
    ```
    """

    code = "FX101"
    name = "root-not-response"
    severity = Severity.ERROR

    def check_element(self, element: Element, ctx: Context) -> None:
        if element.parent is None and element is ctx.document.root:
            root = ctx.catalog.root_name
            if element.name.casefold() != root.casefold():
                ctx.report(self, element.name_start, element.name_end,
                           f"The root element is `<{element.name}>`; a FlexML document's root must be `<{root}>`")
