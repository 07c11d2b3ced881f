from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class TotalSize(Rule):
    """The texts of one kind of verb add up to more than a call may keep.

    ## What it checks
    Limits on the texts of all elements of a type in one document together (the schema's
    `fx:totalTextSize` facts), counted in bytes of UTF-8: the values of all `<Store>` verbs may take
    at most 128 KB (131,072 bytes). Reported at the verb that passes the limit.

    ## Why
    CarrierX keeps at most 128 KB of Store data per call and ignores the Store verbs after that: the
    later values never reach the application's `Storage_{name}` fields. (Earlier documents of the
    same call count too, which a linter cannot see: keep well below the limit.)

    ## Example
    ```xml
    <Response>
      <Store name="transcript">(100,000 characters)</Store>
      <Store name="summary">(40,000 characters)</Store>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Store name="transcriptId">7f3a9c</Store>
      <Store name="summary">(4,000 characters)</Store>
    </Response>
    ```
    (The data itself stays in the application's own storage, under the stored key.)
    """

    code = "FX207"
    name = "total-size"
    severity = Severity.WARNING
    fact = "totalTextSize"

    def prefilter(self, element_type):
        def has_text(node) -> bool:
            return bool(node.text) or bool(len(node))
        return has_text

    def prefilter_document(self, catalog):
        limit = min((int(fact["maxBytes"]) for types in catalog.element_types.values() for element_type in types
                     for fact in element_type.facts_of("totalTextSize")), default=None)

        def past_the_limit(root) -> bool:
            # (All the document's text, whatever the names: no less than the texts the rule adds up.)
            return limit is not None and len("".join(root.itertext()).encode("utf-8")) > limit
        return past_the_limit

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None or not element.has_text:
            return
        totals = ctx.memo.setdefault(self.code, {})
        for fact in element_type.facts_of("totalTextSize"):
            limit = int(fact["maxBytes"])
            before = totals.get(element_type.name, 0)
            after = totals[element_type.name] = before + len(element.text.encode("utf-8"))
            if before <= limit < after:
                span = element.text_range()
                name = ctx.name_of(element)
                ctx.report(self, span[0], span[1],
                           f"`<{name}>` texts of this document add up to {after:,} bytes here, past {fact['shown']} "
                           f"({limit:,} bytes): {fact['why']}")
