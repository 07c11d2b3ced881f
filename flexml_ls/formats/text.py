"""`path:line:col: CODE severity: message`, one diagnostic a line."""


def render(files) -> str:
    return "".join(f"{path}:{d.line}:{d.column}: {d.code} {d.severity.value}: {d.message}\n"
                   for path, diagnostics in files for d in diagnostics)
