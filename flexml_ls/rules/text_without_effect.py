from ..diagnostics import Severity
from ..parse import Element
from ..parse.lazy import has_raw_text
from .base import Context, Rule, is_set


class TextWithoutEffect(Rule):
    """Text that is used only with a particular attribute value.

    ## What it checks
    `<Reject>` text is sent to the carrier only with `reason="intermediary-rejected"`; with any
    other reason it is dropped.

    ## Why
    The author expects the caller's carrier to receive the explanation; it never does.

    ## Example
    ```xml
    <Response>
      <Reject reason="busy">Robocall blocked</Reject>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Reject reason="intermediary-rejected">Robocall blocked</Reject>
    </Response>
    ```
    """

    code = "FX307"
    name = "text-without-effect"
    severity = Severity.WARNING
    fact = "textOnlyWith"

    def prefilter(self, element_type):
        facts = tuple((fact["attribute"], fact["equals"]) for fact in element_type.facts_of("textOnlyWith"))

        def ignored_text(node) -> bool:
            for attribute, equals in facts:
                if not is_set(node.get(attribute), equals):
                    return has_raw_text(node)
            return False
        return ignored_text

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("textOnlyWith"):
            if not element.has_text or ctx.may_have_value(element, fact["attribute"], fact["equals"]):
                continue
            span = element.text_range()
            ctx.report(self, span[0], span[1],
                       f"`<{ctx.name_of(element)}>` text is used only with "
                       f"`{fact['attribute']}=\"{fact['equals']}\"`; here it is ignored")
