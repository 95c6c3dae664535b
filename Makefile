# graphbuild: `make demo` and `make test` are the two commands a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
OUT ?= output

.PHONY: demo test bench eval clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependency list changes (second run is fast).
# The demo needs graphbuild alone; tests and benchmarks also need the test extras.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(TEST_STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/graphbuild build corpus --out $(OUT)
	$(BIN)/graphbuild viz $(OUT) --out $(OUT)/graph.html

test: $(TEST_STAMP)
	$(BIN)/python -m pytest -q

bench: $(TEST_STAMP)
	$(BIN)/python -m benchmarks.run

# Quality on every visible gold set (needs ../shared): P/R/F1, story-fact recall, per property.
eval: $(STAMP)
	$(BIN)/python -m benchmarks.quality

clean:
	rm -rf $(OUT) .pytest_cache
