#!/usr/bin/env bash
# Graphviz's `dot`, which `flexml flow --format html` uses to draw the call flow as inline SVG
# (tests/test_flow.py checks the picture). Debian's `graphviz` package. Idempotent; without root or
# apt it says so and carries on (the test is then skipped, and a skip fails in CI).
set -uo pipefail
if command -v dot >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/deps/graphviz.sh: installing Debian's graphviz" >&2
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
        || echo "scripts/deps/graphviz.sh: apt-get install graphviz failed; the SVG test will be skipped" >&2
else
    echo "scripts/deps/graphviz.sh: not root or no apt-get; install graphviz yourself for the SVG test" >&2
fi
exit 0
