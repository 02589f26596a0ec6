#!/usr/bin/env bash
# Install the Debian packages the demo and the tests use: chromium (PDF reports of
# self-assessments, results and studies; the browser tests), fonts-noto-cjk (Chinese in those
# PDFs and screenshots), poppler-utils (pdftoppm and pdftotext: the tests render and read every
# PDF page by page) and mosquitto (the MQTT round-trip test).
# `make demo` and `make test` run it. With root and apt-get it installs what is missing;
# otherwise (or with QUALITAS_NO_SYSTEM_DEPS=1) it installs nothing and says, for each missing
# package, what will not work. It never fails the make target.
set -u
need=()
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || need+=(chromium)
if ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then need+=(fonts-noto-cjk); fi
{ command -v pdftoppm && command -v pdftotext; } >/dev/null 2>&1 || need+=(poppler-utils)
# the MQTT round-trip test starts Debian's mosquitto on a free port when no broker listens
command -v mosquitto >/dev/null 2>&1 || [ -x /usr/sbin/mosquitto ] || need+=(mosquitto)
if [ ${#need[@]} -eq 0 ]; then
  echo "system-deps: chromium, fonts-noto-cjk, poppler-utils and mosquitto present"
  exit 0
fi

what_fails() {
  # one line per missing package: what the user will see not working
  for pkg in "$@"; do
    case "$pkg" in
      chromium) echo "  chromium missing: PDF reports (self-assessment, result, study) answer" \
        "\"Chromium is not installed: the PDF cannot be made\"; the browser tests are skipped" ;;
      fonts-noto-cjk) echo "  fonts-noto-cjk missing: Chinese text in PDF reports and screenshots" \
        "prints as empty boxes" ;;
      poppler-utils) echo "  poppler-utils missing: the tests that render and read the PDF reports" \
        "page by page (tests/pdfcheck.py) are skipped; the PDFs themselves still work" ;;
      mosquitto) echo "  mosquitto missing: the MQTT round-trip test is skipped (the demo does not use it)" ;;
    esac
  done
}

if [ "${QUALITAS_NO_SYSTEM_DEPS:-}" = "1" ] || [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  {
    echo "system-deps: cannot install ${need[*]} (needs root and apt-get; as root: make system-deps)."
    echo "system-deps: what will not work until then:"
    what_fails "${need[@]}"
  } >&2
  exit 0
fi
echo "system-deps: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
if ! apt-get install -y -qq "${need[@]}" >/dev/null 2>&1; then
  {
    echo "system-deps: apt-get install ${need[*]} failed; what will not work until then:"
    what_fails "${need[@]}"
  } >&2
fi
exit 0
