#!/usr/bin/env bash
# A mixed user workload through the gateway (list, search, read, create, scan) at increasing rates until p99
# passes 100 ms: requests/s, p50/p99, errors and each app's RSS and CPU per step. Builds the apps and the
# benchmark, starts its own PostgreSQL, Kafka and auth stub, the four services and the gateway on free ports,
# and stops them at the end or on Ctrl-C.
# Options: --customers=50 --items-per-customer=10 --seconds=20 --start-rate=20 --max-rate=400
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

source bench/java.sh

echo "Building the four services, the gateway and the benchmark (./mvnw package -DskipTests)..."
./mvnw -B -q -pl bench,inventory-service,booking-service,billing-service,ops-service,gateway -am package -DskipTests

exec "$JAVA" -Dvalet.repo="$PWD" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  com.valet.bench.LoadBench "$@"
