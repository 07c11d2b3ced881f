from ..diagnostics import Severity
from ..parse import Element
from ..parse.lazy import has_child_elements, has_raw_text
from .base import Context, Rule, needing


class AttributeUsedAlone(Rule):
    """An attribute that must be used alone is combined with text, child elements or other attributes.

    ## What it checks
    `<Play digits="…">` sends DTMF tones instead of playing audio; it takes no URL text, no
    `<File>` child, and no other attribute (`loop`, `background`, `action`…): the reference says the
    other attributes are to be used on a Play of their own.

    ## Why
    CarrierX does one or the other; the audio, the digits or the setting is silently lost.

    ## Example
    ```xml
    <Response>
      <Play digits="1234">https://cdn.example.com/hold.mp3</Play>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Play digits="1234"/>
      <Play>https://cdn.example.com/hold.mp3</Play>
    </Response>
    ```
    """

    code = "FX302"
    name = "attribute-used-alone"
    severity = Severity.ERROR
    fact = "alone"

    def prefilter(self, element_type):
        names = tuple(fact["attribute"] for fact in element_type.facts_of("alone"))

        def used_with_content(node) -> bool:
            for name in names:
                if node.get(name) is not None:
                    return len(node.keys()) > 1 or has_child_elements(node) or has_raw_text(node)
            return False
        return needing(names, used_with_content)

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None:
            return
        for fact in element_type.facts_of("alone"):
            attribute = ctx.attribute(element, fact["attribute"])
            if attribute is None:
                continue
            name = ctx.name_of(element)
            for other in element.attributes:
                # (Unknown attributes are FX107's; namespace plumbing is no attribute.)
                if other.name != attribute.name and element_type.canonical_attribute(other.name) is not None:
                    ctx.report(self, other.name_start, other.name_end,
                               f"`<{name}>` with `{fact['attribute']}` takes no other attribute: "
                               f"`{other.name}` is ignored (use it on a `<{name}>` of its own)")
            if element.has_text:
                span = element.text_range()
                ctx.report(self, span[0], span[1],
                           f"`<{name}>` with `{fact['attribute']}` takes no text: the text is ignored")
            for child in element.elements:
                ctx.report(self, child.name_start, child.name_end,
                           f"`<{name}>` with `{fact['attribute']}` takes no `<{ctx.name_of(child)}>`")
