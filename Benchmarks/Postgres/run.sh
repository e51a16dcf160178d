#!/usr/bin/env bash
# The durable benchmark: publishes per second and publish-to-delivery latency (p50, p99) of the
# PostgreSQL log across two instances, beside the in-memory hub, in one run, on a private
# PostgreSQL cluster (scripts/postgres.sh: fsync off, as in the tests; a production server
# that syncs each commit to disk is slower, and says so in Benchmarks/RESULTS.md).
#   Benchmarks/Postgres/run.sh [seconds=10] [publishers=32] [topics=16] [rate=5000]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/postgres.sh
trap postgres_stop EXIT
postgres_start
swift build --package-path IntegrationTests -c release --product durable-benchmark >/dev/null 2>&1 || swift build --package-path IntegrationTests -c release --product durable-benchmark
"$(swift build --package-path IntegrationTests -c release --show-bin-path)/durable-benchmark" "$@"
