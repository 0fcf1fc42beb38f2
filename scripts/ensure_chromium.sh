#!/usr/bin/env bash
# Browser tests drive Debian's Chromium. Install it with apt when it is missing.
set -u
bin="${1:-/usr/bin/chromium}"
if [ ! -x "$bin" ]; then
  echo "Chromium is missing at $bin: installing Debian's chromium package"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }; then
    echo "Could not install Chromium. Install it yourself as root: apt-get install chromium" >&2
    echo "(or point CHROMIUM=/path/to/chromium at another build), then run make test again." >&2
    exit 1
  fi
fi
echo "Browser tests use: $("$bin" --version 2>/dev/null || echo "$bin (version unknown)")"
