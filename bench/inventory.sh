#!/usr/bin/env bash
# inventory-service's queries at 1M items: builds the service and the benchmark, then runs it. The
# benchmark starts its own PostgreSQL, Kafka, auth stub and service on free ports and stops them at the
# end or on Ctrl-C. Options (all optional): bench/inventory.sh --help
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

if [[ ${1:-} =~ ^(-h|--help)$ ]]; then
  echo "usage: bench/inventory.sh [--items=1000000] [--customers=10000] [--requests=2000] [--warmup=500]"
  echo "                          [--scan-requests=200] [--concurrency=8] [--deep-pages=200]"
  exit 0
fi

source bench/java.sh

echo "Building inventory-service and the benchmark (./mvnw package -DskipTests)..."
./mvnw -B -q -pl bench,inventory-service -am package -DskipTests

# exec: Ctrl-C reaches the benchmark's JVM, whose shutdown hooks stop everything it started.
exec "$JAVA" -Dvalet.repo="$PWD" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  com.valet.bench.InventoryBench "$@"
