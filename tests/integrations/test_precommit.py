"""The real `pre-commit try-repo` with this repository's .pre-commit-hooks.yaml.

pre-commit installs the hook from a snapshot of the working tree (committed or not) into its own
virtualenv with pip (offline from the package index), then runs it on a temporary git repository.
"""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from .conftest import PYTHON, ROOT, run

GOOD = "<Response>\n  <Say>Hello</Say>\n  <Hangup/>\n</Response>\n"
BAD = '<Response>\n  <Play loop="often">https://example.com/a.mp3</Play>\n</Response>\n'
RESPONSE_XML_BAD = '<?xml version="1.0"?>\n<Response><Gather numDigits="one"/></Response>\n'
OTHER_XML = "<project><modelVersion>4.0.0</modelVersion></project>\n"
CALL_FLOW_BAD = '{"extension": 1, "name": "n",\n "flow": {"s": {"module": "start", "next": "gone"}}}\n'

pytestmark = pytest.mark.timeout(600)


def _git(*args, cwd):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com")
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory):
    """This working tree (tracked and new files, as git would see them) committed in a fresh repo."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file() and not name.startswith("editors/vscode/node_modules/"):
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git("init", "-q", cwd=snapshot)
    _git("add", "-A", cwd=snapshot)
    _git("commit", "-q", "-m", "snapshot", cwd=snapshot)
    return snapshot


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory):
    return tmp_path_factory.mktemp("pre-commit-home")  # shared: the hook's virtualenv is built once


def _try_repo(hook_repo, pre_commit_home, work, files: dict[str, str]):
    work.mkdir()
    for name, text in files.items():
        (work / name).write_text(text, encoding="utf-8")
    _git("init", "-q", cwd=work)
    _git("add", "-A", cwd=work)
    env = dict(os.environ, PRE_COMMIT_HOME=str(pre_commit_home), PRE_COMMIT_COLOR="never")
    env.pop("VIRTUAL_ENV", None)
    return run(PYTHON, "-m", "pre_commit", "try-repo", hook_repo, "flexml-lint", "--all-files", "--verbose",
               cwd=work, env=env, timeout=600)


def test_manifest_declares_the_hook():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "flexml-lint")
    assert hook["language"] == "python"
    assert hook["entry"].startswith("flexml lint")
    assert "xml" in hook["types_or"]


def test_bad_files_fail_and_other_xml_is_left_alone(hook_repo, pre_commit_home, tmp_path):
    result = _try_repo(hook_repo, pre_commit_home, tmp_path / "repo", {
        "good.flexml": GOOD,
        "bad.flexml": BAD,
        "call.xml": RESPONSE_XML_BAD,        # plain .xml, FlexML by its <Response> root
        "pom.xml": OTHER_XML,                # XML that is not FlexML: passed to the hook, skipped by it
        "notes.txt": BAD,                    # not XML at all: never passed
        "desk.callflow.json": CALL_FLOW_BAD,  # a JSON call flow
        "package.json": '{"name": "x",}',     # other JSON: never passed
    })
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "flexml lint" in output and "Failed" in output
    assert 'bad.flexml:2:15: FX201 error: `loop="often"`' in output
    assert "call.xml:2:30: FX201 error: `numDigits=\"one\"`" in output
    assert "desk.callflow.json:2:44: FX611 error" in output
    assert "pom.xml" not in output and "package.json" not in output
    assert "in 4 files" in output   # pom.xml skipped, not counted
    assert "good.flexml:" not in output and "notes.txt" not in output


def test_good_files_pass(hook_repo, pre_commit_home, tmp_path):
    result = _try_repo(hook_repo, pre_commit_home, tmp_path / "repo", {
        "good.flexml": GOOD,
        "menu.flexml.xml": GOOD,
        "pom.xml": OTHER_XML,
    })
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "flexml lint" in output and "Passed" in output
