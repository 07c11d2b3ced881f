"""The VS Code extension typechecks, passes its unit tests, bundles, and packages into a .vsix.

Needs Node >= 20 and npm (scripts/deps/vscode.sh installs the npm packages; without node_modules
this test runs `npm ci` itself). The end-to-end run in a real VS Code is editors/vscode/e2e/run.sh.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import zipfile

import pytest

from .conftest import ROOT, run

EXT = ROOT / "editors" / "vscode"


def _node_major() -> int | None:
    node = shutil.which("node")
    if node is None:
        return None
    result = run(node, "--version", timeout=30)
    match = re.match(r"v(\d+)", result.stdout.strip())
    return int(match.group(1)) if match else None


pytestmark = [
    pytest.mark.skipif(shutil.which("npm") is None or _node_major() is None,
                       reason="node/npm not installed (scripts/deps/vscode.sh installs them)"),
    pytest.mark.skipif((_node_major() or 0) < 20, reason="the extension's build tools (vsce 3) need Node >= 20"),
    pytest.mark.timeout(600),   # the first run may `npm ci`
]


@pytest.fixture(scope="module")
def npm_ready():
    if not (EXT / "node_modules" / ".bin" / "vsce").exists():
        result = run("npm", "ci", "--no-audit", "--no-fund", cwd=EXT, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
    return EXT


def test_manifest_contributes_language_settings_and_commands():
    manifest = json.loads((EXT / "package.json").read_text())
    language = manifest["contributes"]["languages"][0]
    assert language["id"] == "flexml"
    assert ".flexml" in language["extensions"] and "*.flexml.xml" in language["filenamePatterns"]
    # FlexML templates (the template names flexml-ls lints as templates) open as FlexML too.
    assert {"*.flexml.j2", "*.flexml.jinja", "*.flexml.jinja2"} <= set(language["filenamePatterns"])
    assert {"onLanguage:flexml", "onLanguage:xml"} <= set(manifest["activationEvents"])
    settings = manifest["contributes"]["configuration"]["properties"]
    assert {"flexml.server.command", "flexml.server.interpreter", "flexml.include", "flexml.select",
            "flexml.ignore", "flexml.files.detectResponseRoot", "flexml.trace.server"} <= set(settings)
    commands = {c["command"] for c in manifest["contributes"]["commands"]}
    assert {"flexml.restartServer", "flexml.showOutput"} <= commands
    # vscode-languageclient 11 needs VS Code 1.91; @types/vscode must not be newer than the engine.
    assert manifest["engines"]["vscode"] == "^1.91.0"
    assert manifest["devDependencies"]["@types/vscode"] == "1.91.0"


def test_typecheck_and_unit_tests(npm_ready):
    typecheck = run("npm", "run", "--silent", "typecheck", cwd=EXT, timeout=300)
    assert typecheck.returncode == 0, typecheck.stdout + typecheck.stderr
    # test/extension.test.ts runs the extension on the real vscode-languageclient (`vscode` stubbed):
    # with FLEXML_TEST_PYTHON it also starts this Python's `flexml server` and reads its log lines.
    unit = run("npm", "test", "--silent", cwd=EXT, timeout=300,
               env=dict(os.environ, FLEXML_TEST_PYTHON=sys.executable))
    assert unit.returncode == 0, unit.stdout + unit.stderr
    assert re.search(r"^# fail 0$", unit.stdout, re.MULTILINE), unit.stdout
    assert re.search(r"^# skipped 0$", unit.stdout, re.MULTILINE), unit.stdout
    for name in ("a server that is not found: one pop-up", "a Python without flexml-ls: one pop-up",
                 "the server's log lines reach the output channel with their level", "install advice"):
        assert re.search(rf"^ok \d+ - {re.escape(name)}", unit.stdout, re.MULTILINE), unit.stdout


def test_bundle_and_package_into_a_vsix(npm_ready, tmp_path):
    vsix = tmp_path / "flexml-ls.vsix"
    # `vsce package` runs vscode:prepublish (typecheck + esbuild bundle) first.
    result = run(EXT / "node_modules" / ".bin" / "vsce", "package", "--no-dependencies",
                 "--allow-missing-repository", "--out", vsix, cwd=EXT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        bundle = archive.read("extension/dist/extension.js").decode()
        packaged = json.loads(archive.read("extension/package.json"))
        manifest = archive.read("extension.vsixmanifest").decode()
    assert {"extension/package.json", "extension/dist/extension.js", "extension/language-configuration.json",
            "extension/syntaxes/flexml.tmLanguage.json", "extension/readme.md"} <= names
    assert not any(n.startswith(("extension/node_modules/", "extension/src/", "extension/e2e/")) for n in names)
    assert packaged["main"] == "./dist/extension.js"
    assert 'Id="flexml-ls"' in manifest and 'Publisher="flexml-ls"' in manifest
    # One self-contained bundle: vscode-languageclient is inside, only `vscode` and Node built-ins are required.
    required = set(re.findall(r"""require\(["']([^"']+)["']\)""", bundle))
    assert "vscode" in required
    assert not {r for r in required if r != "vscode" and not r.startswith("node:")} - _NODE_BUILTINS, required
    assert "flexml_ls" in bundle and "LanguageClient" in bundle


_NODE_BUILTINS = {"assert", "buffer", "child_process", "crypto", "events", "fs", "net", "os", "path", "stream",
                  "url", "util", "tty", "readline", "string_decoder", "timers", "zlib", "http", "https",
                  "worker_threads", "perf_hooks", "async_hooks", "process", "constants", "querystring", "dns"}
