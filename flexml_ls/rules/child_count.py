from ..diagnostics import Severity
from ..dynamic import has_unknown_content
from ..parse import Element
from .base import Context, Rule


class ChildCount(Rule):
    """Too few or too many of a child element.

    ## What it checks
    Children that must appear a set number of times: `<Connect>` holds exactly one `<Stream>`,
    `<Start>` and `<Stop>` at least one, `<Play>` at most one `<File>`.

    ## Why
    A `<Connect>` with no stream has nothing to connect to, and a second `<File>` is never played:
    CarrierX rejects both.

    ## Example
    ```xml
    <Response>
      <Connect/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Connect>
        <Stream url="wss://media.example.com/ws"/>
      </Connect>
    </Response>
    ```
    """

    code = "FX106"
    name = "child-count"
    severity = Severity.ERROR
    schema_judged = True
    about_children = True

    def applies_to(self, element_type) -> bool:
        return element_type is not None and any(
            child.min > 0 or child.max is not None for child in element_type.children.values())

    def check_element(self, element: Element, ctx: Context) -> None:
        element_type = ctx.type_of(element)
        if element_type is None or not element_type.children:
            return
        seen: dict[str, list[Element]] = {}
        for child in element.elements:
            info = ctx.info[child]
            if info.placed:
                seen.setdefault(info.canonical, []).append(child)
        name = ctx.name_of(element)
        for child_name, decl in element_type.children.items():
            found = seen.get(child_name, [])
            if len(found) < decl.min and not has_unknown_content(element):  # (a template's may render them)
                wanted = "one" if decl.min == 1 else str(decl.min)
                exactly = "exactly" if decl.max == decl.min else "at least"
                ctx.report(self, element.name_start, element.name_end,
                           f"`<{name}>` needs {exactly} {wanted} `<{child_name}>`")
            elif decl.max is not None and len(found) > decl.max:
                extra = found[decl.max]
                most = "one" if decl.max == 1 else str(decl.max)
                ctx.report(self, extra.name_start, extra.name_end,
                           f"`<{name}>` takes at most {most} `<{child_name}>`")
