from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule, is_set, needing


class DisabledAttribute(Rule):
    """An attribute that another attribute's value switches off.

    ## What it checks
    `<Play streaming="true">` disables `forwardOnKey` and `rewindOnKey`: a live stream cannot be
    skipped through.

    ## Why
    The caller presses the key and nothing happens.

    ## Example
    ```xml
    <Response>
      <Play streaming="true" forwardOnKey="6">https://radio.example.com/live</Play>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Play streaming="true" stopOnKey="#">https://radio.example.com/live</Play>
    </Response>
    ```
    """

    code = "FX306"
    name = "disabled-attribute"
    severity = Severity.WARNING
    fact = "disables"

    def prefilter(self, element_type):
        facts = tuple((fact["when"], fact.get("equals"), tuple(fact["attributes"].split()))
                      for fact in element_type.facts_of("disables"))

        def disabled(node) -> bool:
            get = node.get
            for when, equals, names in facts:
                if is_set(get(when), equals):
                    for name in names:
                        if get(name) is not None:
                            return True
            return False
        return needing((name for _, _, names in facts for name in names), disabled)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("disables"):
            if not ctx.has_value(element, fact["when"], fact.get("equals")):
                continue
            for name in fact["attributes"].split():
                attribute = ctx.attribute(element, name)
                if attribute is not None:
                    ctx.report(self, attribute.name_start, attribute.name_end,
                               f"`{name}` on `<{ctx.name_of(element)}>` has no effect when "
                               f"`{fact['when']}=\"{fact['equals']}\"`")
