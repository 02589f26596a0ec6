#!/usr/bin/env bash
# Install the Debian packages the browser tests, PDF reports and MQTT test need: chromium,
# fonts-noto-cjk and mosquitto.
# Without root (or without apt) it says so; the browser tests then report themselves skipped
# with that reason (tests/e2e/conftest.py).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then need+=(fonts-noto-cjk); fi
# the MQTT round-trip test starts Debian's mosquitto on a free port when no broker listens
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: chromium, fonts-noto-cjk and mosquitto present"
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-deps: cannot install ${need[*]} (needs root and apt-get); browser tests will be skipped" >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || echo "system-deps: apt-get install ${need[*]} failed; browser tests will be skipped" >&2
exit 0
