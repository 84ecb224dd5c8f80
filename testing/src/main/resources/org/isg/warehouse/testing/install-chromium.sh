#!/bin/sh
# The browser tests' set-up: Debian's chromium package (never a browser a test tool downloads),
# and a Chinese font, so that the screenshots show the reports' Chinese text.
# Run by org.isg.warehouse.testing.Chromium when /usr/bin/chromium is missing; as root, or with
# password-less sudo.
set -eu
if [ -x /usr/bin/chromium ] && [ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then
    SUDO="sudo -n"
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei
