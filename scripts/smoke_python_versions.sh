#!/usr/bin/env bash
# Smoke test: a fresh `pip install .` on each supported Python analyses a FLAC file.
#
#   scripts/smoke_python_versions.sh [3.10 3.11 3.12 3.13]
#
# Uses the pyenv interpreters in $PYENV_ROOT/versions (default /root/.pyenv); a version that is
# not installed is reported and skipped. Each version gets a throwaway venv under $TMPDIR, so
# the project's .venv is untouched. Prints one line per version and the time it took; exits 1
# if any installed version fails.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
pyenv_root=${PYENV_ROOT:-/root/.pyenv}
flac=${SMOKE_FLAC:-$repo/../shared/corpus/speech/librispeech_2412-153948-0000.flac}
versions=("$@")
[ ${#versions[@]} -gt 0 ] || versions=(3.10 3.11 3.12 3.13)
work=$(mktemp -d "${TMPDIR:-/tmp}/rehearse-smoke.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
for v in "${versions[@]}"; do
  py=$(ls -d "$pyenv_root"/versions/"$v"* 2>/dev/null | sort -V | tail -1)
  if [ -z "$py" ] || [ ! -x "$py/bin/python" ]; then
    echo "python $v: not installed under $pyenv_root, skipped"
    continue
  fi
  start=$(date +%s)
  venv=$work/venv-$v
  log=$work/log-$v
  if "$py/bin/python" -m venv "$venv" >"$log" 2>&1 \
    && "$venv/bin/pip" install --quiet "$repo" >>"$log" 2>&1 \
    && (cd "$work" && REHEARSE_DATA_DIR=$work/data REHEARSE_CONFIG_DIR=$work/config REHEARSE_CACHE_DIR=$work/cache \
        "$venv/bin/rehearse" analyze "$flac" --level mid --lp ownership --json >"$work/out-$v.json" 2>>"$log") \
    && "$venv/bin/python" -c "import json,sys; d=json.load(open(sys.argv[1])); assert len(d['transcript']['words']) > 20" "$work/out-$v.json" >>"$log" 2>&1
  then
    av=$("$venv/bin/python" -c "import av; print(av.__version__)" 2>/dev/null)
    echo "python $v ($("$venv/bin/python" -V 2>&1 | cut -d' ' -f2), PyAV $av): ok in $(( $(date +%s) - start )) s"
  else
    echo "python $v: FAILED after $(( $(date +%s) - start )) s; last lines:"
    tail -5 "$log" | sed 's/^/  /'
    failed=1
  fi
done
exit $failed
