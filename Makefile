# graphbuild: `make demo` and `make test` are the two commands a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= output

.PHONY: demo test bench eval clean install

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when the dependency list changes (second run is fast).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/graphbuild build corpus --out $(OUT)
	$(BIN)/graphbuild viz $(OUT) --out $(OUT)/graph.html

test: $(STAMP)
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run

# Quality on every visible gold set (needs ../shared): P/R/F1, story-fact recall, per property.
eval: $(STAMP)
	$(BIN)/python -m benchmarks.quality

clean:
	rm -rf $(OUT) .pytest_cache
