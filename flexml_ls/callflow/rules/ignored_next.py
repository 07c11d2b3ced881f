from ...diagnostics import Severity
from .base import JsonRule


class IgnoredNext(JsonRule):
    """`next` on a module that ends the call.

    ## What it checks
    A `busy`, `voicemail`, `conference`, `Trunk` or `fax` module with a `next` field. It is reported on
    the key.

    ## Why
    These modules end the call (or hand it over for good): `next` is never followed, and the module
    it names may be one the author believes callers reach.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "bye"},
        "bye": {"module": "busy", "next": "begin"}
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

    code = "FX614"
    name = "ignored-next"
    severity = Severity.WARNING
    unnecessary = True
    problem = "ignored-next"
