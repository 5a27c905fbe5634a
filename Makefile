# kechuang: two commands after cloning — `make demo` and `make test`.
# Only Python 3.11+ and make are needed; everything else is installed here.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
export KECHUANG_DATA_DIR ?= $(CURDIR)/data

.PHONY: install demo test test-postgres e2e lint format bench messages clean soffice fonts

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "kechuang 需要 Python 3.11 或更高版本")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install messages fonts
	$(BIN)/kechuang demo

messages: install
	@cd src/kechuang && ../../$(BIN)/python -c 'import django' && \
	  if ls locale/*/LC_MESSAGES/*.po >/dev/null 2>&1; then DJANGO_SETTINGS_MODULE=kechuang.settings ../../$(BIN)/django-admin compilemessages -v 0; fi

# The .doc/.wps tests need LibreOffice: installed here (apt) rather than skipped. On a machine without
# it, KECHUANG_ALLOW_NO_SOFFICE=1 make test skips them instead.
test: install soffice fonts
	$(BIN)/pytest -q -n 2 -m "not e2e" $(PYTEST_ARGS)

# Report charts and PDFs draw Chinese with Noto CJK (scripts/ensure_fonts.sh); a chart test checks the glyphs.
fonts:
	bash scripts/ensure_fonts.sh

soffice:
	@if [ "$${KECHUANG_ALLOW_NO_SOFFICE:-}" != 1 ]; then bash scripts/ensure_libreoffice.sh; fi

test-postgres: install soffice fonts
	bash scripts/ensure_postgres.sh
	DATABASE_URL=$${KECHUANG_TEST_DATABASE_URL:-postgres://kechuang:kechuang@127.0.0.1:5432/kechuang} \
	  $(BIN)/pytest -q -n 2 -m "not e2e" $(PYTEST_ARGS)

e2e: install soffice fonts
	bash scripts/ensure_chromium.sh
	$(BIN)/pytest -q -m e2e -p no:xdist $(PYTEST_ARGS) || [ $$? -eq 5 ]

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports
	$(BIN)/kechuang manage makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: install fonts
	bash scripts/ensure_postgres.sh
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data .pytest_cache
