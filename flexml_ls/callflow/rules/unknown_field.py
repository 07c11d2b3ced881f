from ...diagnostics import Severity
from .base import JsonRule


class UnknownField(JsonRule):
    """A field the call flow or its module does not have.

    ## What it checks
    Every key of a module must be one of that module's fields, and every key of the call flow one of
    `extension`, `flow`, `name`, `show_call_route_name`, `show_original_caller_id` (or the read-only
    `uuid`, `created_on`, `updated_on` that responses carry). A near spelling is suggested. (`next` on a
    module that ends the call is FX614.)

    ## Why
    A misspelt field is a field that is not set: the module runs without it, or is refused.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "bye"},
        "bye": {"module": "busy", "duraton": 5}
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
        "bye": {"module": "busy", "duration": 5}
      }
    }
    ```
    """

    code = "FX603"
    name = "unknown-field"
    severity = Severity.ERROR
    problem = "unknown-field"
