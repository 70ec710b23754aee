#!/usr/bin/env bash
# Install Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool, pinned in scripts/sarif-multitool/) into
# scripts/sarif-multitool/node_modules, where tests/test_lint_sarif.py looks for it to validate the output of
# `compliance lint --format sarif`. Installs Node.js and npm from Debian first when they are missing.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  bash "$here/install-system-packages.sh" nodejs npm
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "warning: npm not found; the SARIF validation test will be skipped" >&2
  exit 0
fi
cd "$here/sarif-multitool"
npm ci --no-audit --no-fund --loglevel=error
# The package's postinstall script does this; newer npm versions skip install scripts unless approved.
bin="$(node -p "require('@microsoft/sarif-multitool')")"
chmod u+x "$bin"
"$bin" --version >/dev/null 2>&1
