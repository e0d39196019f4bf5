#!/usr/bin/env bash
# Installs Debian's Chromium for the Playwright specs (playwright-core drives /usr/bin/chromium;
# it never downloads a browser of its own). Idempotent.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
/usr/bin/chromium --version
