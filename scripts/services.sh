#!/usr/bin/env bash
# Debian packages that tests use besides PostgreSQL: kcat (a Kafka client that is not ours),
# chromium (the dashboard browser test; Playwright drives it, its own browser download is not used) and
# prometheus for its promtool (the test that checks the names /metrics serves; no server is started).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

install_debian_package() {  # $1: command that must exist, $2: package providing it
    command -v "$1" >/dev/null && return 0
    echo "services: installing $2 from Debian" >&2
    # A fresh machine may have no package lists yet: update only when the first try fails.
    apt-get install -y -q --no-install-recommends "$2" >&2 || {
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends "$2" >&2
    }
}

install_debian_package kcat kcat
install_debian_package chromium chromium
install_debian_package promtool prometheus
