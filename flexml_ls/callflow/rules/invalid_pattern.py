from ...diagnostics import Severity
from .base import JsonRule


class InvalidPattern(JsonRule):
    """A `calleridmatch` pattern that is not a regular expression.

    ## What it checks
    Each of a `calleridmatch` module's `patterns` must compile as a regular expression (as Python's
    `re` reads it: unbalanced parentheses or brackets, a quantifier with nothing to repeat, a bad
    escape fail). yay.com does not say which regular-expression dialect it uses: the mistakes above
    are mistakes in every dialect, but a construct Python lacks (PCRE's `(?<name>…)`, `\\z`, `\\h`) is
    reported too; silence FX606 for such a file with `per-file-ignores`.

    ## Why
    A pattern that does not compile matches nothing, or makes the module fail: callers go the wrong
    way without any error to see.

    ## Example
    ```json
    {
      "extension": 501,
      "name": "Sales",
      "flow": {
        "begin": {"module": "start", "next": "who"},
        "who": {"module": "calleridmatch", "patterns": ["^(44800"], "match": "bye", "nomatch": "bye"},
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
        "begin": {"module": "start", "next": "who"},
        "who": {"module": "calleridmatch", "patterns": ["^(44800)"], "match": "bye", "nomatch": "bye"},
        "bye": {"module": "busy"}
      }
    }
    ```
    """

    code = "FX606"
    name = "invalid-pattern"
    severity = Severity.ERROR
    problem = "invalid-regex"
