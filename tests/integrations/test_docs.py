"""README.md: the snippets marked `<!-- check: NAME -->` work as written."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
import yaml

from flexml_ls.config import parse_table

from .conftest import PYTHON, ROOT, run

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

DOC = ROOT / "README.md"
BIN = str(Path(sys.executable).parent)    # where `flexml` and `pre-commit` are installed
GOOD = "<Response>\n  <Say>Hello</Say>\n  <Hangup/>\n</Response>\n"
BAD = '<Response>\n  <Play loop="often">https://example.com/a.mp3</Play>\n</Response>\n'


def snippet(name: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- check: {re.escape(name)} -->\s*\n([ \t]*)```\w*\n(.*?)\n\1```", text, re.DOTALL)
    assert match, f"no snippet {name!r} in {DOC}"
    return textwrap.dedent(match.group(1) + match.group(2).replace("\n" + match.group(1), "\n"))


def env_with_bin(**extra) -> dict:
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""), **extra)
    env.pop("VIRTUAL_ENV", None)
    return env


def test_flexml_config_snippet_is_valid():
    table = tomllib.loads(snippet("flexml-config"))["tool"]["flexml"]
    config = parse_table(table, Path("pyproject.toml"))
    assert "FX402" in config.ignore and "*.ivr.xml" in config.include


def test_vscode_settings_snippet_uses_real_settings():
    settings = json.loads(snippet("vscode-settings"))
    manifest = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text())
    assert set(settings) <= set(manifest["contributes"]["configuration"]["properties"])


def test_pre_commit_local_hook(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".pre-commit-config.yaml").write_text(snippet("pre-commit-local"))
    for name, text in {"good.flexml": GOOD, "bad.flexml": BAD, "pom.xml": "<project/>\n"}.items():
        (repo / name).write_text(text)
    git_env = dict(GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com")
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True, env=dict(os.environ, **git_env))
    result = run(PYTHON, "-m", "pre_commit", "run", "--all-files", cwd=repo,
                 env=env_with_bin(PRE_COMMIT_HOME=str(tmp_path / "home"), PRE_COMMIT_COLOR="never"))
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "bad.flexml:2:15: FX201 error" in output
    assert "pom.xml" not in output and "good.flexml:" not in output


def test_github_workflow_snippet(tmp_path):
    workflow = yaml.safe_load(snippet("github-workflow"))
    job = workflow["jobs"]["flexml"]
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    upload = next(s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@"))
    assert upload["with"]["sarif_file"] == "flexml.sarif" and upload["if"] == "always()"
    commands = [s["run"] for s in steps if s.get("run", "").startswith("flexml ")]
    assert len(commands) == 2

    (tmp_path / "ivr").mkdir()
    (tmp_path / "ivr" / "bad.flexml").write_text(BAD)
    (tmp_path / "ivr" / "good.flexml").write_text(GOOD)
    annotations = subprocess.run(commands[0], shell=True, cwd=tmp_path, env=env_with_bin(),
                                 capture_output=True, text=True)
    assert annotations.returncode == 1
    assert annotations.stdout.startswith("::error file=ivr/bad.flexml,line=2,endLine=2,col=15,endColumn=20,"
                                         "title=FX201::FX201 `loop=\"often\"`")
    sarif = subprocess.run(commands[1], shell=True, cwd=tmp_path, env=env_with_bin(),
                           capture_output=True, text=True)
    assert sarif.returncode == 0, sarif.stderr
    log = json.loads((tmp_path / "flexml.sarif").read_text())
    [result] = log["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "ivr/bad.flexml"


def test_pytest_snippet_with_the_ini_settings(tmp_path):
    pytest.importorskip("flask")
    (tmp_path / "pyproject.toml").write_text(snippet("pytest-ini"))
    (tmp_path / "test_ivr.py").write_text(snippet("pytest-flask"))
    result = run(PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:asyncio", "-W", "error::pytest.PytestConfigWarning",
                 cwd=tmp_path, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "3 passed" in output


@pytest.mark.parametrize("name,filename", [("template-django", "menu.xml"), ("template-jinja2", "menu.j2")])
def test_template_snippets_report_what_the_readme_shows(name, filename, tmp_path):
    """The README's Templates section: each template gives exactly the output shown, and is the
    broken example under examples/broken_templates/."""
    template = snippet(name) + "\n"
    assert template == (ROOT / "examples" / "broken_templates" / filename).read_text(encoding="utf-8")
    (tmp_path / filename).write_text(template, encoding="utf-8")
    result = run(str(Path(BIN) / "flexml"), "lint", "-q", filename, cwd=tmp_path)
    assert result.stdout == snippet(name + "-output") + "\n"
    assert result.returncode == 1


def test_install_snippet_builds_the_wheel_it_names(tmp_path):
    """Every source the Installing section names: the checkout, the wheel its command builds (run as
    written), the git repository (the same URL everywhere: the README, the editors' READMEs, the VS
    Code pop-up; no tag, which would not exist until one is pushed), and the PyPI name."""
    lines = [line.split("#")[0].strip() for line in snippet("install").splitlines()]
    checkout, build, wheel, git, pypi = lines
    assert checkout == "pip install /path/to/flexml-ls"
    assert pypi == "pip install flexml-ls"
    url = "git+https://github.com/flexml-ls/flexml-ls"
    assert git == f'pip install "{url}"'
    for doc in (DOC, ROOT / "editors" / "vscode" / "README.md", ROOT / "editors" / "nvim" / "README.md",
                ROOT / "editors" / "vscode" / "src" / "install.ts"):
        text = doc.read_text(encoding="utf-8")
        assert url in text and re.findall(r"git\+https://[^\s\"'`]+", text) == [url] * text.count("git+https://"), doc
    # `pip wheel` as written, with this checkout for /path/to/flexml-ls.
    command = build.replace("/path/to/flexml-ls", str(ROOT)).split()
    assert command[0] == "pip"
    result = run(PYTHON, "-m", *command, cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    named = tmp_path / wheel.split()[-1]
    assert named.is_file(), (sorted(p.name for p in (tmp_path / "dist").iterdir()), wheel)
    with zipfile.ZipFile(named) as archive:
        assert {"flexml_ls/server/__init__.py", "flexml_ls/catalog/catalog.json"} <= set(archive.namelist())


def test_install_from_a_git_url(tmp_path):
    """`pip install "git+<repository>"` as the Installing section writes it, with this repository's
    committed tree for the URL (a `file://` URL: no network)."""
    if not (ROOT / ".git").exists():
        pytest.skip("this checkout is not a git repository")
    result = run(PYTHON, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), f"git+{ROOT.as_uri()}",
                 cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    (wheel,) = tmp_path.glob("flexml_ls-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert {"flexml_ls/server/__init__.py", "flexml_ls/catalog/catalog.json"} <= set(archive.namelist())


def test_json_call_flow_and_request_snippets(tmp_path):
    """The README's JSON section: the call flow and both requests lint clean, the broken flow gives
    the output shown, the flow draws, and the assert_valid_call_request lines pass."""
    flow = snippet("callflow")
    (tmp_path / "desk.callflow.json").write_text(flow)
    (tmp_path / "call.json").write_text(snippet("carrierx-request"))
    (tmp_path / "connect.json").write_text(snippet("exotel-request"))
    clean = run(PYTHON, "-m", "flexml_ls", "lint", "desk.callflow.json", "call.json", "connect.json", cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, ""), clean.stdout + clean.stderr
    drawn = run(PYTHON, "-m", "flexml_ls", "flow", "desk.callflow.json", "--format", "mermaid", cwd=tmp_path)
    assert drawn.returncode == 0 and drawn.stdout.startswith("flowchart"), drawn.stderr
    console = snippet("callflow-output").splitlines()
    assert console[0].startswith("$ flexml lint desk.callflow.json") and '"1": "dsk"' in console[0]
    shown = [line for line in console[1:] if not line.startswith("$")]
    (tmp_path / "desk.callflow.json").write_text(flow.replace('"1": "desk"', '"1": "dsk"'))
    broken = run(PYTHON, "-m", "flexml_ls", "lint", "desk.callflow.json", cwd=tmp_path)
    assert broken.returncode == 1 and broken.stdout.splitlines() == shown
    test = tmp_path / "check_requests.py"
    test.write_text(snippet("call-request-test"))
    assert run(PYTHON, str(test), cwd=tmp_path).returncode == 0
