"""Templates: goldens for every construct in both languages, renderings and their offsets, what is
reported (and what not) beyond the bound, fixes, and a differential test against real Django and
Jinja2 renderings (the lint path itself never imports either)."""
from __future__ import annotations

import itertools
import re
import shutil
import sys
from pathlib import Path

import pytest

from flexml_ls.config import Config
from flexml_ls.dynamic import MARK, PAD
from flexml_ls.engine import lint, lint_bytes
from flexml_ls.template import is_template, language_of, render_all

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "fixtures" / "templates"
CASES = sorted(p for p in TEMPLATES.glob("*/*") if p.name.startswith(("ok-", "bad-")) and p.suffix != ".out")
CORPORA = ROOT.parent / "shared" / "corpora"


def render(path: Path) -> str:
    result = lint_bytes(path.read_bytes(), Config(), filename=str(path))
    return "".join(f"{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}\n" for d in result.diagnostics)


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_template_golden(path: Path, request):
    golden = path.parent / (path.name.split(".")[0] + ".out")
    actual = render(path)
    if request.config.getoption("--update-goldens"):
        golden.write_text(actual, encoding="utf-8")
    assert actual == golden.read_text(encoding="utf-8")
    if path.name.startswith("ok-"):
        assert actual == "", "a clean template must stay clean"
    else:
        assert len(actual.splitlines()) == 1, "a broken fixture holds one mistake"


def test_both_languages_cover_the_same_cases():
    stems = {language: {p.name.split(".")[0] for p in CASES if p.parent.name == language}
             for language in ("django", "jinja2")}
    assert stems["django"] - {"ok-constructs"} <= stems["jinja2"] | {"bad-verbatim", "bad-for-empty"}
    assert len(stems["jinja2"]) >= 18 and len(stems["django"]) >= 18


def test_what_counts_as_a_template():
    assert is_template("<Say>{{ x }}</Say>") and is_template("{# c #}<Response/>")
    assert not is_template("<Response><Say>Hi</Say></Response>")
    assert language_of("a.flexml", "<Say>{{ x }}</Say>") == "django"
    assert language_of("a.flexml.j2", "<Say>{{ x }}</Say>") == "jinja2"
    assert language_of("a.flexml", "{%- if a %}{% endif %}") == "jinja2"
    assert language_of("a.flexml", "{% set a = 1 %}") == "jinja2"
    assert language_of("a.flexml", "<Say>{{ x }}</Say>", "none") is None
    assert language_of("a.flexml.j2", "<Say>{{ x }}</Say>", "django") == "django"
    assert language_of("a.flexml", "<Response/>") is None


def test_renderings_keep_the_templates_offsets():
    text = '<Response>\n  {% if a %}<Say voice="{% if f %}woman{% else %}man{% endif %}">{{ x }}</Say>{% endif %}\n</Response>'
    rendered = render_all(text, language="django")
    assert rendered.exhaustive and not rendered.syntax_errors
    assert len(rendered.renderings) == 3        # (a, f), (a, not f), (not a)
    for rendering in rendered.renderings:
        assert len(rendering.text) == len(text) and rendering.to_source(17) == 17
        assert rendering.text.count("\n") == text.count("\n")
    first = rendered.renderings[0].text
    assert first[text.index("{{ x }}"):][:7] == MARK * 7
    assert first[text.index("woman"):][:5] == "woman"
    assert "{%" not in first and "man{" not in first


def test_template_as_many_renderings_as_combinations_up_to_the_bound():
    six = "<Response>" + "".join(f"{{% if c{i} %}}<Pause/>{{% endif %}}" for i in range(6)) + "</Response>"
    assert len(render_all(six, language="django").renderings) == 64
    seven = "<Response>" + "".join(f"{{% if c{i} %}}<Pause/>{{% endif %}}" for i in range(7)) + "</Response>"
    rendered = render_all(seven, language="django")
    assert not rendered.exhaustive and len(rendered.renderings) == 1     # every `if` taken (none taken adds no text)
    nested = "<Response>" + "".join(f"{{% if c{i} %}}<Pause/>{{% if d{i} %}}<Hangup/>{{% else %}}<Reject/>{{% endif %}}{{% endif %}}"
                                    for i in range(7)) + "</Response>"
    rendered = render_all(nested, language="django")
    seen = {piece for r in rendered.renderings for piece in r.shown}
    assert len(rendered.renderings) == 2 and len(seen) == 2 + 7 * 3   # every literal piece in some rendering


