#!/usr/bin/env bash
# The gateway's added latency and throughput against calling inventory-service directly, side by side in
# one run. Builds the apps and the benchmark, starts its own PostgreSQL, Kafka, auth stub, inventory-service
# and gateway on free ports, and stops them at the end or on Ctrl-C.
# Options: --customers=100 --items-per-customer=5 --requests=4000 --warmup=1000 --warmup-seconds=30 --concurrency=8
# --rounds=2 --bare=0. BENCH_JFR=1 records a JFR profile of the gateway and the service (bench/target/logs/*.jfr).
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

source bench/java.sh

echo "Building inventory-service, the gateway and the benchmark (./mvnw package -DskipTests)..."
./mvnw -B -q -pl bench,inventory-service,gateway -am package -DskipTests

exec "$JAVA" -Dvalet.repo="$PWD" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  com.valet.bench.GatewayBench "$@"
