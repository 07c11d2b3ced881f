from ...diagnostics import Severity
from .base import JsonRule


class UnreachableModule(JsonRule):
    """A module no way from the `start` module leads to.

    ## What it checks
    Every module must be reachable from the `start` module by the modules' `next`, `match`,
    `nomatch` and `noanswer` fields. It is reported on the module's key (not checked when the flow
    has no `start`: that is FX610).

    ## Why
    No caller ever reaches it: it is dead, or the field meant to lead to it names another module.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "bye"},
        "bye": {"module": "busy"},
        "old": {"module": "voicemail", "mailboxes": ["9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b"]}
      }
    }
    ```

    ## Use instead
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX612"
    name = "unreachable-module"
    severity = Severity.WARNING
    unnecessary = True

    def check_json(self, ctx) -> None:
        for built in ctx.flows:
            if built.flow.start is None:
                continue
            reached = built.flow.reachable()
            for key, site in built.modules.items():
                if key not in reached:
                    ctx.report(self, site.member.key_start, site.member.key_end,
                               f"Module `{key}` is never reached from `{built.flow.start}`")
