"""examples/flask_app: its own tests pass (assert_valid_flexml, the fixture, checked responses), and
its FlexML templates lint clean as files."""
from __future__ import annotations

import re

import pytest

from .conftest import PYTHON, ROOT, flexml, run

APP = ROOT / "examples" / "flask_app"


def test_the_example_apps_own_tests_pass():
    pytest.importorskip("flask")
    result = run(PYTHON, "-m", "pytest", "-q", "-p", "no:asyncio", "-p", "no:cacheprovider", cwd=APP, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 16, output


def test_the_example_templates_lint_clean():
    templates = APP / "ivr_app" / "templates"
    assert len(list(templates.glob("*.flexml.xml"))) >= 3
    result = flexml("lint", "--format", "json", str(templates))
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stdout + result.stderr


def test_the_example_responses_lint_clean_with_the_cli(tmp_path):
    """Every route's FlexML, rendered by the app, written out and linted by `flexml lint` as CI would."""
    pytest.importorskip("flask")
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); from ivr_app import create_app\n"
        "client = create_app().test_client()\n"
        "calls = [('post', '/ivr/welcome', {})] + [('post', '/ivr/menu', {'Digits': d}) for d in '1239']\n"
        "calls += [('post', '/ivr/dial-finished', {'CallStatus': s}) for s in ('completed', 'busy')]\n"
        "calls += [('post', '/ivr/voicemail/saved', {})]\n"
        "for i, (method, url, data) in enumerate(calls):\n"
        "    open(f'{sys.argv[2]}/{i}.flexml', 'wb').write(getattr(client, method)(url, data=data).data)\n"
    )
    result = run(PYTHON, "-c", script, APP, tmp_path)
    assert result.returncode == 0, result.stderr
    assert len(list(tmp_path.glob("*.flexml"))) == 8
    lint = flexml("lint", str(tmp_path))
    assert lint.returncode == 0 and lint.stdout == "", lint.stdout + lint.stderr
