from ...diagnostics import Severity
from .requests import RequestRule


class MissingRequestField(RequestRule):
    """A call request without a field it needs.

    ## What it checks
    An Exotel Calls/connect request needs `From`, `CallerId` and `Url`. A CarrierX call request that
    names one end of the call (`calling_did` or `called_did`) needs the other. It is reported on the
    request's opening brace.

    ## Why
    The API refuses the request: no call is made.

    ## Example
    ```json
    {"CallerId": "08047112233", "Url": "http://my.exotel.com/acme/exoml/start_voice/926"}
    ```

    ## Use instead
    ```json
    {"From": "09876543210", "CallerId": "08047112233", "Url": "http://my.exotel.com/acme/exoml/start_voice/926"}
    ```
    """

    code = "FX702"
    name = "missing-request-field"
    severity = Severity.ERROR
    problem = "missing-field"
