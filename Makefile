.PHONY: help demo test setup lock worker bench
help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

demo: ## Set up everything, then run the main job end to end on embedded defaults
	bash scripts/setup.sh
	.venv/bin/eventpipe demo

test: ## Set up everything, start PostgreSQL, run the whole test suite (what CI runs)
	bash scripts/test.sh

setup: ## Virtualenv, packages, spaCy model, Kafka jars
	bash scripts/setup.sh

# pip-tools in its own virtualenv (not in the lock it writes). Versions already in the lock are kept while they
# still satisfy pyproject.toml; `make lock UPGRADE=1` moves every package to its newest allowed version.
PIP_TOOLS_VERSION = 7.6.2
# requirements/runtime.txt is the same pins without the dev tools, for the Docker image (constrained by the lock).
lock: ## Refresh requirements/lock.txt and runtime.txt (every package pinned with hashes) from pyproject.toml
	test -x .venv/tools/bin/pip-compile || { python3.11 -m venv .venv/tools && .venv/tools/bin/pip install -q pip-tools==$(PIP_TOOLS_VERSION); }
	CUSTOM_COMPILE_COMMAND="make lock" .venv/tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
		--extra dev --build-deps-for editable --strip-extras --no-emit-index-url --no-emit-find-links \
		$(if $(UPGRADE),--upgrade) --output-file requirements/lock.txt pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" .venv/tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
		--build-deps-for wheel --strip-extras --no-emit-index-url --no-emit-find-links \
		--constraint requirements/lock.txt --output-file requirements/runtime.txt pyproject.toml

worker: ## Run a worker with the current EVENTPIPE_* settings
	.venv/bin/eventpipe worker

bench: ## Benchmarks side by side (bare spaCy, batch extract, stream with 1 and 2 workers); not part of the tests
	.venv/bin/python -m bench
