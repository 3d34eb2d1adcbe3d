#!/usr/bin/env bash
# Runs every check and test of GridGovernance on this machine: installs PostgreSQL when it is missing
# (the tests start their own private clusters with it), checks formatting, builds with warnings as
# errors, and runs all test projects. Ends with a line "N passed, N failed".
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
. "$root/deploy/local/lib.sh"
cd "$root"

gg_require_dotnet
gg_require_node
gg_require_chromium
GRIDGOV_PG_BIN=$(gg_pg_bin)
export GRIDGOV_PG_BIN
gg_log "PostgreSQL binaries: $GRIDGOV_PG_BIN"

gg_log "restoring"
dotnet restore GridGovernance.sln -v quiet >&2

gg_log "checking formatting (dotnet format --verify-no-changes)"
dotnet format GridGovernance.sln --verify-no-changes --no-restore -v quiet \
  || gg_die "formatting differs from .editorconfig: run 'dotnet format GridGovernance.sln' and commit"

gg_log "building (Release, warnings are errors)"
dotnet build GridGovernance.sln -c Release --no-restore -nologo -v quiet -clp:ErrorsOnly >&2

gg_log "running the tests"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
dotnet test --solution GridGovernance.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

passed=$(awk '/^ *succeeded: *[0-9]+/ { s += $2 } END { print s + 0 }' "$log")
failed=$(awk '/^ *failed: *[0-9]+/ { s += $2 } END { print s + 0 }' "$log")
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

# A short smoke of the benchmarks so they cannot rot: every scenario must run and make progress, but no figure
# (no time) is judged here.
if [ "$status" -eq 0 ] && [ "${GRIDGOV_SKIP_BENCH_SMOKE:-0}" != 1 ]; then
  gg_log "benchmark smoke (tests/GridGovernance.Benchmarks/run.sh, every scenario, tiny sizes; figures are not judged)"
  if bash "$root/tests/GridGovernance.Benchmarks/run.sh" --no-build --scenario all --seconds 2 --warmup 1 --properties 200 --concurrency 8 --pgbench-scale 1 \
      --tenancies-per-property 2 --pending 50 --due 50; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); status=1
  fi
fi

echo "$passed passed, $failed failed"
exit "$status"
