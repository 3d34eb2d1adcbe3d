#!/usr/bin/env bash
# Runs GridGovernance on this machine: a private PostgreSQL (data kept in .data/pg), the schema
# migrations, one silo, the API gateway, and on first start the synthetic demo district.
# Ctrl-C stops everything it started.
#
# Settings (environment): GRIDGOV_PG_PORT (55432), GRIDGOV_HTTP_PORT (8080, the gateway),
# GRIDGOV_SILO_HTTP_PORT (8081), GRIDGOV_SILO_PORT (11111), GRIDGOV_GATEWAY_PORT (30000).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
. "$root/deploy/local/lib.sh"

pg_port=${GRIDGOV_PG_PORT:-55432}
http_port=${GRIDGOV_HTTP_PORT:-8080}
silo_http_port=${GRIDGOV_SILO_HTTP_PORT:-8081}
data="$root/.data"
logs="$data/logs"
mkdir -p "$logs"
gg_pg_home "$root" "$data"

gg_require_dotnet
gg_require_node
gg_pg_bin >/dev/null
gg_require_curl

pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  gg_pg_stop "$data/pg"
  gg_log "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

gg_pg_start "$data/pg" "$pg_port"
gg_pg_createdb "$pg_port" gridgov
export ConnectionStrings__grid="Host=127.0.0.1;Port=$pg_port;Database=gridgov;Username=gridgov"

gg_log "building (Release)"
dotnet build "$root/GridGovernance.sln" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
bin="$root/artifacts/bin"

dotnet "$bin/GridGovernance.Cli/release/gridgov.dll" migrate >&2

export Orleans__Endpoints__SiloPort=${GRIDGOV_SILO_PORT:-11111}
export Orleans__Endpoints__GatewayPort=${GRIDGOV_GATEWAY_PORT:-30000}

# Local keys for personal data at rest (ID numbers) and for bearer tokens: made once, kept with the local
# data, never in git.
gg_local_keys "$data/keys"

gg_log "starting the silo (log: $logs/silo.log)"
Urls="http://127.0.0.1:$silo_http_port" dotnet "$bin/GridGovernance.Silo/release/GridGovernance.Silo.dll" >"$logs/silo.log" 2>&1 &
pids+=($!)
gg_wait_ready "http://127.0.0.1:$silo_http_port/readyz" 60 "${pids[-1]}" \
  || { tail -n 20 "$logs/silo.log" >&2; gg_die "the silo did not become ready"; }

gg_log "starting the gateway (log: $logs/gateway.log)"
Urls="http://127.0.0.1:$http_port" dotnet "$bin/GridGovernance.Api/release/GridGovernance.Api.dll" >"$logs/gateway.log" 2>&1 &
pids+=($!)
gg_wait_ready "http://127.0.0.1:$http_port/readyz" 60 "${pids[-1]}" \
  || { tail -n 20 "$logs/gateway.log" >&2; gg_die "the gateway did not become ready"; }

# First start only: the SYNTHETIC Shiqi demo district (19 communities, ~250 cells, 8,000 properties,
# 1,000 people, 250 workers). Later starts find the grid and skip it.
gg_log "seeding the demo district (first start only)"
dotnet "$bin/GridGovernance.Cli/release/gridgov.dll" seed --if-empty >&2 \
  || gg_die "seeding the demo district failed (see above)"

token=$(dotnet "$bin/GridGovernance.Cli/release/gridgov.dll" token --role command-centre --subject demo-command-centre --hours 12) \
  || gg_die "minting the demo token failed"

echo
echo "GridGovernance is running: http://127.0.0.1:$http_port/command-centre.html#token=$token"
echo "  (the address carries a 12-hour command-centre token for this demo; mint others with"
echo "   GridGovernance__Auth__SigningKey=\$(cat $data/keys/signing.key) dotnet $bin/GridGovernance.Cli/release/gridgov.dll token --role ROLE --subject NAME)"
echo "  overview: curl -H \"Authorization: Bearer \$TOKEN\" http://127.0.0.1:$http_port/api/v1/overview"
echo "  gateway health: http://127.0.0.1:$http_port/readyz   silo health: http://127.0.0.1:$silo_http_port/readyz"
echo "  logs: $logs   database: $ConnectionStrings__grid"
echo "Press Ctrl-C to stop."

# Stop everything when any process ends on its own.
set +e
wait -n "${pids[@]}"
status=$?
gg_log "a process exited (status $status); see $logs"
exit "$status"
