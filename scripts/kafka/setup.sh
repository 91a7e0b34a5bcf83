#!/usr/bin/env bash
# Fetches the pinned Apache Kafka broker (scripts/kafka/pom.xml) from Maven Central into
# <repo>/.cache/kafka/libs, using the repo-local Maven cache <repo>/.cache/m2. Idempotent: a stamp
# file holding the pom's hash makes reruns instant; editing the pom refetches.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cache="$repo/.cache/kafka"
libs="$cache/libs"
stamp="$cache/.stamp"

command -v java >/dev/null || { echo "kafka setup: java (17+) is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "kafka setup: mvn is required" >&2; exit 1; }

want="$(sha256sum "$here/pom.xml" | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && compgen -G "$libs/kafka_2.13-*.jar" >/dev/null; then
  exit 0
fi

echo "kafka setup: fetching Apache Kafka jars into $libs" >&2
rm -rf "$libs" "$stamp"
mkdir -p "$libs"
mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$repo/.cache/m2" -f "$here/pom.xml" \
  dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$libs"
echo "$want" > "$stamp"
echo "kafka setup: $(ls "$libs" | wc -l) jars ready" >&2
