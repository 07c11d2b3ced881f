"""The pytest plugin (entry point pytest11): the `flexml` fixture and checking test-client responses.

Runs real pytest sessions on tests/integrations/plugin_project (Flask, Django, Starlette, httpx on
ASGI): a test named test_fail_* must fail with a FlexML message, test_pass_* pass, test_error_* error.
"""
from __future__ import annotations

import importlib.metadata
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from .conftest import PYTHON, run

PROJECT = Path(__file__).parent / "plugin_project"

pytestmark = pytest.mark.timeout(300)


def test_entry_point_is_registered():
    entry_points = importlib.metadata.entry_points(group="pytest11")
    assert [ep.value for ep in entry_points if ep.name == "flexml"] == ["flexml_ls.pytest_plugin"]


def run_project(tmp_path: Path, test_file: str, *options: str) -> dict[str, tuple[str, str]]:
    """Run pytest on a copy of the project; {test name: (outcome, message)}."""
    for framework in ("flask", "django", "starlette", "httpx"):
        pytest.importorskip(framework)
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project)
    report = tmp_path / "report.xml"
    result = run(PYTHON, "-m", "pytest", test_file, "-p", "no:asyncio", "--timeout=60", "-q",
                 f"--junitxml={report}", *options, cwd=project, timeout=240)
    assert report.exists(), result.stdout + result.stderr
    outcomes = {}
    for case in ET.parse(report).getroot().iter("testcase"):
        name = case.get("name")
        outcome, message = "passed", ""
        for child in case:
            if child.tag in ("failure", "error", "skipped"):
                outcome, message = child.tag, (child.get("message") or "") + "\n" + (child.text or "")
        outcomes[name] = (outcome, message)
    assert outcomes, result.stdout + result.stderr
    return outcomes


def check(outcomes: dict[str, tuple[str, str]]) -> None:
    wrong = []
    for name, (outcome, message) in outcomes.items():
        if name.startswith("test_pass_") and outcome != "passed":
            wrong.append(f"{name}: {outcome}\n{message}")
        elif name.startswith("test_fail_"):
            if outcome != "failure":
                wrong.append(f"{name}: {outcome}, expected a failure")
            elif "is not valid FlexML" not in message or "^" not in message:
                wrong.append(f"{name}: failed, but not with a FlexML message:\n{message}")
        elif name.startswith("test_error_") and outcome != "error":
            wrong.append(f"{name}: {outcome}, expected an error")
    assert not wrong, "\n\n".join(wrong)


@pytest.mark.parametrize("how", [["--flexml-check-responses"], ["-o", "flexml_check_responses=true"]],
                         ids=["option", "ini"])
def test_checking_responses_on(tmp_path, how):
    outcomes = run_project(tmp_path, "test_checking_on.py", *how)
    assert len(outcomes) == 23
    check(outcomes)
    message = outcomes["test_fail_flask_invalid"][1]
    assert "response to POST /invalid (200, text/xml; charset=utf-8) is not valid FlexML" in message
    assert "FX201 error: `numDigits=\"one\"` on `<Gather>`" in message
    assert "FX401 warning" in outcomes["test_fail_flask_warning_with_fail_on_warning"][1]
    assert "response to GET http://app/invalid" in outcomes["test_fail_httpx_on_asgi"][1]
    assert "fail_on must be" in outcomes["test_error_bad_marker"][1]


def test_checking_responses_off_unless_marked(tmp_path):
    outcomes = run_project(tmp_path, "test_checking_off.py")
    assert len(outcomes) == 5
    check(outcomes)


def test_allow_and_fail_on_ini_options(tmp_path):
    outcomes = run_project(tmp_path, "test_checking_off.py", "-o", "flexml_allow=FX201 FX4",
                           "-o", "flexml_fail_on=warning")
    assert outcomes["test_fail_a_bare_marker_opts_in"][0] == "passed"     # FX201 allowed project-wide
    assert outcomes["test_fail_fixture_without_the_mode"][0] == "passed"
