from ...diagnostics import Severity
from .requests import RequestRule


class InvalidRequestValue(RequestRule):
    """A call-request field with a value of the wrong type or form.

    ## What it checks
    CarrierX: `calling_did` and `called_did` in E.164 digits (country code first, no `+`), `url` and
    `status_callback_url` http(s) URLs, `method` and `status_callback_method` `POST` or `GET`, `delay`
    a whole number 0 or more, `timeout` a positive whole number, `attributes` an object (its `cnam`
    and `sip_header_*` strings; custom attributes any value).
    Exotel: `Url` a flow URL (`http(s)://my.exotel.com/<sid>/exoml/start_voice/<app_id>`, the one
    form Exotel documents; its regional hosts, `api.exotel.com` and `api.in.exotel.com`, are where
    the request itself is sent),
    `TimeLimit` a whole number of seconds up to 14400 (4 hours), `TimeOut` a positive whole number,
    `CallType` `trans`, `StatusCallback` an http(s) URL, `CustomField` a string. (Exotel's parameters
    are form data: digits in a string stand for a number.) It is reported on the value.

    ## Why
    The API refuses the request (a `TimeLimit` above 14400 is refused), or the call goes wrong: a
    `Url` that is not a flow URL connects the caller to nothing.

    ## Example
    ```json
    {"From": "09876543210", "CallerId": "08047112233", "Url": "http://my.exotel.com/acme/exoml/start_voice/926", "TimeLimit": 20000}
    ```

    ## Use instead
    ```json
    {"From": "09876543210", "CallerId": "08047112233", "Url": "http://my.exotel.com/acme/exoml/start_voice/926", "TimeLimit": 14400}
    ```
    """

    code = "FX703"
    name = "invalid-request-value"
    severity = Severity.ERROR
    problem = "invalid-value"
