import re

from ..diagnostics import Severity
from .base import Context, Rule

# Whitespace, whole comments and whole processing instructions (the XML declaration) only.
_WHOLE_MARKUP = re.compile(r"(?:\s|<!--(?:(?!--).)*-->|<\?(?:(?!\?>)[^<])*\?>)*\Z", re.S)


def _only_whole_markup(text: str) -> bool:
    return _WHOLE_MARKUP.match(text) is not None


class NotWellFormed(Rule):
    """The document is not well-formed XML (a call flow or call request: not valid JSON).

    ## What it checks
    The document must parse as XML: every tag closed and properly nested, attribute values quoted,
    `&` written as `&amp;`, one root element. The first error libxml2 finds is reported where it
    found it. Bytes that are not valid in the document's encoding are reported here too. In a JSON
    call flow or call request (FX6xx, FX7xx) it is malformed JSON, reported where Python's `json`
    stops (`Not valid JSON: Expecting ',' delimiter`).

    ## Why
    CarrierX cannot run a document it cannot parse: the caller hears an error message instead.

    ## Example
    ```xml
    <Response>
      <Say>Press 1 & wait</Say>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      <Say>Press 1 &amp; wait</Say>
    </Response>
    ```
    """

    code = "FX001"
    name = "syntax-error"
    severity = Severity.ERROR
    parse_judged = True

    def check_document(self, ctx: Context) -> None:
        if ctx.document.is_empty and not ctx.document.syntax_errors[1:] and _only_whole_markup(ctx.text):
            return  # FX002 says it better than "Start tag expected"
        for offset, message in ctx.document.syntax_errors:
            end = offset + 1 if offset < len(ctx.text) and ctx.text[offset] not in "\r\n" else offset
            ctx.report(self, offset, end, f"Not well-formed XML: {message}")
