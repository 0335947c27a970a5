#!/usr/bin/env bash
# Browser tests need Debian's chromium and axe-core from npm (no browser download works here);
# the document tests read the printed PDFs with pdftotext and pdftoppm (poppler-utils).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pdftotext >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
  else
    echo "The document tests need pdftotext. Run:  sudo apt-get install -y poppler-utils" >&2
    exit 1
  fi
fi
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Browser tests need Chromium. Run:  sudo apt-get install -y chromium" >&2
    exit 1
  fi
fi
if [ ! -f node_modules/axe-core/axe.min.js ]; then
  if ! command -v npm >/dev/null; then
    if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    else
      echo "Browser tests need npm for axe-core. Run:  sudo apt-get install -y npm" >&2
      exit 1
    fi
  fi
  npm ci --silent --no-audit --no-fund
fi
