#!/usr/bin/env bash
# The test command: set up, start the services the tests need, run the whole suite.
# Kafka is started by the test session itself (tests/conftest.py) on its own ports;
# PostgreSQL comes from Debian's packages via scripts/postgres.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/services.sh   # Debian packages the tests use (kcat, chromium, promtool)

pg_url=$(bash scripts/postgres.sh start | tail -n 1)
export EVENTPIPE_TEST_POSTGRES_URL="${pg_url%/*}/eventpipe_test"

.venv/bin/ruff check streams processors db tests bench
exec .venv/bin/python -m pytest "$@"
