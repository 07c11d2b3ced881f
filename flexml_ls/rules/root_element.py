from ..diagnostics import Severity
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
    schema_judged = True

    def check_document(self, ctx: Context) -> None:
        element = ctx.document.root
        if element is not None:
            root = ctx.catalog.root_name
            if element.name.casefold() != root.casefold():
                ctx.report(self, element.name_start, element.name_end,
                           f"The root element is `<{element.name}>`; a FlexML document's root must be `<{root}>`")
