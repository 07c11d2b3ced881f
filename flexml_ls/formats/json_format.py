"""One JSON array; each item {path, line, column, end_line, end_column, code, severity, message}, 1-based."""
import json


def render(files) -> str:
    return json.dumps([d.to_dict(path) for path, diagnostics in files for d in diagnostics],
                      indent=2, ensure_ascii=False) + "\n"
