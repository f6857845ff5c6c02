# Outlay. `make run` builds and serves on ./data/outlay.db; `make test` runs every test.
GO ?= go
BIN := bin/outlay
DATA ?= ./data
DEMO_DATA ?= ./data-demo
BENCH_DATA ?= ./data-bench
ADDR ?= :8080

.PHONY: run build test lint bench demo soak clean

# The version and commit stamped into the binary (outlay version, /healthz, the admins'
# footer). Outside a git checkout (a tarball) they are "dev" and empty, and the binary
# says so; either can be given: make build VERSION=0.10.0 COMMIT=...
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
LDFLAGS := -X outlay/internal/buildinfo.Version=$(VERSION) -X outlay/internal/buildinfo.Commit=$(COMMIT)

# One binary: templates, assets and migrations are embedded (web/web.go, db/db.go), so
# it runs from any folder with nothing beside it. (No -trimpath: the build then shares
# the cache of go test's packages, and the tests that run make build stay quick.)
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/outlay

run: build
	./$(BIN) serve --data $(DATA) --addr $(ADDR)

# Unit, storage, handler and browser tests. The browser test needs Debian's chromium;
# under CI=true a missing browser fails the run instead of skipping.
test:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal web db reports)" || { echo "gofmt would change:"; gofmt -l cmd internal web db reports; exit 1; }
	$(GO) test -count=1 -timeout 20m ./...

# staticcheck is pinned; .ci/run installs this version when it is missing.
STATICCHECK_VERSION := v0.8.2
STATICCHECK ?= $(shell command -v staticcheck 2>/dev/null || echo $$($(GO) env GOPATH)/bin/staticcheck)

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal web db reports)" || { gofmt -l cmd internal web db reports; exit 1; }
	@$(GO) mod tidy -diff || { echo "go mod tidy would change go.mod/go.sum (diff above)"; exit 1; }
	@test -x "$(STATICCHECK)" || { echo "staticcheck missing: go install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)"; exit 1; }
	$(STATICCHECK) ./...

# Serves the small demo dataset from $(DEMO_DATA), loading it first when that folder has
# no database yet. Sign in as admin@demo.example with the password outlay-demo-password.
demo: build
	@test -f $(DEMO_DATA)/outlay.db || ./$(BIN) demo --size small --data $(DEMO_DATA)
	./$(BIN) serve --data $(DEMO_DATA) --addr $(ADDR)

# Benchmarks. The page benchmarks run on the large demo set, loaded once into
# $(BENCH_DATA) (about 15–18 s) and copied for each run.
bench: build
	@test -f $(BENCH_DATA)/outlay.db || ./$(BIN) demo --size large --data $(BENCH_DATA) > /dev/null
	OUTLAY_BENCH_DATA=$(abspath $(BENCH_DATA)) $(GO) test -run '^$$' -bench . -benchmem -short ./...

# Soak tests, not part of `make test`: Litestream replicating a live server under write
# load to a file replica, restored after a clean stop and after kill -9 (see README,
# Continuous replication). Litestream is installed into $(GOBIN_TOOLS) when that folder
# lacks this version (about 2.5 min to build). OUTLAY_SOAK_DURATION=10m runs longer.
GOBIN_TOOLS ?= $(CURDIR)/bin/tools
LITESTREAM_VERSION := v0.5.18
LITESTREAM := $(GOBIN_TOOLS)/litestream

soak:
	@test "$$($(LITESTREAM) version 2>/dev/null)" = "$(LITESTREAM_VERSION)" || \
		GOBIN=$(GOBIN_TOOLS) $(GO) install github.com/benbjohnson/litestream/cmd/litestream@$(LITESTREAM_VERSION)
	OUTLAY_LITESTREAM=$(LITESTREAM) $(GO) test -tags soak -count=1 -run Soak -timeout 30m -v ./cmd/outlay/

clean:
	rm -rf bin
