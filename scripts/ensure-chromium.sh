#!/bin/sh
# Makes sure Debian's Chromium is at /usr/bin/chromium for the headless browser tests
# (packages/sim/test/golden.test.ts): installs it with apt-get when running as root, otherwise
# prints the command to run and fails. (Playwright's own browser download does not work here.)
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $CHROMIUM. Install it with:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y chromium" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium with apt-get (a minute or two)..." >&2
log=$(mktemp /tmp/ensure-chromium.XXXXXX)
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -q && apt-get install -y -q chromium; } >"$log" 2>&1; then
  echo "ensure-chromium: apt-get failed; last lines of $log:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
rm -f "$log"
if [ ! -x "$CHROMIUM" ]; then
  echo "ensure-chromium: the chromium package installed, but $CHROMIUM is missing" >&2
  exit 1
fi
echo "ensure-chromium: $CHROMIUM installed" >&2
