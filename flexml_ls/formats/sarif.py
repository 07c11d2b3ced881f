"""SARIF 2.1.0 for code-scanning uploads. Columns are code points, as the run declares."""
import json
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import quote

from .. import __version__

_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(files) -> str:
    from ..rules import RULES

    codes = sorted({d.code for _, diagnostics in files for d in diagnostics} | set(RULES))
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        rule = RULES[code]
        rules.append({
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": rule.summary()},
            "help": {"text": rule.documentation(), "markdown": rule.documentation()},
            "defaultConfiguration": {"level": _LEVEL[rule.severity.value]},
        })
    results = []
    for path, diagnostics in files:
        for d in diagnostics:
            results.append({
                "ruleId": d.code,
                "ruleIndex": index[d.code],
                "level": _LEVEL[d.severity.value],
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": _artifact(path),
                    "region": {"startLine": d.line, "startColumn": d.column,
                               "endLine": d.end_line, "endColumn": d.end_column},
                }}],
            })
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "flexml", "version": __version__,
                                "informationUri": "https://pypi.org/project/flexml-ls/", "rules": rules}},
            "columnKind": "unicodeCodePoints",
            "originalUriBaseIds": {"%SRCROOT%": {"uri": "./"}},
            "results": results,
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _artifact(path: str) -> dict:
    """A URI reference (percent-encoded): relative to %SRCROOT% as given, or a file: URI if absolute."""
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).is_absolute() and PureWindowsPath(path).drive:
        return {"uri": PureWindowsPath(path).as_uri()}
    if PurePosixPath(posix).is_absolute():
        return {"uri": PurePosixPath(posix).as_uri()}
    return {"uri": quote(posix), "uriBaseId": "%SRCROOT%"}
