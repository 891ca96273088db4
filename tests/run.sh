#!/usr/bin/env bash
# Runs every AnnotateHub test on this machine, installing what the tests need first.
#   bash tests/run.sh            # everything
#   bash tests/run.sh --filter X # passes --filter X to dotnet test
# Ends with the line "N passed, N failed" (summed over all test assemblies from their TRX files) and exits
# non-zero when anything failed or did not run.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

log() { printf '\n== %s\n' "$*"; }

# --- 1. what the tests need: Chromium (browser tests, PDF), poppler-utils (pdftotext), PostgreSQL -----------------
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need+=(fonts-noto-color-emoji)
[ -f /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei) # CJK glyphs for PDF reports
if [ ${#need[@]} -gt 0 ]; then
  log "installing ${need[*]}"
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || { echo "could not install ${need[*]} with apt-get"; echo "0 passed, 1 failed"; exit 1; }
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || { echo "could not install ${need[*]}: run as root or install them yourself"; echo "0 passed, 1 failed"; exit 1; }
  fi
fi
export CHROMIUM_PATH=${CHROMIUM_PATH:-$(command -v chromium)}

# PostgreSQL for the PostgreSQL tests: a throwaway server from tests/postgres.sh (installed with apt-get when missing),
# stopped when this script ends. A server of your own: set ANNOTATEHUB_TEST_POSTGRES (an Npgsql connection string to
# its postgres database, as a superuser) and this script neither starts nor stops one.
if [ -z "${ANNOTATEHUB_TEST_POSTGRES:-}" ]; then
  log "starting a throwaway PostgreSQL"
  if ! pg_env=$(bash tests/postgres.sh start); then
    echo "could not start PostgreSQL for the tests (tests/postgres.sh start, see above)"; echo "0 passed, 1 failed"; exit 1
  fi
  eval "$pg_env"
  # silent, so that the summary stays the last line
  # only the server this run started: a run that was killed must not stop the server of a run started after it
  if [ "${ANNOTATEHUB_TEST_POSTGRES_STARTED:-0}" = 1 ]; then
    trap 'bash "$ROOT/tests/postgres.sh" stop "$ANNOTATEHUB_TEST_POSTGRES_DIR" >/dev/null 2>&1 || true' EXIT
  fi
  trap 'exit 130' INT; trap 'exit 143' TERM # end through the EXIT trap, so the server stops on Ctrl-C too
fi
export ANNOTATEHUB_TEST_POSTGRES

# --- 2. build once ----------------------------------------------------------------------------------------------
log "building"
if ! dotnet build AnnotateHub.sln -c Release -nologo -v q -clp:ErrorsOnly; then
  echo "build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

# --- 3. run every test assembly --------------------------------------------------------------------------------
RESULTS="$ROOT/artifacts/test-results"
rm -rf "$RESULTS"; mkdir -p "$RESULTS"
status=0
projects=$(ls tests/*/*.Tests.csproj)
for project in $projects; do
  name=$(basename "$project" .csproj)
  log "testing $name"
  if ! dotnet test "$project" -c Release --no-build -nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
        --results-directory "$RESULTS" "$@"; then
    status=1
  fi
  if [ ! -f "$RESULTS/$name.trx" ]; then
    echo "$name produced no results (crashed or did not start)"
    echo "$name" >> "$RESULTS/missing.txt"
    status=1
  fi
done

# --- 4. one summary line from the TRX files ----------------------------------------------------------------------
passed=0; failed=0; skipped=0
for trx in "$RESULTS"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout); a=$(get aborted); n=$(get notExecuted)
  passed=$((passed + p)); failed=$((failed + f + e + t + a)); skipped=$((skipped + n))
done
if [ -f "$RESULTS/missing.txt" ]; then failed=$((failed + $(wc -l < "$RESULTS/missing.txt"))); fi
[ "$failed" -gt 0 ] && status=1
echo
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit $status
