#!/usr/bin/env bash
# Start-up and footprint of the five apps (issue 19): per app, process start to ready (polled every 10 ms) and
# Quarkus' own "started in", CPU until ready, RSS idle and the stop on SIGTERM, started alone and all together,
# the settings of before the issue side by side with the new ones in the same run. Builds the apps and the
# benchmark, starts its own PostgreSQL, Kafka and auth stub on free ports, stops everything at the end or on
# Ctrl-C. Method and figures: bench/README.md, docs/performance.md ("Start-up and footprint").
# Options: --variants=before,after --apps=inventory-service,...,gateway --idle=10 --together=1 --java=<JDK home>
#   variants: before, after, after-nocache, prod, prod-nocache; with --java=<other JDK> also <variant>-<its release>,
#   e.g. --java=/usr/lib/jvm/temurin-25-jdk-amd64 --variants=before,after,after-25,prod-25
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

source bench/java.sh

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  echo "Building the four services, the gateway and the benchmark (./mvnw package -DskipTests)..."
  ./mvnw -B -q -pl bench,inventory-service,booking-service,billing-service,ops-service,gateway -am package -DskipTests
fi

exec "$JAVA" -Dvalet.repo="$PWD" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  com.valet.bench.StartupBench "$@"
