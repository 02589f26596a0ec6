#!/usr/bin/env bash
# Install the Debian packages the browser tests and PDF reports need: chromium and fonts-noto-cjk.
# Without root (or without apt) it says so; the browser tests then report themselves skipped
# with that reason (tests/e2e/conftest.py).
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then need+=(fonts-noto-cjk); fi
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: chromium and fonts-noto-cjk present"
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
