from ...diagnostics import Severity
from .base import JsonRule


class StartModule(JsonRule):
    """A call flow without a `start` module, or with more than one.

    ## What it checks
    Exactly one module of the `flow` map must be a `start`: none is reported on the `flow` key, each
    one after the first on its own key.

    ## Why
    The call enters the flow at its `start`. Without one the runtime ends the call quietly: the
    caller hears nothing and no error is logged. With two, only one is ever used.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "bye"},
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
        "begin": {"module": "start", "next": "hello"},
        "hello": {"module": "play", "sound": "9f1c2a3b-4d5e-4f60-8a7b-1c2d3e4f5a6b", "next": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX610"
    name = "start-module"
    severity = Severity.ERROR

    def check_json(self, ctx) -> None:
        for built in ctx.flows:
            starts = [key for key, name in built.module_types.items() if name == "start"]
            if not starts:
                member = built.flow_member
                ctx.report(self, member.key_start, member.key_end,
                           "The call flow has no `start` module: the runtime ends every call quietly")
            for key in starts[1:]:
                member = built.modules[key].member
                ctx.report(self, member.key_start, member.key_end,
                           f"A second `start` module (`{key}`): the call enters at `{starts[0]}` only")
