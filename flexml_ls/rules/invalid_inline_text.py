from ..diagnostics import Severity
from ..parse import Element
from ..parse.lazy import has_child_elements
from .base import Context, Rule
from .invalid_text import check_text


class InvalidInlineText(Rule):
    """Text of the wrong form in an element that may also hold children.

    ## What it checks
    `<Dial>` text is the number to call (a phone number or SIP URI, as in `<Number>`); `<Play>` text
    is the URL of the audio: an `http`, `https`, `hls` or `rtmp` URL, or a relative one, without
    spaces. These elements may hold child elements instead, so the XSD cannot type their text; the
    schema's `fx:mixedText` fact does.

    ## Why
    A dashed or spelled-out number is not dialled, and `ftp://` or words where a URL belongs are not
    played; the call fails when it gets there.

    ## Example
    ```xml
    <Response>
      <Dial>415-123-4567</Dial>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Dial>14151234567</Dial>
    </Response>
    ```
    """

    code = "FX204"
    name = "invalid-inline-text"
    severity = Severity.ERROR
    fact = "mixedText"

    def prefilter(self, element_type):
        problem_of = element_type.mixed_text_type.check

        def wrong_text(node) -> bool:
            if len(node):  # comments or children: let check_element join the text
                # (A first child that is an element, the usual case, answers at once.)
                return not isinstance(node[0].tag, str) and not has_child_elements(node)
            text = node.text
            return bool(text) and not text.isspace() and problem_of(text) is not None
        return wrong_text

    def check_element(self, element: Element, ctx: Context) -> None:
        if not element.elements:  # text beside child elements is FX308's business
            check_text(self, element, ctx.type_of(element).mixed_text_type, ctx)
