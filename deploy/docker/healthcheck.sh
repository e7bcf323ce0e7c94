#!/usr/bin/env bash
# Container health probe without curl or wget in the image: one HTTP/1.1 GET over bash's /dev/tcp.
#   healthcheck.sh [PATH]   PATH defaults to /health/live; exits 0 on HTTP 200, 1 otherwise.
# The port follows the worker's own setting (LATENTQ_HTTP_PORT, default 8080), so the probe and the server agree.
set -uo pipefail
path="${1:-/health/live}"
port="${LATENTQ_HTTP_PORT:-8080}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || { echo "nothing listens on port ${port}" >&2; exit 1; }
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 5 status <&3 || { echo "no answer from port ${port}" >&2; exit 1; }
exec 3<&-
case "$status" in
  "HTTP/1."?" 200 "*) exit 0 ;;
  *) echo "${path}: ${status%$'\r'}" >&2; exit 1 ;;
esac
