# Sourced by the bench scripts (after they cd to the repository root): the java to run the benchmarks with,
# $JAVA_HOME's if it has one, else the java on the PATH.
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
else
  JAVA=java
fi
