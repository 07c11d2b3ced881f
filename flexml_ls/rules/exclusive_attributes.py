from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule, by_attribute_names


class ExclusiveAttributes(Rule):
    """Two attributes that mean the same thing, or exclude each other, are both set.

    ## What it checks
    Groups of attributes of which at most one may be given, such as `<Stream>` `track` and
    `audio_track` (two spellings of the same setting).

    ## Why
    CarrierX uses one and ignores the other; which one wins is not documented, so the stream may
    carry the wrong audio.

    ## Example
    ```xml
    <Response>
      <Start>
        <Stream url="wss://media.example.com/ws" track="inbound_track" audio_track="both"/>
      </Start>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Start>
        <Stream url="wss://media.example.com/ws" track="inbound_track"/>
      </Start>
    </Response>
    ```
    """

    code = "FX301"
    name = "exclusive-attributes"
    severity = Severity.ERROR
    fact = "exclusive"

    def prefilter(self, element_type):
        groups = tuple(tuple(fact["attributes"].split()) for fact in element_type.facts_of("exclusive"))

        def two_of_a_group(present: tuple) -> bool:
            return any(sum(name in present for name in names) > 1 for names in groups)
        return by_attribute_names((name for names in groups for name in names), two_of_a_group)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("exclusive"):
            names = fact["attributes"].split()
            present = [ctx.attribute(element, n) for n in names]
            present = [a for a in present if a is not None]
            if len(present) > 1:
                first, second = present[0], present[1]
                ctx.report(self, second.name_start, second.name_end,
                           f"`{second.name}` and `{first.name}` on `<{ctx.name_of(element)}>` exclude each other; "
                           f"set only one of " + ", ".join(f"`{n}`" for n in names))
