# The README's commands. Each recipe is a plain step; the longer ones live in scripts/.
PYTHON ?= python3
PORT ?= 8000
VENV := .venv
STAMP := $(VENV)/.installed-pyproject

.PHONY: help run test bench bench-scale lint format venv clean-venv

help:
	@echo "make run    cài đặt, migrate, nạp nội dung mẫu, tạo tài khoản quản trị, chạy ở http://127.0.0.1:$(PORT)/"
	@echo "make test   ruff, makemigrations --check và toàn bộ kiểm thử trên PostgreSQL"
	@echo "make bench  đo tải trang bài viết (có/không đếm) và /healthz bằng wrk trên 127.0.0.1"
	@echo "make bench-scale  độ trễ và số truy vấn mỗi trang với 1.000 / 100.000 / 1.000.000 bài"
	@echo "make lint   ruff check và ruff format --check"
	@echo "make format ruff sửa lỗi và định dạng mã"

# The virtualenv is made once; dependencies are reinstalled only when pyproject.toml changes.
# Quiet: a newcomer sees progress in Vietnamese, and pip's output only if it fails.
PIP_QUIET := --quiet --quiet --disable-pip-version-check

$(VENV)/bin/python:
	@scripts/make_venv.sh "$(PYTHON)" "$(VENV)"

$(STAMP): pyproject.toml | $(VENV)/bin/python
	@echo "==> Cài các gói Python vào $(VENV) (lần đầu mất khoảng một phút)"
	@$(VENV)/bin/pip install $(PIP_QUIET) -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP)

run: $(STAMP)
	@PORT=$(PORT) scripts/run.sh

test: $(STAMP)
	@scripts/test.sh $(PYTEST_ARGS)

# Load test on 127.0.0.1 (needs wrk and PostgreSQL): scratch database, gunicorn, figures.
bench: $(STAMP)
	bench/run.sh

# Page latency and queries per page at 1,000 / 100,000 / 1,000,000 articles, in scratch
# databases it keeps: `make bench-scale SCALE_ARGS=--reuse` measures again without seeding.
bench-scale: $(STAMP)
	$(VENV)/bin/pip install $(PIP_QUIET) -e '.[dev,bench]'
	$(VENV)/bin/python bench/scale.py $(SCALE_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean-venv:
	rm -rf $(VENV)