def test_beyond_the_bound_only_local_findings_and_no_false_error():
    # 40 independent conditionals: linear renderings; an error in one branch is still found.
    verbs = "".join(f'  {{% if c{i} %}}<Say>Line {i}</Say>{{% endif %}}\n' for i in range(40))
    text = "<Response>\n" + verbs + '  {% if c40 %}<Say loop="x">Hi</Say>{% endif %}\n</Response>\n'
    rendered = render_all(text, language="django")
    assert len(rendered.renderings) == 1 and rendered.balanced
    assert [(d.code, d.line, d.column) for d in lint(text, Config()).diagnostics] == [("FX201", 42, 26)]
    # A verb after a conditional Hangup is reachable in some rendering: never reported.
    text = "<Response>\n" + verbs + "  {% if done %}<Hangup/>{% endif %}\n  <Say>More</Say>\n</Response>\n"
    assert lint(text, Config()).diagnostics == []


def test_a_fix_applies_only_to_literal_text():
    text = '<Response>\n  <Pase length="{{ n }}"/>\n</Response>\n'
    [diagnostic] = lint(text, Config()).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FX102", 2, 4)
    assert diagnostic.fix is not None and all(text[e.start:e.end] == "Pase" for e in diagnostic.fix.edits)
    # Removing an unknown attribute whose value is dynamic would touch template syntax: no fix.
    text = '<Response>\n  <Say colour="{{ c }}">Hi</Say>\n</Response>\n'
    [diagnostic] = lint(text, Config()).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FX107", 2, 8) and diagnostic.fix is None


def test_template_setting_none_lints_plain_xml():
    text = '<Response>\n  <Say>{{ x }}</Say>\n</Response>\n'
    assert lint(text, Config()).diagnostics == []
    plain = Config(template="none")
    assert lint(text, plain).diagnostics == []      # text is text either way
    text = '<Response>\n  {% if a %}<Hangup/>{% endif %}\n</Response>\n'
    assert [d.code for d in lint(text, plain).diagnostics] == ["FX105"]


def test_suppressions_in_template_comments_are_checked():
    text = '<Response>\n  {# flexml: disable-next-line=FX201 nothing here #}\n  <Say>Hi</Say>\n</Response>\n'
    assert [(d.code, d.line, d.column) for d in lint(text, Config()).diagnostics] == [("FX901", 2, 3)]


# --- Differential: the real engines' renderings ---------------------------------------------------

class Value:
    """A context value: truthy or not, iterable once when truthy, any attribute, `1` when printed."""

    def __init__(self, truth: bool):
        self.truth = truth

    def __bool__(self):
        return self.truth

    def __iter__(self):
        return iter([Value(self.truth)] if self.truth else [])

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Value(self.truth)

    def __getitem__(self, key):
        raise KeyError(key)  # (Django then asks for an attribute)

    def items(self):
        return [("timeout", "5")] if self.truth else []

    def __str__(self):
        return "1"

    def __html__(self):
        return "1"


def _conditions(text: str) -> list[str]:
    names = []
    for tag in re.findall(r"{%-?\s*(?:if|elif|for)\b(.*?)-?%}", text, re.S):
        tag = tag.split(" in ", 1)[-1]
        for name in re.findall(r"\b[A-Za-z_]\w*", tag):
            if name not in ("and", "or", "not", "in", "is", "items", "true", "false") and name not in names:
                names.append(name)
    return names


def _contexts(text: str):
    names = _conditions(text)[:6]
    for truths in itertools.product((True, False), repeat=len(names)):
        context = {name: Value(truth) for name, truth in zip(names, truths)}
        yield _Defaults(context)


class _Defaults(dict):
    def __missing__(self, key):
        return Value(True)


