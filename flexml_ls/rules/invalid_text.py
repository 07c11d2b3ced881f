from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class InvalidText(Rule):
    """Text content of the wrong form or length.

    ## What it checks
    The text of elements whose content is typed text: `<Dtmf>` keys (`0-9`, `#`, `*`, and `,` for
    a half-second pause), a `<File>` SID, a `<Number>` phone number or SIP URI (custom SIP headers
    after `?` must be `X-` headers), a `<Redirect>` URL (absolute or relative, without spaces),
    `<Say>` text of at most 1,024 characters, `<Sms>` text of at most 670 characters (both counted
    without the whitespace around the text, so indenting it costs nothing, but with every character
    inside: a run of spaces counts each space). (`<Dial>` and `<Play>` text is FX204.)

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
    schema_judged = True

    def applies_to(self, element_type) -> bool:
        return element_type is not None and element_type.content == "text"

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type.content == "text":
            check_text(self, element, element_type.text_type, ctx)


def check_text(rule: Rule, element: Element, text_type, ctx: Context) -> None:
    if not element.has_text:
        return
    text = element.text
    problem = text_type.check(text)
    if problem is None:
        return
    span = element.text_range()
    name = ctx.name_of(element)
    if problem.kind == "length":
        message = f"`<{name}>` text is {len(text_type.normalize(text)):,} characters long; allowed: {problem.expected}"
    else:
        shown = " ".join(text.split())
        if len(shown) <= 60:
            message = f"`<{name}>` text `{shown}` is not valid; expected {problem.expected}"
        else:  # only the start is quoted, so say how long it is (as a limit counts: XML's whitespace around it left out)
            length = len(text.strip(" \t\n\r"))
            message = f"`<{name}>` text of {length:,} characters (`{shown[:57]}...`) is not valid; expected {problem.expected}"
        for hint in character_hints(ctx, text_type, text):
            message += f" ({hint})"
    ctx.report(rule, span[0], span[1], message)


def character_hints(ctx: Context, value_type, value: str):
    for simple in [value_type, *value_type.members]:
        for fact in ctx.catalog.foreign_characters(simple.name):
            if fact["character"] in value:
                yield fact["hint"]
