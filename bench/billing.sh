#!/usr/bin/env bash
# Stripe webhook ingestion by billing-service: throughput, p50/p99, and how many events were applied exactly
# once after a run with 20 % redeliveries. Starts its own PostgreSQL, Kafka and billing-service on free ports.
# Options: --customers=400 --invoices=3 --duplicates=20 --concurrency=8
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

source bench/java.sh

echo "Building billing-service and the benchmark (./mvnw package -DskipTests)..."
./mvnw -B -q -pl bench,billing-service -am package -DskipTests

exec "$JAVA" -Dvalet.repo="$PWD" -cp "bench/target/classes:$(cat bench/target/bench.classpath)" \
  com.valet.bench.StripeWebhookBench "$@"
