from ...diagnostics import Severity
from .base import JsonRule


class ModuleLoop(JsonRule):
    """Modules that send the call round in a loop without ever waiting for anyone.

    ## What it checks
    A cycle of modules (by `next`, `match`, `nomatch`, `noanswer`) none of which waits: no
    `pressextension` or `dialbyextension` (the caller presses), no `extension` (someone may answer).
    It is reported on the key of the cycle's first module.

    ## Why
    Nothing can break such a loop: the call switches from module to module until the runtime gives up
    after 1000 switches and drops it.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "again"},
        "again": {"module": "recording", "next": "hello"}
      }
    }
    ```

    ## Use instead
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "menu"},
        "menu": {"module": "pressextension", "next": {"1": "bye", "invalid": "hello", "timeout": "hello"}},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX617"
    name = "module-loop"
    severity = Severity.WARNING

    def check_json(self, ctx) -> None:
        for built in ctx.flows:
            order = {key: index for index, key in enumerate(built.modules)}
            for cycle in built.flow.cycles_without_input():
                members = sorted((key for key in cycle if key in built.modules), key=order.__getitem__)
                if not members:
                    continue
                site = built.modules[members[0]].member
                if len(members) > 1:
                    what = "Modules " + ", ".join(f"`{key}`" for key in members) + " send the call round in a loop"
                else:
                    what = f"Module `{members[0]}` sends the call back to itself"
                ctx.report(self, site.key_start, site.key_end,
                           f"{what} without waiting for anyone: the runtime drops the call after 1000 switches")
