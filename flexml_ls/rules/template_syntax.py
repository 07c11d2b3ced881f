from ..diagnostics import Severity
from .base import Rule


class TemplateSyntaxError(Rule):
    """A Django or Jinja2 template's own syntax is broken.

    ## What it checks
    In a template (a FlexML file holding `{{`, `{%` or `{#`): every block tag is closed by its end
    tag (`{% if %}` … `{% endif %}`, `{% for %}` … `{% endfor %}`, `{% block %}` …), no end or
    middle tag (`{% endif %}`, `{% else %}`) stands outside its block, and every `{{`, `{%` and `{#`
    is closed. Django does not let a tag span lines (it prints such a tag as text); Jinja2 does.
    The error is reported at the exact tag, and the template's FlexML is not judged until it is
    fixed: the engine would refuse to render it.

    What a tag holds is not judged: its name (a custom tag from the app's own libraries, or none,
    as in `{% %}`) and its expression (`{{ }}`, `{{ a + }}`) are the template engine's to check,
    and it does, on the first render of the template in the app's own tests. So a comment that
    writes tags as prose (`<!-- tags kept verbatim: {% %}, {{ }} -->`) is not reported, though
    Django and Jinja2 would refuse it.

    ## Why
    The template engine raises `TemplateSyntaxError`, so the view answers the call with an error
    page instead of FlexML; or, for Django's tag split over two lines, CarrierX reads the tag's text.

    ## Example
    ```xml
    <Response>
      {% if greeting %}<Say>{{ greeting }}</Say>
      <Hangup/>
    </Response>
    ```

    ## Use instead
    ```xml
    <Response>
      {% if greeting %}<Say>{{ greeting }}</Say>{% endif %}
      <Hangup/>
    </Response>
    ```
    """

    code = "FX003"
    name = "template-syntax-error"
    severity = Severity.ERROR
