"""`flexml lint` as a user runs it: a real process for what a process must prove (imports, exit codes,
stdin), the in-process `main` for the rest."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flexml_ls import config as config_module
from flexml_ls.cli import main

ROOT = Path(__file__).resolve().parent.parent
BAD = '<Response>\n  <HangUp/>\n  <Say loop="x">hi</Say>\n</Response>\n'
GOOD = "<Response>\n  <Hangup/>\n</Response>\n"


@pytest.fixture(autouse=True)
def fresh_config_cache():
    config_module.clear_cache()
    yield
    config_module.clear_cache()


def run(*args, stdin: bytes | None = None, cwd=None):
    return subprocess.run([sys.executable, "-m", "flexml_ls", *args], input=stdin, capture_output=True,
                          cwd=cwd, timeout=60)


def test_cli_does_not_import_heavy_modules(tmp_path):
    target = tmp_path / "a.flexml"
    target.write_text(BAD)
    code = ("import sys, runpy; sys.argv=['flexml','lint','-q',%r]\n"
            "try:\n runpy.run_module('flexml_ls', run_name='__main__')\n"
            "except SystemExit: pass\n"
            "heavy=[m for m in sys.modules if m.split('.')[0] in ('pygls','lsprotocol','xmlschema')]\n"
            "print('HEAVY', heavy)") % str(target)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout
    assert "HEAVY []" in out


def test_text_format_and_exit_status(tmp_path):
    (tmp_path / "bad.flexml").write_text(BAD)
    (tmp_path / "good.flexml").write_text(GOOD)
    result = run("lint", str(tmp_path))
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    bad = str(tmp_path / "bad.flexml")
    assert lines == [
        f"{bad}:2:4: FX103 warning: `<HangUp>` should be spelled `<Hangup>`",
        f"{bad}:3:4: FX401 warning: `<Say>` never runs: `<Hangup>` ends the call (line 2)",
        f"{bad}:3:14: FX201 error: `loop=\"x\"` on `<Say>` is not valid; expected an integer from 0 to 100",
    ]
    assert "Found 3 problems" in result.stderr.decode()
    assert run("lint", str(tmp_path / "good.flexml")).returncode == 0
    assert run("lint", "--exit-zero", bad).returncode == 0


def test_missing_file_is_exit_2_with_a_clear_message(tmp_path):
    result = run("lint", str(tmp_path / "nope.flexml"))
    assert result.returncode == 2
    assert b"nope.flexml: no such file or directory" in result.stderr
    assert b"Traceback" not in result.stderr


def test_usage_errors_are_exit_2():
    assert run("lint", "--format", "yaml").returncode == 2
    assert run("lint", "--unsafe-fixes", "x").returncode == 2
    assert run("frobnicate").returncode == 2


def test_json_format(tmp_path):
    (tmp_path / "bad.flexml").write_text(BAD)
    out = json.loads(run("lint", "--format", "json", str(tmp_path / "bad.flexml")).stdout)
    assert out[2] == {"path": str(tmp_path / "bad.flexml"), "line": 3, "column": 14, "end_line": 3,
                      "end_column": 15, "code": "FX201", "severity": "error",
                      "message": '`loop="x"` on `<Say>` is not valid; expected an integer from 0 to 100'}


def test_stdin_with_stdin_filename():
    result = run("lint", "-", "--stdin-filename", "views/menu.xml", stdin=BAD.encode())
    assert result.returncode == 1
    assert result.stdout.decode().startswith("views/menu.xml:2:4: FX103")


def test_named_file_is_linted_whatever_its_extension_and_directories_use_patterns(tmp_path):
    (tmp_path / "menu.xml").write_text(BAD)
    (tmp_path / "menu.flexml.xml").write_text(BAD)
    (tmp_path / "notes.txt").write_text("not xml")
    out = run("lint", "-q", str(tmp_path)).stdout.decode()
    assert "menu.flexml.xml" in out and "menu.xml:" not in out.replace("menu.flexml.xml", "")
    assert "menu.xml:2:4" in run("lint", "-q", str(tmp_path / "menu.xml")).stdout.decode()
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\nextend-include = ["*.xml"]\nignore = ["FX401"]\n')
    out = run("lint", "-q", str(tmp_path)).stdout.decode()
    assert out.count("FX103") == 2 and "FX401" not in out


def test_select_and_ignore_prefixes(tmp_path):
    (tmp_path / "bad.flexml").write_text(BAD)
    out = run("lint", "-q", "--select", "FX2", str(tmp_path / "bad.flexml")).stdout.decode()
    assert [line.split()[1] for line in out.splitlines()] == ["FX201"]
    out = run("lint", "-q", "--ignore", "FX1,FX2", str(tmp_path / "bad.flexml")).stdout.decode()
    assert [line.split()[1] for line in out.splitlines()] == ["FX401"]


def test_config_is_found_upward_and_severity_can_be_raised(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\n[tool.flexml.severity]\nFX103 = "error"\n')
    nested = tmp_path / "app" / "views"
    nested.mkdir(parents=True)
    (nested / "a.flexml").write_text("<Response><HangUp/></Response>")
    result = run("lint", str(nested / "a.flexml"))
    assert result.returncode == 1 and b"FX103 error" in result.stdout
    (tmp_path / "app" / ".flexml.toml").write_text('ignore = ["FX103"]\n')
    assert run("lint", str(nested / "a.flexml")).returncode == 0


def test_bad_config_is_a_clear_error(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\nselct = ["FX1"]\n')
    (tmp_path / "a.flexml").write_text(GOOD)
    result = run("lint", str(tmp_path / "a.flexml"))
    assert result.returncode == 2 and b"unknown setting(s) in [tool.flexml]: selct" in result.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.flexml\n')
    assert run("lint", str(tmp_path / "a.flexml")).returncode == 2


def test_fix_keeps_encoding_bom_and_line_ends(tmp_path):
    target = tmp_path / "legacy.flexml"
    original = ('<?xml version="1.0" encoding="ISO-8859-1"?>\r\n<Response>\r\n  <Say>Café</Say>\r\n'
                '  <wait length="2" silence="true" minsilence="500"/>\r\n  <HangUp/>\r\n</Response>\r\n')
    target.write_bytes(original.encode("latin-1"))
    os.chmod(target, 0o640)
    result = run("lint", "--fix", str(target))
    assert result.returncode == 0, result.stderr
    fixed = target.read_bytes()
    assert fixed == original.replace("wait", "Wait").replace("minsilence", "minSilence") \
        .replace("HangUp", "Hangup").encode("latin-1")
    assert (target.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["legacy.flexml"]  # no temporary file left behind
    bom = tmp_path / "bom.flexml"
    bom.write_bytes(b"\xef\xbb\xbf<Response>\n<HangUp/>\n</Response>\n")
    run("lint", "--fix", str(bom))
    assert bom.read_bytes() == b"\xef\xbb\xbf<Response>\n<Hangup/>\n</Response>\n"


def test_fix_from_stdin_writes_the_fixed_document_to_stdout():
    result = run("lint", "--fix", "-", stdin=b"<Response><HangUp/></Response>")
    assert result.stdout == b"<Response><Hangup/></Response>"
    assert result.returncode == 0


def test_unsafe_fixes_only_when_asked(tmp_path):
    target = tmp_path / "a.flexml"
    target.write_text('<Response><Gather numDigit="4"/></Response>')
    run("lint", "--fix", str(target))
    assert "numDigit=" in target.read_text()
    run("lint", "--fix", "--unsafe-fixes", str(target))
    assert target.read_text() == '<Response><Gather numDigits="4"/></Response>'


def test_unused_suppression_fix_removes_the_comment_line(tmp_path):
    target = tmp_path / "a.flexml"
    target.write_text('<Response>\n  <!-- flexml: disable-next-line=FX201 old -->\n  <Say>hi</Say>\n</Response>\n')
    run("lint", "--fix", str(target))
    assert target.read_text() == "<Response>\n  <Say>hi</Say>\n</Response>\n"


def test_binary_garbage_gets_a_diagnostic_not_a_traceback(tmp_path):
    target = tmp_path / "junk.flexml"
    target.write_bytes(bytes(range(256)) * 4)
    result = run("lint", str(target))
    assert result.returncode == 1 and b"FX001" in result.stdout and b"Traceback" not in result.stderr


def test_rules_and_schema_commands():
    assert main(["rules"]) == 0
    result = run("schema")
    assert Path(result.stdout.decode().strip()).read_bytes() == (ROOT / "schema" / "flexml.xsd").read_bytes()
    assert run("--version").stdout.startswith(b"flexml-ls ")


def test_bundled_examples_lint_with_exit_zero():
    result = run("lint", str(ROOT / "examples"))
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(b"warning") == 3


def test_selectors_that_name_no_rule_are_usage_errors(tmp_path):
    (tmp_path / "a.flexml").write_text(GOOD)
    result = run("lint", "--select", "FX999", str(tmp_path / "a.flexml"))
    assert result.returncode == 2 and b"no rule has the code or prefix FX999" in result.stderr
    (tmp_path / "pyproject.toml").write_text('[tool.flexml]\nignore = ["FX77"]\n')
    result = run("lint", str(tmp_path / "a.flexml"))
    assert result.returncode == 2 and b"`ignore` names no rule: FX77" in result.stderr


def test_directories_skip_what_exclude_names(tmp_path):
    for folder in ("views", "views/drafts", "node_modules/pkg", ".venv", "fixtures/rules", "other/rules"):
        (tmp_path / folder).mkdir(parents=True, exist_ok=True)
        (tmp_path / folder / "a.flexml").write_text(BAD)
    (tmp_path / "views" / "b.draft.flexml").write_text(BAD)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.flexml]\nextend-exclude = ["fixtures/rules", "*.draft.flexml", "drafts/"]\n')

    def linted(*paths):
        out = run("lint", "-q", "--select", "FX103", *paths, cwd=tmp_path).stdout.decode()
        return sorted(line.split(":")[0] for line in out.splitlines())
    # Default excludes (dependency folders), a path under the config's root, a name glob, a folder name.
    assert linted(".") == ["other/rules/a.flexml", "views/a.flexml"]
    assert linted("views") == ["views/a.flexml"]
    # A file named on the command line is linted whatever the patterns say.
    assert linted("views/b.draft.flexml") == ["views/b.draft.flexml"]


def test_many_files_keep_their_order_and_a_file_that_cannot_be_read_is_reported(tmp_path, capsys):
    for index in range(150):  # several batches (cli.linted reads and lints 64 at a time)
        (tmp_path / f"doc{index:03d}.flexml").write_text(BAD if index % 7 == 0 else GOOD)
    (tmp_path / "doc100.flexml").unlink()
    (tmp_path / "doc100.flexml").symlink_to(tmp_path / "gone.flexml")  # listed, but cannot be opened
    assert main(["lint", "--format", "json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    found = json.loads(captured.out)
    paths = [item["path"] for item in found]
    assert paths == sorted(paths) and len(found) == 3 * len(range(0, 150, 7))
    assert f"doc100.flexml: No such file or directory" in captured.err


@pytest.mark.parametrize("size", [0, 1, 4096, 65535, 65536, 200_001])
def test_files_are_read_whole(tmp_path, size):
    from flexml_ls.cli import read_file
    data = bytes(range(256)) * (size // 256) + b"x" * (size % 256)
    (tmp_path / "f").write_bytes(data)
    assert read_file(str(tmp_path / "f")) == data


@pytest.mark.parametrize("root", [None, "project"])
def test_a_directory_takes_the_files_its_patterns_take(tmp_path, root):
    """Config.files_taken (one expression per directory) says what is_included and is_excluded say."""
    from flexml_ls.config import Config
    config = Config(include=["*.flexml", "*.xml", "a[1]"], exclude=[".venv", "*.draft.flexml", "a[1]", "views/old/"],
                    path=(tmp_path / root / "pyproject.toml") if root else None)
    names = ["a.flexml", "a.xml", "b.txt", ".venv", "x.draft.flexml", "a[1]", "a1", "old", "A.FLEXML", ".flexml"]
    for folder in (tmp_path / "project", tmp_path / "project" / "views" / "old", tmp_path / "project" / "views"):
        taken = config.files_taken(folder)
        expected = [n for n in names if config.is_included(folder / n) and not config.is_excluded(folder / n)]
        assert [n for n in names if taken(n)] == expected
    # (`a[1]` is a glob: it takes `a1`, and drops the name `a[1]` too, literally, as a path part.)
    everything = Config(include=["*"], exclude=["a[1]"]).files_taken(tmp_path)
    assert [n for n in names if everything(n)] == [n for n in names if n not in ("a[1]", "a1")]


@pytest.mark.parametrize("command", ["lint", "rule", "rules", "flow", "schema", "server"])
def test_every_command_prints_its_help(command, capsys):
    # argparse %-formats help strings: a bare `%` (as in `{% %}`) made `flexml lint --help` a traceback.
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: flexml {command}")
