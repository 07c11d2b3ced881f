"""The example apps' FlexML templates lint clean as templates, as CI runs it: the Django app's
`*.xml` templates (found through its [tool.flexml] settings) and the Flask app's Jinja2 ones."""
from __future__ import annotations

import json

from .conftest import ROOT, flexml


def test_the_django_example_templates_lint_clean():
    app = ROOT / "examples" / "django_app"
    templates = sorted((app / "ivr_site" / "templates").rglob("*.xml"))
    assert len(templates) >= 5 and any("{%" in t.read_text() for t in templates)
    result = flexml("lint", "--format", "json", str(app))
    assert (result.returncode, json.loads(result.stdout)) == (0, []), result.stdout + result.stderr
    listed = flexml("lint", str(app), cwd=ROOT)
    assert f"({len(templates)} files)" in listed.stderr


def test_the_flask_example_templates_lint_clean_as_jinja2():
    templates = ROOT / "examples" / "flask_app" / "ivr_app" / "templates"
    result = flexml("lint", "--template", "jinja2", "--format", "json", str(templates))
    assert (result.returncode, json.loads(result.stdout)) == (0, []), result.stdout + result.stderr


def test_the_broken_templates_are_broken_and_found_only_by_name():
    broken = ROOT / "examples" / "broken_templates"
    result = flexml("lint", "-q", str(broken / "menu.xml"), str(broken / "menu.j2"))
    codes = [line.split(" ")[1] for line in result.stdout.splitlines()]
    assert result.returncode == 1 and codes == ["FX104", "FX201", "FX120"]
    # (`flexml lint examples` must pass: a directory's walk takes neither name)
    assert flexml("lint", "-q", str(broken)).stdout == ""