def _django_render(path: Path, context) -> str:
    import types

    import django
    from django.conf import settings
    from django.test.utils import override_settings
    from django.urls import clear_url_caches
    from django.urls import path as route
    if not settings.configured:  # (another test may have configured Django first: settings are overridden below)
        settings.configure(USE_I18N=True)
        django.setup()
    urls = types.ModuleType("flexml_template_test_urls")
    urls.urlpatterns = [route("menu/", lambda request: None, name="menu")]
    sys.modules[urls.__name__] = urls
    from django.template import Context, Engine
    engine = Engine(dirs=[str(TEMPLATES / "django")], debug=False, libraries={"i18n": "django.templatetags.i18n"})
    template = engine.from_string(path.read_text(encoding="utf-8"))
    values = dict(context)
    for name in _conditions(path.read_text(encoding="utf-8")):
        values.setdefault(name, Value(True))
    for name in re.findall(r"{{\s*([A-Za-z_]\w*)", path.read_text(encoding="utf-8")):
        values.setdefault(name, Value(True))
    with override_settings(ROOT_URLCONF=urls.__name__, USE_I18N=True):
        clear_url_caches()
        try:
            return template.render(Context(values))
        finally:
            clear_url_caches()


def _jinja_render(path: Path, context) -> str:
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(path.parent)), extensions=["jinja2.ext.i18n"])
    env.install_null_translations()
    env.globals["url_for"] = lambda name, **_: f"/{name}"

    class Undefined(jinja2.Undefined):
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return Value(True)
        def items(self):
            return []
        __str__ = lambda self: "1"  # noqa: E731
        __bool__ = lambda self: True  # noqa: E731
        __iter__ = lambda self: iter([Value(True)])  # noqa: E731
    env.undefined = Undefined
    return env.get_template(path.name).render(**context)


def _literal_run(text: str, start: int) -> tuple[int, int] | None:
    """The run of template text holding `start` and no template syntax (None: `start` is in some)."""
    syntax = [m.span() for m in re.finditer(r"{%.*?%}|{{.*?}}|{#.*?#}", text, re.S)]
    if any(s <= start < e for s, e in syntax):
        return None
    before = max([e for s, e in syntax if e <= start], default=0)
    after = min([s for s, e in syntax if s > start], default=len(text))
    return before, after


# (Not those the engines refuse to render: FX003's, and a comment naming tags, which is the engines' to judge.)
DIFFERENTIAL = [p for p in CASES if not p.name.startswith(("bad-unclosed", "bad-child-without", "ok-comment-naming-tags"))]


