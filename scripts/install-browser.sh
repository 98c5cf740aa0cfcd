#!/usr/bin/env bash
# Installs what the browser tests drive: Debian's Chromium (Playwright never downloads a browser of its own
# here) and the Playwright Python package into the project's venv.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ ! -x /usr/bin/chromium ]]; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null
fi

PY=${PY:-.venv/bin/python}
# The browser binary comes from Debian; stop the Python package from fetching one.
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$PY" -m pip install --quiet 'playwright>=1.45'
/usr/bin/chromium --version
