from ...diagnostics import Severity
from .base import JsonRule


class MenuFallback(JsonRule):
    """A menu without its `invalid` or `timeout` entry.

    ## What it checks
    The `next` map of a `pressextension` (and of a `dialbyextension`) should say where the call goes
    on a key with no entry (`invalid`) and when nothing is pressed in time (`timeout`). It is
    reported on the map's opening brace.

    ## Why
    Callers press the wrong key, or nothing at all; without these entries the call has nowhere to go.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "menu"},
        "menu": {"module": "pressextension", "next": {"1": "bye"}},
        "bye": {"module": "busy"}
      }
    }
    ```

    ## Use instead
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "menu"},
        "menu": {"module": "pressextension", "next": {"1": "bye", "invalid": "menu", "timeout": "bye"}},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX615"
    name = "menu-fallback"
    severity = Severity.WARNING

    def check_json(self, ctx) -> None:
        from ..facts import modules
        known = modules()
        for built in ctx.flows:
            for key, name in built.module_types.items():
                for field, schema in known.edges(name).items():
                    choices = schema.get("propertyNames", {}).get("enum", [])
                    if "invalid" not in choices or "timeout" not in choices:
                        continue
                    value = built.modules[key].member.value.get(field)
                    if value is None or value.kind != "object":
                        continue
                    lacking = [name for name in ("invalid", "timeout") if value.get(name) is None]
                    if lacking:
                        who = {"invalid": "presses a key with no entry", "timeout": "presses nothing"}
                        ctx.report(self, value.start, value.start + 1,
                                   f"`{field}` of module `{key}` has no "
                                   + " or ".join(f"`{name}`" for name in lacking)
                                   + f" entry: a caller who {' or '.join(who[name] for name in lacking)} "
                                   "has nowhere to go")