@pytest.mark.parametrize("path", DIFFERENTIAL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_error_reported_on_a_template_holds_in_the_real_renderings(path: Path):
    text = path.read_text(encoding="utf-8")
    errors = [d for d in lint(text, Config(), filename=str(path)).diagnostics if d.severity.value == "error"]
    renderer = _django_render if path.parent.name == "django" else _jinja_render
    checked = 0
    for context in _contexts(text):
        rendered = renderer(path, context)
        found = {(d.code, d.start) for d in lint(rendered, Config(template="none")).diagnostics}
        for error in errors:
            found_run = _literal_run(text, error.start)
            if found_run is None:
                continue  # (it starts on template syntax: no rendering has that text)
            run_start, run_end = found_run
            run = text[run_start:run_end]
            occurrences = [m.start() for m in re.finditer(re.escape(run), rendered)]
            if not occurrences:
                continue  # not in this rendering
            assert any((error.code, at + error.start - run_start) in found for at in occurrences), \
                f"{error.code} at {error.line}:{error.column} not in the rendering for {dict(context)}:\n{rendered}"
            checked += 1
    if any(_literal_run(text, error.start) for error in errors):
        assert checked, "some rendering must hold the error's text"


# --- CarrierX's own templates (read where the shared corpora are; never copied into the project) ----

if CORPORA.is_dir():
    VENDOR = sorted(CORPORA.glob("*/raw/*"))

    @pytest.mark.parametrize("path", VENDOR, ids=lambda p: p.name)
    def test_vendor_templates_have_no_false_error(path: Path, tmp_path):
        # Whole, provenance comment included (it names `{% %}` and `{{ }}`: not FX003's, see its docs),
        # under its own name (`voicemail.flexml`, `hangup.xml`).
        copy = tmp_path / path.stem
        copy.write_bytes(path.read_bytes())
        result = lint_bytes(copy.read_bytes(), Config(), filename=str(copy))
        assert [d for d in result.diagnostics if d.severity.value == "error"] == []
        assert {d.code for d in result.diagnostics} <= {"FX103", "FX108", "FX202", "FX120"}


# --- Command line ------------------------------------------------------------------------------------

def _cli(*args, cwd):
    import subprocess
    return subprocess.run([sys.executable, "-m", "flexml_ls", *args], cwd=cwd, capture_output=True, text=True)


def test_cli_finds_template_names_and_reads_the_template_setting(tmp_path):
    shutil.copy(TEMPLATES / "jinja2" / "bad-else-branch.flexml.j2", tmp_path / "menu.flexml.j2")
    shutil.copy(TEMPLATES / "jinja2" / "ok-values.flexml.j2", tmp_path / "ok.flexml.jinja")
    (tmp_path / "other.flexml.jinja2").write_text("<Response>{% if a %}<Hangup/>{% endif %}</Response>\n")
    done = _cli("lint", ".", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stdout.splitlines()[0].startswith("menu.flexml.j2:5:6: FX102 error: Unknown element `<Sya>`")
    assert "in 3 files" in done.stderr
    done = _cli("lint", "--template", "none", "other.flexml.jinja2", cwd=tmp_path)
    assert done.stdout.splitlines()[0].startswith("other.flexml.jinja2:1:11: FX105 error")
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\ntemplate = "none"\n')
    assert _cli("lint", "other.flexml.jinja2", cwd=tmp_path).returncode == 1
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\ntemplate = "mako"\n')
    done = _cli("lint", "other.flexml.jinja2", cwd=tmp_path)
    assert done.returncode == 2 and "`template` must be one of auto, django, jinja2, none" in done.stderr


def test_only_flexml_takes_templates_of_a_response_or_extending_one(tmp_path):
    (tmp_path / "layouts").mkdir()
    shutil.copy(TEMPLATES / "django" / "ok-base.flexml", tmp_path / "layouts" / "base.xml")
    (tmp_path / "child.xml").write_text('{% extends "base.xml" %}\n{% block verbs %}<Say loop="x">Hi</Say>{% endblock %}\n')
    (tmp_path / "page.xml").write_text('{% extends "page.html" %}\n{% block body %}<p>{{ x }}</p>{% endblock %}\n')
    (tmp_path / "menu.xml").write_text('<Response>\n  {% if a %}<Hangup/>{% endif %}<Sya/>\n</Response>\n')
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\ntemplate-dirs = ["layouts"]\n')
    done = _cli("lint", "--only-flexml", "child.xml", "page.xml", "menu.xml", cwd=tmp_path)
    lines = done.stdout.splitlines()
    assert lines[0] == "child.xml:2:29: FX201 error: `loop=\"x\"` on `<Say>` is not valid; expected an integer from 0 to 100"
    assert lines[1].startswith("menu.xml:2:34: FX102 error: Unknown element `<Sya>`")
    assert "in 2 files" in done.stderr


def test_fix_edits_literal_text_of_a_template(tmp_path):
    path = tmp_path / "menu.flexml"
    path.write_text('<Response>\n  {% if a %}<Pase length="{{ n }}"/>{% endif %}\n</Response>\n')
    done = _cli("lint", "--fix", "--unsafe-fixes", "menu.flexml", cwd=tmp_path)
    assert path.read_text() == '<Response>\n  {% if a %}<Pause length="{{ n }}"/>{% endif %}\n</Response>\n'
    assert done.returncode == 0


def test_testing_helper_checks_a_template_file(tmp_path):
    from flexml_ls.testing import FlexmlAssertionError, assert_valid_template
    assert assert_valid_template(TEMPLATES / "django" / "ok-values.flexml") == []
    with pytest.raises(FlexmlAssertionError) as failure:
        assert_valid_template(TEMPLATES / "jinja2" / "bad-else-branch.flexml.j2")
    assert [(d.code, d.line, d.column) for d in failure.value.diagnostics] == [("FX102", 5, 6)]
    assert "<Sya>Hello</Sya>" in str(failure.value)


def test_a_rendered_response_is_never_read_as_a_template():
    from flexml_ls.testing import lint_response
    result = lint_response("<Response><Say>{{ unrendered }}</Say><Hangup/>{% endif %}</Response>")
    assert [(d.code, d.column) for d in result.diagnostics] == [("FX105", 47)]


@pytest.mark.parametrize("path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fast_path_and_scanner_agree_on_every_rendering(path: Path):
    """Renderings without PAD take lxml's fast path: it must find what the scanner's path finds."""
    from flexml_ls import engine
    from flexml_ls.catalog import load
    from flexml_ls.parse import parse_tree
    config = Config()
    rule_sets = engine._rule_sets_of(config)
    for rendering in render_all(path.read_text(encoding="utf-8"), filename=str(path)).renderings:
        text = rendering.text
        fast = engine._lint(text, config, None, load(), engine._judge(*engine._parse(text, None)), rule_sets)
        scanned = engine._lint(text, config, None, load(), engine._judge(None, parse_tree(text)[1]), rule_sets)
        view = [(d.code, d.start, d.end, d.message) for d in fast.diagnostics]
        assert view == [(d.code, d.start, d.end, d.message) for d in scanned.diagnostics] or "\ue000" in text


def test_nesting_deeper_than_the_engines_read_is_reported_not_a_crash():
    text = "<Response>" + "{% if a %}" * 5000 + "<Hangup/>" + "{% endif %}" * 5000 + "</Response>"
    [diagnostic] = lint(text, Config()).diagnostics
    assert (diagnostic.code, diagnostic.line, diagnostic.column) == ("FX003", 1, 11 + 100 * 10)
    assert "nested more than 100 blocks deep" in diagnostic.message


def test_a_long_template_renders_fewer_combinations():
    lines = "".join(f'  <Say>Line {i} of a long template, {{{{ name }}}}</Say>\n' for i in range(1500))
    three = "<Response>\n" + "".join(f"  {{% if c{i} %}}<Pause/>{{% endif %}}\n" for i in range(3)) + lines + "</Response>\n"
    rendered = render_all(three, language="django")
    assert rendered.exhaustive and len(rendered.renderings) == 8          # 8 x 90 KB
    four = three.replace("<Response>\n", "<Response>\n  {% if c3 %}<Pause/>{% endif %}\n")
    rendered = render_all(four, language="django")
    assert not rendered.exhaustive and len(rendered.renderings) == 1      # 16 x 90 KB is too much


def test_extends_combines_the_bases_and_the_childs_choices(tmp_path):
    (tmp_path / "base.xml").write_text(
        "<Response>\n  {% if greet %}<Say>Hello</Say>{% endif %}\n  {% block verbs %}{% endblock %}\n  <Hangup/>\n</Response>\n")
    child = tmp_path / "child.xml"
    text = ('{% extends "base.xml" %}\n{% block verbs %}\n  {% if busy %}<Say loop="x">Busy</Say>{% endif %}\n'
            '  <Hangup/>\n{% endblock %}\n')
    rendered = render_all(text, filename=str(child), language="django")
    assert rendered.base == str(tmp_path / "base.xml") and rendered.base_root == "Response"
    assert len(rendered.renderings) == 4 and all(r.segments for r in rendered.renderings)
    first = rendered.renderings[0]
    at = first.text.index('loop="x"')
    assert first.to_source(at) == text.index('loop="x"') and first.to_source(first.text.index("Hello")) is None
    # The base's <Hangup/> after the block is unreachable (FX401): the base's text, not reported here.
    found = [(d.code, d.line, d.column) for d in lint(text, Config(), filename=str(child)).diagnostics]
    assert found == [("FX201", 3, 27)]


SYNTAX_CASES = CASES + sorted((ROOT / "fixtures" / "rules" / "FX003").glob("*.flexml"))


@pytest.mark.parametrize("path", SYNTAX_CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_template_syntax_errors_are_the_real_engines(path: Path):
    """FX003 exactly when the engine refuses the template (Django's tag split over lines aside: it
    prints it as text, and FX003 says so; and what a tag holds, which the engine judges alone)."""
    text = path.read_text(encoding="utf-8")
    result = lint(text, Config(), filename=str(path))
    language = result.template.language
    if language == "jinja2":
        import jinja2
        environment = jinja2.Environment(extensions=["jinja2.ext.i18n"])
        try:
            environment.parse(text)
            refused = False
        except jinja2.TemplateSyntaxError as error:
            refused = _WHAT_A_TAG_HOLDS if any(each in str(error) for each in _TAG_CONTENT) else True
    else:
        from django.conf import settings
        if not settings.configured:
            settings.configure(USE_I18N=True)
            import django
            django.setup()
        from django.template import Engine, TemplateSyntaxError
        try:
            Engine(debug=False, libraries={"i18n": "django.templatetags.i18n"}).from_string(text)
            refused = False
        except TemplateSyntaxError as error:
            refused = _WHAT_A_TAG_HOLDS if any(each in str(error) for each in _TAG_CONTENT) else True
    reported = [d for d in result.diagnostics if d.code == "FX003"]
    printed_as_text = all("Django does not let a tag span lines" in d.message for d in reported)
    assert refused == bool(reported) or (reported and printed_as_text and not refused) \
        or (refused is _WHAT_A_TAG_HOLDS and not reported), (refused, reported)


# What a tag holds (its name, its expression) is the engine's to judge, not FX003's (see its docs):
# the engines' messages for those.
_TAG_CONTENT = ("Empty block tag", "Empty variable tag", "tag name expected", "Expected an expression")
_WHAT_A_TAG_HOLDS = object()


def test_a_template_that_does_not_decode_is_reported_as_such():
    result = lint_bytes(b"<Response>\n  <Say>{{ x }} caf\xe9</Say>\n</Response>\n", Config(), filename="menu.flexml")
    assert [(d.code, d.line, d.column) for d in result.diagnostics][:1] == [("FX001", 2, 19)]


def _generated_templates(count: int, seed: int):
    """Templates of every construct, nested, between elements, inside start tags and values (some
    with branches that leave a tag or a value open: not settled)."""
    import random
    rng = random.Random(seed)

    def leaf(language, where):
        if where == "value":
            return rng.choice(["man", "{{ v }}", "", "{% url 'a' %}", "{# c #}"])
        if where == "tag":
            return rng.choice([' loop="2"', ' voice="{{ v }}"', " {{ attrs|xmlattr }}", ' {{ k }}="1"', ' x="',
                               ' voice="' + made(language, "value", 2) + '"'])
        return rng.choice(["<Say>hi</Say>", "<Say>{{ t }}</Say>", "<Play/>", "{{ x }}", "\n  ", "{% include 'x' %}",
                           "{# c #}", "<Say>", "</Say>", "<Say" + made(language, "tag", 2) + ">t</Say>",
                           "{% load a %}" if language == "django" else "{% set a = 1 %}"])

    def made(language, where, depth):
        out = []
        for _ in range(rng.randint(1, 4)):
            if depth <= 0 or rng.random() < 0.5:
                out.append(leaf(language, where))
                continue
            inner = lambda: made(language, where, depth - 1)  # noqa: E731
            other = "{% empty %}" if language == "django" else "{% else %}"
            out.append(rng.choice([
                lambda: "{% if a %}" + inner() + "{% endif %}",
                lambda: "{% if a %}" + inner() + "{% else %}" + inner() + "{% endif %}",
                lambda: "{% if a %}" + inner() + "{% elif b %}" + inner() + "{% else %}" + inner() + "{% endif %}",
                lambda: "{% for x in y %}" + inner() + "{% endfor %}",
                lambda: "{% for x in y %}" + inner() + other + inner() + "{% endfor %}",
                lambda: "{% with a=b %}" + inner() + "{% endwith %}",
                lambda: "{% comment %}" + inner() + "{% endcomment %}",
                lambda: "{% block b %}" + inner() + "{% endblock %}",
                lambda: ("{% verbatim %}" if language == "django" else "{% raw %}") + inner()
                + ("{% endverbatim %}" if language == "django" else "{% endraw %}"),
                lambda: ("{% blocktrans %}" if language == "django" else "{% call m() %}") + inner()
                + ("{% endblocktrans %}" if language == "django" else "{% endcall %}"),
            ])())
        return "".join(out)

    for _ in range(count):
        language = rng.choice(["django", "jinja2"])
        yield language, "<Response>" + made(language, "content", 4) + "</Response>"


def test_a_settled_templates_view_gives_the_same_renderings_as_its_pieces():
    """Renderings are made from the view (every alternative written in place, those not taken
    blanked) when every choice is settled; else piece by piece. Both must give the same text and
    the same pieces, for every combination and for the covering ones."""
    from flexml_ls.template.render import assemble, covering, every_combination, pieces
    cases = [(None, path.read_text(encoding="utf-8"), path) for path in CASES]
    cases += [(language, text, None) for language, text in _generated_templates(400, seed=10)]
    compared = unsettled = 0
    for language, text, path in cases:
        rendered = render_all(text, language=language, filename=path)
        for part in rendered._parts:
            if part.structure is None:
                unsettled += not rendered.extends
                continue
            for choices in every_combination(part.nodes)[:64] + covering(part.nodes) + covering(part.nodes, part.branches):
                from_view = part.rendering(choices)
                assembled = assemble(pieces(part.nodes, choices), part.sources, choices)
                assert (from_view.text, from_view.shown) == (assembled.text, assembled.shown), text
                compared += 1
    assert compared > 1000 and unsettled > 10


def test_a_template_whose_branches_end_in_different_places_is_rendered_piece_by_piece():
    text = '<Response>{% if a %}<Say loop="2"{% else %}<Say{% endif %} voice="x">Hi</Say></Response>'
    rendered = render_all(text, language="django")
    assert rendered._parts[0].structure is None          # not settled: the branches end inside a tag
    assert [r.text.count(PAD) for r in rendered.renderings] == [0, 0]
    found = lint(text, Config()).diagnostics    # (the value, in both renderings)
    assert [(d.code, d.line, d.column) for d in found] == [("FX201", 1, 67)] and text[66:68] == 'x"'



def test_djangos_tokens_read_in_place_are_the_lexers():
    """The reader splits a Django template itself (the lint's hot loop); lexer.tokens does it for
    the editor's features and Jinja2. Both must give the same structure, view and errors."""
    from flexml_ls.template import structure
    from flexml_ls.template.lexer import tokens

    def flat(nodes):
        for node in nodes:
            if type(node) is tuple:
                yield node
            elif isinstance(node, structure.Choice):
                yield "choice", len(node.alternatives), tuple(map(tuple, node.spans)), node.state
                for alternative in node.alternatives:
                    yield from flat(alternative)
            else:
                yield "block", node.name
                yield from flat(node.body)

    texts = [path.read_text(encoding="utf-8") for path in CASES if path.parent.name == "django"]
    texts += [text for language, text in _generated_templates(300, seed=11) if language == "django"]
    texts += ["{% verbatim %}{{ x }}{% if %}{% endverbatim %}<Say>{{</Say>", "{% verbatim a %}{% endverbatim %}x",
              "{% foo %}{% verbatim %}{% endfoo %}{% endverbatim %}", "<Say>{% %}{#x#}</Say>{% verbatim %}"]
    for text in texts:
        in_place_errors, lexed_errors = [], []
        in_place = structure.build(text, "django", in_place_errors)
        reader = structure._Reader("django", text)
        reader.read(list(tokens(text, "django", lexed_errors)))
        lexed = structure.Structure(reader.root, reader.errors, reader.extends, reader.extends_tag, reader.comments,
                                    reader.comment_tags, reader.view.finish(), reader.view.settled, reader.choices)
        assert list(flat(in_place.nodes)) == list(flat(lexed.nodes)), text
        assert (in_place.view, in_place.settled, in_place.errors, in_place_errors, in_place.comment_tags,
                in_place.comments, in_place.extends) == \
            (lexed.view, lexed.settled, lexed.errors, lexed_errors, lexed.comment_tags, lexed.comments,
             lexed.extends), text
