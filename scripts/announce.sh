#!/usr/bin/env bash
# Print where to open the app; for a classroom (HOST=0.0.0.0) the LAN address phones use.
host="${1:-127.0.0.1}"; port="${2:-8000}"
if [ "$host" = "0.0.0.0" ]; then
  ip=$(hostname -I 2>/dev/null | awk '{print $1}')
  echo "Decoupled is serving the local network."
  echo "  Phones and laptops on this network open:  http://${ip:-THIS-MACHINE-ADDRESS}:${port}/"
  echo "  (a live game's join page shows this address as a QR code)"
else
  echo "Decoupled: open http://${host}:${port}/"
fi
