from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule
from .invalid_text import character_hints


class InvalidValue(Rule):
    """An attribute value of the wrong type, outside its range, or not among its allowed values.

    ## What it checks
    Each attribute's value against its type in the schema: integers and their ranges (`loop` 0 to
    100, `timeout` at least 1…), enumerations (`record`, `reason`, `fileFormat`…), booleans
    (`true`/`false`), single DTMF keys, key sets, DTMF strings, phone numbers, UUIDs, WebSocket URLs.
    Values that match an allowed value only when letter case is ignored are FX202.

    ## Why
    CarrierX rejects the document or falls back to a default the author did not choose. Values
    copied from TwiML (`record-from-ringing-dual`, `w` pauses in DTMF) are caught here with a hint.

    ## Example
    ```xml
    <Response>
      <Say loop="many">Hello</Say>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Say loop="3">Hello</Say>
    </Response>
    ```
    """

    code = "FX201"
    name = "invalid-value"
    severity = Severity.ERROR
    schema_judged = True
    about_attributes = True

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        name = ctx.name_of(element)
        for attribute, canonical, problem in ctx.resolved_attributes(element):
            if problem is None or problem.canonical is not None:
                continue  # valid, or a case variant (FX202)
            value_type = element_type.attributes[canonical].type
            value = attribute.value
            if not value.strip():
                message = f"`{canonical}` on `<{name}>` is empty; expected {problem.expected}"
            else:
                message = f"`{canonical}=\"{value}\"` on `<{name}>` is not valid; expected {problem.expected}"
            hint = ctx.catalog.foreign(element=name, attribute=canonical, value=value)
            hints = [hint] if hint else list(character_hints(ctx, value_type, value))
            for extra in hints:
                message += f" ({extra})"
            start, end = attribute.value_start, attribute.value_end
            if start < 0:
                start, end = attribute.name_start, attribute.name_end
            ctx.report(self, start, end, message)
