#!/usr/bin/env bash
# A Python venv for Kafka consumers written in Python (pyfory + kafka-python, pinned in
# scripts/kafka/python-requirements.txt) at <repo>/.cache/kafka/venv. Idempotent: a stamp holding the
# requirements' hash (and the Python version) makes reruns instant. Prints the venv's python path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="$repo/.cache/kafka/venv"
python="${FERRY_PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "kafka python setup: $python not found (Python 3.9+ needed)" >&2; exit 1; }
want="$( (cat "$here/python-requirements.txt" "$repo/peers/python/requirements.txt"; "$python" --version) | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/python" && -f "$venv/.stamp" && "$(cat "$venv/.stamp")" == "$want" ]]; then
  echo "$venv/bin/python"
  exit 0
fi
echo "kafka python setup: creating $venv" >&2
rm -rf "$venv"
"$python" -m venv "$venv"
(cd "$here" && "$venv/bin/python" -m pip install --disable-pip-version-check --no-input -q -r python-requirements.txt) >&2
"$venv/bin/python" -c 'import pyfory, kafka, sys; sys.stderr.write("pyfory %s, kafka-python %s\n" % (pyfory.__version__, kafka.__version__))'
echo "$want" > "$venv/.stamp"
echo "$venv/bin/python"
