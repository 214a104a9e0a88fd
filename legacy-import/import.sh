#!/usr/bin/env bash
# The legacy import (legacy-import/README.md): dry-run, run or verify, from the legacy Supabase database into the
# services' schemas. Passwords come from LEGACY_SOURCE_PASSWORD and VALET_TARGET_PASSWORD.
#   legacy-import/import.sh dry-run --source=jdbc:postgresql://<legacy host>:5432/postgres --source-user=postgres \
#                                   --target=jdbc:postgresql://<host>:5432/valet --target-user=postgres
set -euo pipefail
cd -P -- "$(dirname -- "${BASH_SOURCE[0]}")/.."

if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi

if [[ ! -f legacy-import/target/import.classpath ]]; then
  echo "Building the import (./mvnw package -DskipTests)..." >&2
  ./mvnw -B -q -pl legacy-import -am package -DskipTests
fi

exec "$JAVA" -cp "legacy-import/target/classes:$(cat legacy-import/target/import.classpath)" \
  com.valet.legacyimport.LegacyImport "$@"
