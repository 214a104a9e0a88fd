#!/usr/bin/env bash
# The event pipeline under load: booking-confirmed -> ops task (and inventory), as a flood and paced, and a
# warehouse scan -> booking's read model, ops task item done and booking's visit completed, paced; with the
# broker's own producer -> consumer latency measured in the same run as the reference. Open loop (latency from
# each event's due time), ending at the consumer's commit (PostgreSQL commit timestamps), a warm-up before every
# measured stage, CPU ms per event per process. Builds the services and the benchmark, starts its own
# PostgreSQL, Kafka and auth stub and inventory-, booking- and ops-service on free ports, and stops them at the
# end or on Ctrl-C. Method: bench/README.md.
# Options: --events=1000 --rate=20 --scans=200 --warmup=200
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

source bench/java.sh

echo "Building inventory-, booking- and ops-service and the benchmark (./mvnw package -DskipTests)..."
./mvnw -B -q -pl bench,inventory-service,booking-service,ops-service -am package -DskipTests

exec "$JAVA" -Dvalet.repo="$PWD" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  com.valet.bench.PipelineBench "$@"
