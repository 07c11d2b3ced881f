from ...diagnostics import Severity
from .base import JsonRule


class InvalidMenuKey(JsonRule):
    """A `next` key a caller cannot press.

    ## What it checks
    The keys of a `pressextension` module's `next` map must be `0`-`9`, `*`, `#`, `invalid` or
    `timeout`; those of a `dialbyextension`'s `next`, `invalid` or `timeout`. It is reported on the key.

    ## Why
    A caller presses one key at a time: an entry under `10` or `one` is never taken.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "menu"},
        "menu": {"module": "pressextension", "next": {"1": "bye", "10": "bye", "invalid": "bye", "timeout": "bye"}},
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
        "menu": {"module": "pressextension", "next": {"1": "bye", "0": "bye", "invalid": "bye", "timeout": "bye"}},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX607"
    name = "invalid-menu-key"
    severity = Severity.ERROR
    problem = "invalid-key"
