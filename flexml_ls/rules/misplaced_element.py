from ..diagnostics import Severity
from ..parse import Element
from .base import Context, Rule


class MisplacedElement(Rule):
    """An element in a parent that may not contain it.

    ## What it checks
    Each FlexML element may appear only in certain parents: verbs directly in `<Response>`;
    `<Say>`, `<Play>`, `<Pause>` and `<Wait>` also in `<Gather>` and `<PreAnswer>`; `<Number>` in
    `<Dial>`; `<File>` in `<Play>`; `<Stream>` in `<Start>`, `<Stop>` and `<Connect>`;
    `<Parameter>` in `<Stream>`.

    ## Why
    CarrierX rejects a document whose nesting it does not expect; a verb nested where it cannot run
    is a mistake that only shows up on a live call.

    ## Example
    ```xml
    <Response>
      <Gather numDigits="1">
        <Dial>15162065317</Dial>
      </Gather>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Gather numDigits="1">
        <Say>Press 1 to be connected.</Say>
      </Gather>
      <Dial>15162065317</Dial>
    </Response>
    ```
    """

    code = "FX104"
    name = "misplaced-element"
    severity = Severity.ERROR
    schema_judged = True

    def check_element(self, element: Element, ctx: Context) -> None:
        info = ctx.info[element]
        if info.placed or info.canonical is None or element.parent is None:
            return
        parent_name = ctx.name_of(element.parent)
        if ctx.info[element.parent].canonical is None:
            return  # inside an unknown element: FX102 already says what is wrong
        allowed = ctx.catalog.parents_of.get(info.canonical, [])
        where = " or ".join(f"`<{p}>`" for p in allowed) if allowed else "nowhere but the root"
        ctx.report(self, element.name_start, element.name_end,
                   f"`<{info.canonical}>` is not allowed inside `<{parent_name}>`; it belongs in {where}")
