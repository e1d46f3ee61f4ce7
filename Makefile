.PHONY: help demo test setup worker bench
help: ## Show this help
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

demo: ## Set up everything, then run the main job end to end on embedded defaults
	bash scripts/setup.sh
	.venv/bin/eventpipe demo

test: ## Set up everything, start PostgreSQL, run the whole test suite (what CI runs)
	bash scripts/test.sh

setup: ## Virtualenv, packages, spaCy model, Kafka jars
	bash scripts/setup.sh

worker: ## Run a worker with the current EVENTPIPE_* settings
	.venv/bin/eventpipe worker

bench: ## Benchmarks side by side (bare spaCy, batch extract, stream with 1 and 2 workers); not part of the tests
	.venv/bin/python -m bench
