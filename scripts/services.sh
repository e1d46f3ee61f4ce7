#!/usr/bin/env bash
# Debian packages that tests use besides PostgreSQL: kcat, a Kafka client that is not ours.
set -euo pipefail
if ! command -v kcat >/dev/null; then
    echo "services: installing kcat from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends kcat >&2 || {
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends kcat >&2
    }
fi
# Debian's chromium for the dashboard browser test (Playwright drives it; its own browser download is not used).
if ! command -v chromium >/dev/null; then
    echo "services: installing chromium from Debian" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q --no-install-recommends chromium >&2 || {
        apt-get update -q >&2
        apt-get install -y -q --no-install-recommends chromium >&2
    }
fi
