# playbook: build, test and serve the example playbook.
GO      ?= go
SITE    ?= .
BIN     := bin/playbook
PKGS    := ./...
PORT    ?= 1313
ADDR    ?= 127.0.0.1:$(PORT)

.PHONY: all build install dist test lint vet site check serve golden cover bench fuzz clean load

all: lint test

build:
	$(GO) build -o $(BIN) ./cmd/playbook

## install: put playbook on PATH (in $(go env GOBIN), else $(go env GOPATH)/bin).
install:
	$(GO) install ./cmd/playbook

## dist: release archives for Linux, macOS (tar.gz) and Windows (zip) on
## amd64 and arm64, with SHA256SUMS, in dist/. Reproducible: the same
## commit built with the same Go release gives the same bytes. The version
## is `git describe --tags --always --dirty` unless VERSION is given:
## make dist VERSION=v1.2.0
VERSION ?=
dist:
	$(GO) run ./cmd/release -out dist $(if $(VERSION),-version $(VERSION))

## test: everything CI runs: formatting, vet, race-enabled tests (browser
## tests included) and a strict check of the example playbook.
test: lint node_modules
	$(GO) test -race -count=1 $(PKGS)
	$(GO) run ./cmd/playbook check --strict -s $(SITE)

## node_modules: test-only tools (axe-core, the Nu HTML checker), pinned in
## package-lock.json. --ignore-scripts: vnu-jar's only install script
## downloads a Java runtime when none is on PATH; the tests run vnu.jar
## with the system's java, so it is skipped (and its warning with it).
node_modules: package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts
	@touch node_modules

lint:
	@fmt=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$fmt" ]; then echo "gofmt needed:"; echo "$$fmt"; exit 1; fi
	$(GO) vet $(PKGS)
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 $(PKGS)
	@$(GO) mod tidy -diff || { echo "go.mod or go.sum is not tidy: run go mod tidy"; exit 1; }

## site: build the example playbook into public/.
site:
	$(GO) run ./cmd/playbook build -s $(SITE)

check:
	$(GO) run ./cmd/playbook check --strict -s $(SITE)

## serve: build, watch and serve the example playbook on 127.0.0.1:1313
## (another port: make serve PORT=8080; another address: ADDR=host:port).
serve:
	$(GO) run ./cmd/playbook serve -s $(SITE) --addr $(ADDR)

## golden: rewrite golden files; review the diff before committing.
golden:
	$(GO) test $(PKGS) -update

cover:
	$(GO) test -coverprofile=cover.out $(PKGS)
	$(GO) tool cover -func=cover.out | tail -1

## bench: the performance table (cold, warm, one-page edit and the edits
## after it, peak RSS, and Hugo side by side when installed) on the 1k and
## 10k generated corpora, then the Go benchmark of the 1k build with
## benchstat.
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/playbook-bench
SHARED    ?= ../shared
bench:
	$(GO) run ./cmd/benchtable -shared $(SHARED) -dir $(BENCH_DIR)
	PLAYBOOK_CORPUS=$(BENCH_DIR)/corpus-1000 $(GO) test -run '^$$' -bench 'BenchmarkBuildCorpus|PerPage|LinkResolution' -benchmem -count 6 ./generator | tee $(BENCH_DIR)/bench.txt
	$(GO) run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da $(BENCH_DIR)/bench.txt

fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzSplitFrontMatter -fuzztime=30s ./generator/content
	$(GO) test -run='^$$' -fuzz=FuzzParseCategory -fuzztime=30s ./generator/content
	$(GO) test -run='^$$' -fuzz=FuzzParseSummary -fuzztime=30s ./generator/content
	$(GO) test -run='^$$' -fuzz=FuzzMarkdown -fuzztime=30s ./generator/markdown
	$(GO) test -run='^$$' -fuzz=FuzzKeyOffset -fuzztime=30s ./generator/tomlx

clean:
	rm -rf bin dist public cover.out

## load: the progress service's load and crash test: 500 people ticking for
## 60 s with a SIGKILL at 30 s, against SQLite and against PostgreSQL
## (PLAYBOOK_TEST_POSTGRES, else a throwaway server from .ci/postgres.sh).
load: build
	$(GO) run ./cmd/progress-load -playbook $(BIN)
	$(GO) run ./cmd/progress-load -playbook $(BIN) -db "$${PLAYBOOK_TEST_POSTGRES:-$$(bash .ci/postgres.sh)}"
