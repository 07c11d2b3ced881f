#!/usr/bin/env bash
# What tests/integrations/test_vscode_extension.py needs: Node >= 20 with npm, and the VS Code
# extension's npm packages (npm ci in editors/vscode, offline-friendly: only the npm registry).
# Idempotent: does nothing when node_modules matches package-lock.json. Run by scripts/test.
set -euo pipefail
cd "$(dirname "$0")/../.."
EXT=editors/vscode

node_major() { node --version 2>/dev/null | sed -n 's/^v\([0-9]*\).*/\1/p'; }

if ! command -v npm >/dev/null || [ "$(node_major || echo 0)" -lt 20 ] 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "vscode.sh: installing nodejs and npm with apt-get" >&2
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs >/dev/null
        command -v npm >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
fi
if ! command -v npm >/dev/null || [ "$(node_major || echo 0)" -lt 20 ]; then
    echo "vscode.sh: Node >= 20 with npm is not available; the VS Code extension build test will be skipped" >&2
    exit 0
fi

# npm writes node_modules/.package-lock.json on install: newer than package-lock.json means up to date.
if [ -f "$EXT/node_modules/.package-lock.json" ] && [ "$EXT/node_modules/.package-lock.json" -nt "$EXT/package-lock.json" ]; then
    exit 0
fi
echo "vscode.sh: npm ci in $EXT" >&2
(cd "$EXT" && npm ci --no-audit --no-fund --loglevel=error)
