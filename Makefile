# Outlay. `make run` builds and serves on ./data/outlay.db; `make test` runs every test.
GO ?= go
BIN := bin/outlay
DATA ?= ./data
ADDR ?= :8080

.PHONY: run build test lint bench demo clean

build:
	$(GO) build -o $(BIN) ./cmd/outlay

run: build
	./$(BIN) serve --data $(DATA) --addr $(ADDR)

# Unit, storage, handler and browser tests. The browser test needs Debian's chromium;
# under CI=true a missing browser fails the run instead of skipping.
test:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal web db reports)" || { echo "gofmt would change:"; gofmt -l cmd internal web db reports; exit 1; }
	$(GO) test -count=1 -timeout 20m ./...

lint:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal web db reports)" || { gofmt -l cmd internal web db reports; exit 1; }

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

clean:
	rm -rf bin
