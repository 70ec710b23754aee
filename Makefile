# kepatuhan: `make demo` and `make test` do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Microsoft's SARIF Multitool (npm), which the tests use to validate `compliance lint --format sarif`.
SARIF_TOOL := scripts/sarif-multitool/node_modules/.package-lock.json
DEB_PACKAGES := libharfbuzz-subset0 poppler-utils chromium qpdf libreoffice-calc-nogui

.PHONY: setup demo test check lint typecheck fuzz bench clean

setup: $(STAMP) $(SARIF_TOOL)

$(STAMP): pyproject.toml requirements.lock scripts/install-system-packages.sh Makefile  # Makefile: DEB_PACKAGES
	bash scripts/install-system-packages.sh $(DEB_PACKAGES)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(PY) -m compileall -q compliance  # as `pip install` does for a wheel: start-up reads .pyc files
	touch $(STAMP)

$(SARIF_TOOL): scripts/sarif-multitool/package-lock.json scripts/install-sarif-multitool.sh
	bash scripts/install-sarif-multitool.sh

demo: $(STAMP)
	$(PY) -m compliance lint rules/
	$(PY) -m compliance assess kukar-pra-penilaian fixtures/kukar --as-of 2024-09-30
	$(PY) -m compliance lint --strict fixtures/kukar-report.yaml
	$(PY) -m compliance report kukar-pra-penilaian fixtures/kukar --as-of 2024-09-30 -o out/kukar -j 2 --format both --config fixtures/kukar-report.yaml
	$(PY) -m compliance template kukar-pra-penilaian --unit-kind puskesmas -o out/kukar/checklist-puskesmas.xlsx --force
	@echo "reports: out/kukar/index.html (the region at a glance: open it in a browser), out/kukar/units/*.pdf|html, out/kukar/rollup.pdf, out/kukar/results.json"
	@mkdir -p out/kukar-checklists
	for d in fixtures/kukar/*/; do u=$$(basename $$d); $(PY) -m compliance convert $$d/evidence.yaml -o out/kukar-checklists/$$u.xlsx --force > /dev/null || exit 1; done
	@echo "a blank checklist workbook for a puskesmas: out/kukar/checklist-puskesmas.xlsx"
	@echo "every sample unit's checklist as a workbook (what the OPD fills in): out/kukar-checklists/*.xlsx"

test: $(STAMP) $(SARIF_TOOL)
	$(PY) -m ruff check compliance tests benchmarks
	$(PY) -m mypy compliance
	$(PY) -m compliance lint --strict rules/
	$(PY) -m compliance test rules/
	$(PY) -m pytest -q

lint: $(STAMP)
	$(PY) -m ruff check compliance tests benchmarks

typecheck: $(STAMP)
	$(PY) -m mypy compliance

fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=long $(PY) -m pytest -q tests/hostile -k fuzz

bench: $(STAMP)
	$(PY) benchmarks/bench_lint.py
	$(PY) benchmarks/bench_assess.py
	$(PY) benchmarks/bench_report.py
	$(PY) benchmarks/bench_pdf_archival.py
	$(PY) benchmarks/bench_unit_reports.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache out scripts/sarif-multitool/node_modules
