#!/usr/bin/env bash
# The hosts Django accepts for `make run`: loopback, plus this machine's LAN
# address when serving the local network (HOST=0.0.0.0) so phones can connect.
host="${1:-127.0.0.1}"
hosts="127.0.0.1,localhost,[::1]"
if [ "$host" = "0.0.0.0" ]; then
  for ip in $(hostname -I 2>/dev/null); do hosts="$hosts,$ip"; done
  hosts="$hosts,$(hostname)"
elif [ "$host" != "127.0.0.1" ] && [ "$host" != "localhost" ]; then
  hosts="$hosts,$host"
fi
echo "$hosts"
