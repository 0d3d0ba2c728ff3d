#!/usr/bin/env bash
# pnpm bench [filter...]: the engine benchmarks (packages/engine/bench, filtered by file name, e.g.
# `pnpm bench nexmark`); with no filter, or with `server`, also the server's: file replay against a
# bare JSON.parse loop, ingest -> websocket latency, HTTP ingest throughput.
set -euo pipefail
if [ "$#" -eq 0 ] || [ "$1" != "server" ]; then pnpm --filter @eventide/engine run bench "$@"; fi
if [ "$#" -eq 0 ] || [ "$1" = "server" ]; then pnpm --filter @eventide/server run bench; fi
