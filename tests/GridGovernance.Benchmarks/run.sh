#!/usr/bin/env bash
# Reruns the benchmarks (P1–P6 of issue #7) on this machine: a private PostgreSQL with production durability
# (fsync and synchronous_commit on) on a free loopback port; the benchmark starts a silo and an API gateway as
# processes on it and runs pgbench -N on the same server as P1's ceiling.
# Extra arguments go to the benchmark (e.g. --scenario p1,p4 --seconds 30 --concurrency 64,256 --properties 4000);
# a first argument --no-build reuses the Release build (the test command's smoke does).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=../../deploy/local/lib.sh
. "$root/deploy/local/lib.sh"
gg_require_dotnet
bin=$(gg_pg_bin)

# Built once here, then run directly: dotnet run would evaluate the project again (slow on 2 busy cores).
program="$root/artifacts/bin/GridGovernance.Benchmarks/release/GridGovernance.Benchmarks"
if [ "${1:-}" = "--no-build" ]; then
  shift
  [ -x "$program" ] || gg_die "no Release build at $program; build first or drop --no-build"
else
  dotnet build -c Release -nologo -v quiet "$root/tests/GridGovernance.Benchmarks" >&2
fi

dir=$(mktemp -d /tmp/gridgov-bench-XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 55499)
cleanup() { gg_pg_stop "$dir/pg"; rm -rf "$dir"; }
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres: "$dir"
gg_pg_start "$dir/pg" "$port"
gg_pg_createdb "$port" gridgov_bench

"$program" \
  --connection "Host=127.0.0.1;Port=$port;Database=gridgov_bench;Username=gridgov;Maximum Pool Size=100" \
  --pgbench "$bin/pgbench" "$@"
