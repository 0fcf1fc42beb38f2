#!/usr/bin/env bash
# The live benchmark puts Debian's nginx in front. Install it with apt when missing.
set -u
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "nginx is missing: installing Debian's nginx package"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }; then
    echo "Could not install nginx. Install it yourself as root: apt-get install nginx" >&2
    exit 1
  fi
  # The package starts a system nginx on port 80; the benchmark runs its own.
  { systemctl stop nginx || service nginx stop || nginx -s stop; } >/dev/null 2>&1 || true
fi
echo "nginx: $(/usr/sbin/nginx -v 2>&1)"
