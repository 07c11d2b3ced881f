"""Judge what the e2e probe recorded against `flexml lint` on the same files (see run.sh).

Usage: check.py WORKSPACE PYTHON [USER_DATA]. Exit 0 when every expectation holds; prints one line per check.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEVERITY = {"error": "error", "warning": "warning", "info": "information"}


def utf16_column(line_text: str, codepoint_column: int) -> int:
    """0-based UTF-16 column of a 0-based code-point column (VS Code ranges count UTF-16 units)."""
    return len(line_text[:codepoint_column].encode("utf-16-le")) // 2


def expected(workspace: Path, python: str, name: str) -> list[tuple]:
    """The CLI's diagnostics for a file, as (code, severity, [l0, c0, l1, c1]) in VS Code's units."""
    path = workspace / name
    run = subprocess.run([python, "-m", "flexml_ls", "lint", "--format", "json", str(path)],
                         capture_output=True, text=True, cwd=workspace)
    if run.returncode not in (0, 1):
        raise SystemExit(f"flexml lint failed on {name}: {run.stderr}")
    lines = path.read_text(encoding="utf-8").split("\n")
    out = []
    for d in json.loads(run.stdout):
        l0, l1 = d["line"] - 1, d["end_line"] - 1
        out.append((d["code"], SEVERITY[d["severity"]],
                    [l0, utf16_column(lines[l0], d["column"] - 1), l1, utf16_column(lines[l1], d["end_column"] - 1)]))
    return sorted(out)


def main() -> int:
    workspace, python = Path(sys.argv[1]), sys.argv[2]
    plan = json.loads((workspace / "flexml-e2e.json").read_text())
    result = json.loads((workspace / ".e2e" / "result.json").read_text())
    failures = 0

    def check(ok: bool, what: str) -> None:
        nonlocal failures
        failures += not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}")

    print(f"VS Code {result.get('vscodeVersion')} (code-server)")
    check("error" not in result, f"probe ran without error {result.get('error', '')}".rstrip())
    check(result.get("extensionActive") is True, "the FlexML extension is active")
    cases = {case["file"]: case for case in result.get("cases", [])}
    for item in plan["cases"]:
        case = cases.get(item["file"])
        if case is None:
            check(False, f"{item['file']}: recorded")
            continue
        check(case["languageId"] == item["languageId"],
              f"{item['file']}: language {case['languageId']!r} (want {item['languageId']!r})")
        got = sorted((d["code"], d["severity"], d["range"]) for d in case["diagnostics"])
        if item["expectDiagnostics"]:
            want = expected(workspace, python, item["file"])
            check(bool(got), f"{item['file']}: diagnostics arrived after {case['millisecondsToDiagnostics']} ms")
            check(got == want, f"{item['file']}: same codes, severities and UTF-16 ranges as `flexml lint`: {got}"
                  + ("" if got == want else f" != {want}"))
            sources = {d["source"] for d in case["diagnostics"]}
            check(sources == {"flexml"}, f"{item['file']}: source {sorted(map(str, sources))}")
        else:
            check(not got, f"{item['file']}: no diagnostics ({got})")
    steps = {step["step"]: step for step in result.get("steps", [])}
    if plan.get("hover"):
        hover = result.get("hover") or {}
        ours = [part for part in hover.get("contents", []) if part.startswith(f"**{plan['hover']['code']}**")]
        check(len(ours) == 1 and hover.get("message") and hover["message"] not in ours[0]
              and f"[{plan['hover']['code']} documentation](" in ours[0],
              f"hover on {plan['hover']['code']}: the rule's summary and link, without the message VS Code shows "
              f"above it: {ours}")
    for name, key, comment in (("disable", "disable", "<!-- flexml: disable-next-line={code} reason -->"),
                               ("disable-template", "disableTemplate", "{{# flexml: disable-next-line={code} reason #}}")):
        if plan.get(key):
            step = steps.get(name, {})
            code, file = plan[key]["code"], plan[key]["file"]
            check(step.get("applied") is True and step.get("line", "").strip() == comment.format(code=code)
                  and step.get("selected") == "reason",
                  f"{file}: Disable {code} for this line: {comment.format(code=code)}, with `reason` selected to "
                  f"type over: {step}")
    if plan.get("restartFile"):
        step = steps.get("restart", {})
        check(step.get("diagnostics", 0) > 0,
              f"FlexML: Restart Language Server, then diagnostics again after {step.get('milliseconds')} ms")
    if plan.get("fix"):
        step = steps.get("fix", {})
        check(step.get("diagnostics") == 0, f"an edit fixing {plan['fix']['file']} cleared its diagnostics "
              f"after {step.get('milliseconds')} ms")
    if len(sys.argv) > 3:
        # The FlexML output channel's log file: the server's lines at their levels, none as [error].
        logs = sorted(Path(sys.argv[3]).glob("logs/**/FlexML.log"))
        text = "\n".join(log.read_text(encoding="utf-8") for log in logs)
        errors = [line for line in text.splitlines() if "[error]" in line]
        check(bool(logs) and "[info] The FlexML language server is running." in text and not errors,
              f"the FlexML output channel ({len(text.splitlines())} lines) has no [error] line: {errors}")
    print("PASS" if failures == 0 else f"FAILED: {failures} check(s)")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
