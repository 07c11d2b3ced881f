from ..diagnostics import Severity
from .base import Rule


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    ## What it checks
    `<!-- flexml: disable-next-line=CODE reason -->` and `<!-- flexml: disable-file=CODE reason -->`
    comments whose codes did not match any diagnostic.

    ## Why
    Stale suppressions hide future problems on that line; remove them once the problem is fixed.

    ## Example
    ```xml
    <Response>
      <!-- flexml: disable-next-line=FX201 legacy app sends this -->
      <Say loop="2">Hello</Say>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Say loop="2">Hello</Say>
    </Response>
    ```

    ## Fix safety
    Safe: the fix deletes the comment (or the unused codes in it).
    """

    code = "FX901"
    name = "unused-suppression"
    severity = Severity.WARNING
    unnecessary = True
    fixable = True


class InvalidSuppression(Rule):
    """A suppression comment that cannot be understood.

    ## What it checks
    Comments starting with `flexml:` must read `flexml: disable-next-line=CODES reason` or
    `flexml: disable-file=CODES reason`, where CODES is a comma-separated list of rule codes.

    ## Why
    A misspelled suppression suppresses nothing, and the author thinks it does.

    ## Example
    ```xml
    <Response>
      <!-- flexml: disable-line=FX201 -->
      <Say loop="2">Hello</Say>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <!-- flexml: disable-next-line=FX201 legacy template -->
      <Say loop="many">Hello</Say>
    </Response>
    ```
    """

    code = "FX902"
    name = "invalid-suppression"
    severity = Severity.WARNING
