# Everything a newcomer needs: `make run` ingests raw/ into curated/, `make test` checks it all.
# Both create .venv and install the pinned dependencies (constraints.txt) on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install run test test-system test-all lint typecheck browser fonts bench bench-quick lock clean

install: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

run: install
	$(BIN)/catalog ingest
	@echo "Curated tables are under ./curated (see docs/data-dictionary.md)."

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

# Debian's Chromium, which tests/test_browser.py and tests/test_site_browser.py drive through
# Playwright (no browser download), and fonts-noto-cjk so Chinese renders in it:
# installed from Debian's packages when missing and possible; without it that module is skipped
# (under CI it fails).
browser:
	@{ test -x /usr/bin/chromium && fc-list :lang=zh 2>/dev/null | grep -q .; } \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && { \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 || { \
		apt-get update -qq >/dev/null 2>&1 \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1; }; }; } \
		|| true

# AR PL UMing (fonts-arphic-uming): the installed font PDFium draws a Chinese font from when a PDF
# does not embed it (PDFium prefers it on Linux). Its TrueType outlines are measured several
# times faster than Noto CJK's CFF ones, the same text either way (docs/benchmarks.md, section 2).
# fonts-noto-cjk with it: the other substitute, which tests/test_pdf_substitute_fonts.py
# compares it with. Installed from Debian's packages when missing and possible, as for `browser`.
fonts:
	@{ fc-list 2>/dev/null | grep -q "AR PL UMing" && fc-list 2>/dev/null | grep -q "Noto Serif CJK"; } \
		|| { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && { \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-arphic-uming fonts-noto-cjk >/dev/null 2>&1 || { \
		apt-get update -qq >/dev/null 2>&1 \
		&& DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-arphic-uming fonts-noto-cjk >/dev/null 2>&1; }; }; } \
		|| true

# Two workers (pytest-xdist). `make test`: everything that runs in the test's own process
# (75–85 s on 2 cores); `make test-system`: the tests marked `system`, which run the product as it is
# deployed (a Prefect server, Dask clusters, Chromium, OCR, an S3 server, catalog processes sent
# signals: minutes); the Prefect tests share one worker, so one test server starts.
# CI (.ci/run) runs both; `make test-all` does too.
test: lint typecheck fonts
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m "not system"

test-system: install browser
	$(BIN)/python -m pytest -n 2 --dist loadgroup -m system

test-all: test test-system

# Benchmarks (docs/benchmarks.md). poppler's pdftotext is the PDF speed-of-light reference:
# installed from Debian's packages when possible, else its row is left out.
bench: install fonts
	@command -v pdftotext >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& apt-get install -y -qq poppler-utils >/dev/null 2>&1; } || true
	$(BIN)/python -m bench.run

# Small sizes, under a minute, asserts nothing about time (CI runs it).
bench-quick: install fonts
	$(BIN)/python -m bench.run --quick

# Regenerate constraints.txt from a fresh resolve of pyproject.toml (commit the result).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^catalog-pipeline' > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) curated .pytest_cache .mypy_cache .ruff_cache
