"""GitHub Actions workflow commands, one annotation per diagnostic.

GitHub shows at most 10 annotations of each level per step and drops the rest silently, so past the
cap the diagnostics are printed as plain log lines and a notice says how many were left out.
"""
from collections import Counter

CAP_PER_LEVEL = 10
_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(files) -> str:
    files = [(path, list(diagnostics)) for path, diagnostics in files]
    totals = Counter(_LEVEL[d.severity.value] for _, diagnostics in files for d in diagnostics)
    cap = {level: CAP_PER_LEVEL for level in _LEVEL.values()}
    if any(n > CAP_PER_LEVEL for n in totals.values()):
        cap["notice"] -= 1  # keep a notice slot free for the "left out" summary itself
    out = []
    shown = Counter()
    left_out = Counter()
    for path, diagnostics in files:
        for d in diagnostics:
            level = _LEVEL[d.severity.value]
            if shown[level] < cap[level]:
                shown[level] += 1
                props = (f"file={_property(path)},line={d.line},endLine={d.end_line},"
                         f"col={d.column},endColumn={d.end_column},title={_property(d.code)}")
                out.append(f"::{level} {props}::{_data(f'{d.code} {d.message}')}\n")
            else:
                left_out[level] += 1
                out.append(f"{path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}\n")
    if left_out:
        parts = ", ".join(f"{n} {level}{'s' if n != 1 else ''}" for level, n in sorted(left_out.items()))
        out.append(f"::notice title=flexml::{parts} not shown as annotations (GitHub shows at most "
                   f"{CAP_PER_LEVEL} per level in a step); they are listed in the log above\n")
    return "".join(out)
