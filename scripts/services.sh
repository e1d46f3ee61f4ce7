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
