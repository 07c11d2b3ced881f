from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule, is_set, needing


class AttributeWithoutEffect(Rule):
    """An attribute that has no effect without another one.

    ## What it checks
    Attributes that only matter when a switch is on: `<Pause>`/`<Wait>` `minNoise` needs
    `noise="true"` and `minSilence` needs `silence="true"`; `<Record>` `transcribe…` settings need
    `transcribe="true"`; `<Dial>` `confirmSound` needs `confirmKey`.

    ## Why
    The setting is silently ignored, so the call does not behave as written.

    ## Example
    ```xml
    <Response>
      <Pause length="10" minNoise="300"/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Pause length="10" noise="true" minNoise="300"/>
    </Response>
    ```
    """

    code = "FX305"
    name = "attribute-without-effect"
    severity = Severity.WARNING
    fact = "requires"

    def prefilter(self, element_type):
        facts = tuple((fact["attribute"], fact["when"], fact.get("equals"))
                      for fact in element_type.facts_of("requires"))

        def without_effect(node) -> bool:
            get = node.get
            for attribute, when, equals in facts:
                if get(attribute) is not None and not is_set(get(when), equals):
                    return True
            return False
        return needing((attribute for attribute, _, _ in facts), without_effect)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("requires"):
            attribute = ctx.attribute(element, fact["attribute"])
            if attribute is None or ctx.may_have_value(element, fact["when"], fact.get("equals")):
                continue
            condition = f'`{fact["when"]}="{fact["equals"]}"`' if fact.get("equals") else f'`{fact["when"]}`'
            ctx.report(self, attribute.name_start, attribute.name_end,
                       f"`{fact['attribute']}` on `<{ctx.name_of(element)}>` has no effect without {condition}")
