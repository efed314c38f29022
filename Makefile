# `make run` builds and starts the CRM; `make test` runs every test that needs no system service.

CARGO_TARGET_DIR ?= $(CURDIR)/target
export CARGO_TARGET_DIR
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
CARGO_BIN := $(or $(CARGO_HOME),$(HOME)/.cargo)/bin

.PHONY: run test smtp-server contract-tools contract tools spa server openapi fmt lint wasm-check test-pg test-browser smoke ci

## Build the SPA and the server in release, create a first portal if the database is empty, serve.
run: spa server
	CRM_INIT_IF_EMPTY=true $(CARGO_TARGET_DIR)/release/crm serve

## Rust tests (domain, persistence, API on SQLite with a real SMTP server, SPA i18n) and the
## curl smoke test.
test: smtp-server
	cargo test --workspace
	cargo build -p crm-api
	e2e/smoke.sh $(CARGO_TARGET_DIR)/debug/crm

## The SMTP server the e-mail tests send to: aiosmtpd from PyPI, into .venv.
smtp-server:
	@if ! .venv/bin/python -c 'import aiosmtpd' 2>/dev/null; then \
		python3 -m venv .venv && .venv/bin/pip install -q -r e2e/requirements.txt || exit 1; \
	fi

## The contract run's tools: openapi-spec-validator and schemathesis from PyPI, into .venv.
contract-tools: smtp-server
	@if ! .venv/bin/python -c 'import schemathesis, openapi_spec_validator' 2>/dev/null; then \
		.venv/bin/pip install -q -r e2e/contract-requirements.txt || exit 1; \
	fi

## The API against its OpenAPI document: the document validates, and schemathesis sends
## generated requests to every operation (a few minutes) and fails on a 5xx, a response
## outside the schema or an undocumented status.
contract: contract-tools
	cargo build -p crm-api
	e2e/contract.sh $(CARGO_TARGET_DIR)/debug/crm

## Install what the builds and tests need: the wasm target, the matching wasm-bindgen CLI,
## wasm-opt and the test SMTP server.
tools: smtp-server
	@rustup target list --installed | grep -q '^wasm32-unknown-unknown$$' || rustup target add wasm32-unknown-unknown
	@if ! "$(CARGO_BIN)/wasm-bindgen" --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$"; then \
		echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) || exit 1; \
	fi
	@if command -v npm >/dev/null && [ ! -x frontend/node_modules/.bin/wasm-opt ]; then \
		(cd frontend && npm install --no-audit --no-fund >/dev/null 2>&1) || echo "wasm-opt not installed; the SPA is built unoptimised"; \
	fi

## The SPA, into frontend/dist.
spa: tools
	PATH="$(CARGO_BIN):$$PATH" frontend/build.sh

## The server binary, release build.
server:
	cargo build --release -p crm-api

## Regenerate openapi/openapi.json from the code.
openapi:
	cargo run -q -p crm-api -- openapi > openapi/openapi.json

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	cargo clippy -p crm-web --target wasm32-unknown-unknown -- -D warnings

## The shared crates build for the browser too.
wasm-check:
	cargo build -p crm-domain -p crm-api-types --target wasm32-unknown-unknown

## The API tests again on PostgreSQL (needs TEST_DATABASE_URL, see e2e/pg-test-server.sh).
test-pg: smtp-server
	@test -n "$$TEST_DATABASE_URL" || (echo "set TEST_DATABASE_URL" && exit 1)
	cargo test -p crm-api -p crm-persistence

## The browser test (needs Chromium and Node.js); builds the SPA first.
test-browser: spa
	cargo build -p crm-api
	e2e/browser/run.sh $(CARGO_TARGET_DIR)/debug/crm

## Everything CI runs.
ci: lint wasm-check test contract test-pg test-browser
