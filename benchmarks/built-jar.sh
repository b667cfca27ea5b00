# Sourced by the benchmark scripts (with $here set to this folder): sets jar to this module's
# built jar, whose dependencies are in target/lib, or stops with what to run first.
jar=$(ls "$here"/target/patchbay-benchmarks-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1)
if [ -z "$jar" ] || [ ! -d "$here/target/lib" ]; then
  echo "benchmarks not built: run 'mvn install -DskipTests' in $(dirname "$here") first" >&2
  exit 2
fi
