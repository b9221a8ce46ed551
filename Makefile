# Floodgate: the two commands of the README, and the benchmarks.
#   make run    install what is missing, build, and start Floodgate
#   make test   install what is missing and run every test against real redis-server processes

SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := redis-server redis-tools libhiredis-dev libncursesw5-dev pkg-config tmux wrk curl util-linux python3-venv \
	chromium chromium-driver

.PHONY: deps build release run test bench bench-redis bench-redis-cluster bench-memory bench-peer deps-peer clean

## Install the Debian packages Floodgate builds and runs with (only those missing).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## The war room: a local daemon (embedded Redis, demo sale with simulated shoppers) and the
## console on it in this terminal; quitting the console (q) stops both.
run: release
	.build/release/floodgate

## Every test: the tests start their own redis-server processes on free loopback ports; then
## schemathesis fuzzes a real daemon from openapi.yaml (bounded; Tests/schemathesis/run.sh);
## then headless Chromium drives the waiting-room page against a real daemon (Tests/browser/run.sh).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel
	Tests/schemathesis/run.sh
	Tests/browser/run.sh

## The Redis client against redis-benchmark, side by side on one redis-server.
bench-redis: release
	.build/release/floodgate-bench redis

## The same on a local Redis Cluster (three primaries against redis-benchmark --cluster), and the
## reserve script with and without WAIT 1 (the cost of serve --redis-wait-replicas 1).
bench-redis-cluster: release
	.build/release/floodgate-bench redis --cluster --wait-replicas 1

## The daemon's hot calls under wrk, each against GET /health in the same run.
bench: release
	.build/release/floodgate-bench http

## The same, then a million registrations: the daemon's RSS and Redis' memory.
bench-memory: release
	.build/release/floodgate-bench http --rounds 1 --registrations 1000000

## The nginx + Lua peer of `make bench-peer` (Debian packages only this benchmark needs).
PEER_APT_PACKAGES := nginx libnginx-mod-http-lua lua-nginx-redis lua-cjson
deps-peer: deps
	@missing=""; for p in $(PEER_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	fi

## The daemon's hot calls against nginx + lua-nginx-module doing the same Redis work (the
## daemon's own scripts by SHA, on the same Redis): req/s, CPU per request, p99, side by side.
bench-peer: deps-peer release
	.build/release/floodgate-bench peer

clean:
	rm -rf .build .floodgate
