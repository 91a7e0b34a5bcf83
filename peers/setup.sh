#!/usr/bin/env bash
# Installs / builds the Ferry cross-language test peers. Idempotent and non-interactive;
# a rerun with unchanged inputs only checks stamps (about a second).
#
#   $REPO/.cache/peers/venv          Python venv with pinned pyfory + numpy (peers/python/requirements.txt)
#   $REPO/.cache/peers/java/         ferry-java-peer.jar + lib/ (fory-core 1.6.0, gson)
#   $REPO/.cache/m2                  Maven local repository
#
# Environment: FERRY_PYTHON (interpreter for the venv, default python3), FERRY_SETUP_FORCE=1
# (rebuild everything).
set -euo pipefail

PEERS="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$PEERS/.." && pwd)"
CACHE="$REPO/.cache/peers"
VENV="$CACHE/venv"
JAVA_OUT="$CACHE/java"
M2="$REPO/.cache/m2"
FORCE="${FERRY_SETUP_FORCE:-0}"

log() { printf '[peers/setup] %s\n' "$*" >&2; }
die() { printf '[peers/setup] ERROR: %s\n' "$*" >&2; exit 1; }

need() { command -v "$1" >/dev/null 2>&1 || die "'$1' not found on PATH ($2)"; }

hash_files() { # stable hash of the given files' paths and contents
  local f
  for f in "$@"; do
    printf '%s\n' "${f#"$REPO"/}"
    cat "$f"
  done | sha256sum | cut -d' ' -f1
}

mkdir -p "$CACHE"

# Serialize concurrent runs (e.g. several test workers calling setup at once).
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.setup.lock"
  flock 9
fi

# ---------------------------------------------------------------- Python peer
PYTHON="${FERRY_PYTHON:-python3}"
need "$PYTHON" "Python 3.9+ is required for the pyfory peer"
REQ="$PEERS/python/requirements.txt"
PY_VERSION="$("$PYTHON" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')"
"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 9) else 1)' \
  || die "$PYTHON is $PY_VERSION; pyfory needs Python 3.9+"
PY_STAMP_WANT="$(printf '%s\n%s\n' "$PY_VERSION" "$(hash_files "$REQ")" | sha256sum | cut -d' ' -f1)"
PY_STAMP_FILE="$VENV/.ferry-stamp"

if [[ "$FORCE" != "1" && -x "$VENV/bin/python" && -f "$PY_STAMP_FILE" \
      && "$(cat "$PY_STAMP_FILE")" == "$PY_STAMP_WANT" ]]; then
  log "python venv up to date ($VENV)"
else
  log "creating python venv at $VENV (python $PY_VERSION)"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV" || die "python -m venv failed (on Debian: apt-get install python3-venv)"
  PIP_LOG="$CACHE/pip-install.log"
  if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --no-input -q -r "$REQ" \
      >"$PIP_LOG" 2>&1; then
    cat "$PIP_LOG" >&2
    die "pip install -r $REQ failed (log: $PIP_LOG)"
  fi
  "$VENV/bin/python" -c 'import pyfory, sys; sys.stderr.write("pyfory %s\n" % pyfory.__version__)'
  # numpy (pinned in requirements.txt) backs the {"native":"numpy"} carrier of the OOB catalog
  "$VENV/bin/python" -c 'import numpy, sys; sys.stderr.write("numpy %s\n" % numpy.__version__)' \
    || die "numpy failed to import in $VENV (pinned in $REQ)"
  printf '%s\n' "$PY_STAMP_WANT" >"$PY_STAMP_FILE"
fi

# ------------------------------------------------------------------ Java peer
need java "JDK 17+ is required for the fory-core peer"
need mvn "Maven 3.8+ is required to build the fory-core peer"
JAVA_VERSION="$(java -version 2>&1 | head -n1)"
mapfile -t JAVA_SOURCES < <(find "$PEERS/java/src" -type f | LC_ALL=C sort)
JAVA_STAMP_WANT="$(printf '%s\n%s\n' "$JAVA_VERSION" "$(hash_files "$PEERS/java/pom.xml" "${JAVA_SOURCES[@]}")" \
  | sha256sum | cut -d' ' -f1)"
JAVA_STAMP_FILE="$JAVA_OUT/.ferry-stamp"
JAR="$JAVA_OUT/ferry-java-peer.jar"

if [[ "$FORCE" != "1" && -f "$JAR" && -f "$JAVA_STAMP_FILE" \
      && "$(cat "$JAVA_STAMP_FILE")" == "$JAVA_STAMP_WANT" ]]; then
  log "java peer up to date ($JAR)"
else
  log "building java peer into $JAVA_OUT"
  rm -rf "$JAVA_OUT"
  BUILD_LOG="$CACHE/java-build.log"
  if ! mvn -q -B -Dmaven.repo.local="$M2" -Dferry.buildDir="$JAVA_OUT" -f "$PEERS/java/pom.xml" package \
      >"$BUILD_LOG" 2>&1; then
    sed 's/\x1b\[[0-9;]*m//g' "$BUILD_LOG" >&2
    die "maven build of peers/java failed (log: $BUILD_LOG)"
  fi
  [[ -f "$JAR" ]] || die "maven finished but $JAR is missing"
  printf '%s\n' "$JAVA_STAMP_WANT" >"$JAVA_STAMP_FILE"
fi

log "ready: python=$VENV/bin/python java=$JAR"
