#!/usr/bin/env bash
# Make sure a Chromium and Xvfb exist: Playwright's own build where its download works,
# the system's packages where it does not (closed networks, Debian containers).
set -euo pipefail
python_bin=${1:-.venv/bin/python}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  command -v apt-get >/dev/null || { echo "Install $* with your system's package manager." >&2; exit 1; }
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

have_system_chromium() { command -v chromium >/dev/null || command -v chromium-browser >/dev/null \
  || command -v google-chrome >/dev/null; }
# Headless runs use Chromium's lighter headless shell, as Playwright's own build does; Debian packages it.
headless_shell_packaged() { command -v apt-cache >/dev/null && apt-cache show chromium-headless-shell >/dev/null 2>&1; }

if ! have_system_chromium; then
  if ! timeout 600 "$python_bin" -m playwright install chromium >/dev/null 2>&1; then
    echo "Playwright's browser download is not available here; installing the system's Chromium."
    apt_install chromium
    if headless_shell_packaged; then apt_install chromium-headless-shell; fi
  fi
elif ! command -v chromium-headless-shell >/dev/null && headless_shell_packaged; then
  apt_install chromium-headless-shell
fi
if ! command -v xvfb-run >/dev/null; then
  apt_install xvfb xauth
fi
