from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class InvalidText(Rule):
    """Text content of the wrong form or length.

    ## What it checks
    The text of elements whose text has a type: `<Dtmf>` keys (`0-9`, `#`, `*`, and `,` for a
    half-second pause), a `<File>` SID, a `<Number>` or `<Dial>` phone number or SIP URI,
    `<Say>` text of at most 1,024 characters, `<Sms>` text of at most 670 characters.

    ## Why
    CarrierX rejects or truncates such text; a TwiML `w` pause in DTMF or a dashed phone number
    fails only when the call is made.

    ## Example
    ```xml
    <Response>
      <Dtmf>ww1234</Dtmf>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Dtmf>,,1234</Dtmf>
    </Response>
    ```
    """

    code = "FX203"
    name = "invalid-text"
    severity = Severity.ERROR

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        text_type = element_type.text_type if element_type.content == "text" else element_type.mixed_text_type
        text = element.text
        span = element.text_range()
        if text_type is None or span is None:
            return
        if element_type.content == "mixed" and element.elements:
            return  # text beside child elements is FX308's business
        problem = text_type.check(text)
        if problem is None:
            return
        name = ctx.name_of(element)
        if problem.kind == "length":
            message = f"`<{name}>` text is {len(text_type.normalize(text)):,} characters long; allowed: {problem.expected}"
        else:
            shown = " ".join(text.split())
            shown = shown if len(shown) <= 60 else shown[:57] + "..."
            message = f"`<{name}>` text `{shown}` is not valid; expected {problem.expected}"
            for hint in _character_hints(ctx, text_type, text):
                message += f" ({hint})"
        ctx.report(self, span[0], span[1], message)


def _character_hints(ctx: Context, value_type, value: str):
    for simple in [value_type, *value_type.members]:
        for fact in ctx.catalog.foreign_characters(simple.name):
            if fact["character"] in value:
                yield fact["hint"]
