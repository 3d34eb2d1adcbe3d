#!/usr/bin/env bash
# A local multi-silo cluster on loopback: the private PostgreSQL of run.sh (.data/pg), the migrations, N silos
# and M API gateways, each a background process with its pid file and log under .data/cluster/.
#
#   bash deploy/local/cluster.sh up [--silos N] [--gateways M] [--seed] [--no-build]
#   bash deploy/local/cluster.sh status
#   bash deploy/local/cluster.sh down
#
# up prints every host's addresses and pid. down stops everything up started: gateways, then silos (SIGTERM: a
# silo leaves the membership table and hands its grains over), then PostgreSQL (unless it was already running).
#
# Ports (environment): GRIDGOV_PG_PORT (55432); gateway j serves HTTP on GRIDGOV_HTTP_PORT+j-1 (8080...);
# silo i on GRIDGOV_SILO_HTTP_PORT+i-1 (8180...) for health, GRIDGOV_SILO_PORT+i-1 (11111...) between silos and
# GRIDGOV_GATEWAY_PORT+i-1 (30000...) for clients. Do not run it beside run.sh: both use .data/pg and port 8080.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck source=lib.sh
. "$root/deploy/local/lib.sh"

data="$root/.data"
state="$data/cluster"
pg_port=${GRIDGOV_PG_PORT:-55432}
bin="$root/artifacts/bin"
silo_dll="$bin/GridGovernance.Silo/release/GridGovernance.Silo.dll"
gateway_dll="$bin/GridGovernance.Api/release/GridGovernance.Api.dll"
gridgov="$bin/GridGovernance.Cli/release/gridgov.dll"

usage() { sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 2; }

# The pid in NAME's pid file if that process is still the host we started (a pid can be reused), else nothing.
host_pid() {
  local file="$state/$1.pid" pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "GridGovernance"; then
    printf '%s\n' "$pid"
  fi
}

# Names of the hosts up started, in start order (silos first).
host_names() {
  [ -f "$state/hosts" ] && cut -d' ' -f1 "$state/hosts" || true
}

# stop_host NAME SECONDS: SIGTERM, wait; SIGKILL only if it does not stop in time (said loudly).
stop_host() {
  local name=$1 seconds=$2 pid i
  pid=$(host_pid "$name")
  rm -f "$state/$name.pid"
  [ -n "$pid" ] || return 0
  gg_log "stopping $name (pid $pid, SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < seconds * 4; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  gg_log "$name (pid $pid) did not stop within ${seconds}s; killing it (SIGKILL)"
  kill -KILL "$pid" 2>/dev/null || true
}

down() {
  local name
  # Gateways first (no new requests), then silos one by one (each hands its grains to those still up).
  for name in $(host_names | grep '^gateway-' || true); do stop_host "$name" 30; done
  for name in $(host_names | grep '^silo-' | sort -r || true); do stop_host "$name" 60; done
  rm -f "$state/hosts" "$state/pg.port"
  if [ -f "$state/pg.started" ]; then
    gg_pg_stop "$data/pg"
    rm -f "$state/pg.started"
  fi
  gg_log "cluster stopped"
}

status() {
  local name kind http silo_port gateway_port pid
  if [ ! -s "$state/hosts" ]; then
    echo "no local cluster (start one with: bash deploy/local/cluster.sh up)"
    return 0
  fi
  printf '%-11s %-8s %-26s %-10s %-12s %s\n' HOST PID HTTP SILO-PORT GATEWAY-PORT LOG
  while read -r name kind http silo_port gateway_port; do
    pid=$(host_pid "$name")
    printf '%-11s %-8s %-26s %-10s %-12s %s\n' "$name" "${pid:-down}" "http://127.0.0.1:$http" "$silo_port" "$gateway_port" "$state/logs/$name.log"
  done < "$state/hosts"
  echo "PostgreSQL: Host=127.0.0.1;Port=$(cat "$state/pg.port" 2>/dev/null || echo "$pg_port");Database=gridgov;Username=gridgov (data $data/pg)"
}

# start_host NAME DLL HTTP-PORT: starts a host in its own session (it outlives this script), records its pid.
start_host() {
  local name=$1 dll=$2 http=$3
  Urls="http://127.0.0.1:$http" setsid dotnet "$dll" >"$state/logs/$name.log" 2>&1 </dev/null &
  echo $! > "$state/$name.pid"
}

up() {
  local silos=3 gateways=2 seed=0 build=1 i name
  while [ $# -gt 0 ]; do
    case $1 in
      --silos) silos=${2:?--silos needs a number}; shift 2 ;;
      --gateways) gateways=${2:?--gateways needs a number}; shift 2 ;;
      --seed) seed=1; shift ;;
      --no-build) build=0; shift ;;
      *) usage ;;
    esac
  done
  [[ $silos =~ ^[1-9][0-9]?$ && $gateways =~ ^[0-9]{1,2}$ ]] || gg_die "--silos must be 1-99 and --gateways 0-99"
  if [ -n "$(host_names)" ]; then
    gg_die "a local cluster is already up (bash deploy/local/cluster.sh status); stop it first with: bash deploy/local/cluster.sh down"
  fi

  local http_base=${GRIDGOV_HTTP_PORT:-8080} silo_http_base=${GRIDGOV_SILO_HTTP_PORT:-8180}
  local silo_port_base=${GRIDGOV_SILO_PORT:-11111} gateway_port_base=${GRIDGOV_GATEWAY_PORT:-30000}
  for ((i = 0; i < silos; i++)); do
    for port in $((silo_http_base + i)) $((silo_port_base + i)) $((gateway_port_base + i)); do
      gg_port_free "$port" || gg_die "port $port is in use (silo $((i + 1))); set GRIDGOV_SILO_HTTP_PORT, GRIDGOV_SILO_PORT or GRIDGOV_GATEWAY_PORT"
    done
  done
  for ((i = 0; i < gateways; i++)); do
    gg_port_free $((http_base + i)) || gg_die "port $((http_base + i)) is in use (gateway $((i + 1))); set GRIDGOV_HTTP_PORT"
  done

  gg_require_dotnet
  gg_require_curl
  gg_pg_bin >/dev/null
  mkdir -p "$state/logs"
  gg_pg_home "$root" "$data"

  # From here on a failure stops whatever was started.
  trap 'rc=$?; trap - EXIT; if [ "$rc" -ne 0 ]; then gg_log "start failed; stopping what was started"; down; fi; exit "$rc"' EXIT
  gg_pg_start "$data/pg" "$pg_port"
  [ "$GG_PG_REUSED" = 1 ] || touch "$state/pg.started"
  echo "$pg_port" > "$state/pg.port"
  gg_pg_createdb "$pg_port" gridgov
  export ConnectionStrings__grid="Host=127.0.0.1;Port=$pg_port;Database=gridgov;Username=gridgov"

  if [ "$build" = 1 ]; then
    gg_require_node
    gg_log "building the silo, the gateway and gridgov (Release)"
    for project in silo/GridGovernance.Silo client/GridGovernance.Api client/GridGovernance.Cli; do
      dotnet build "$root/$project" -c Release -v quiet -nologo -clp:ErrorsOnly >&2
    done
  fi
  for dll in "$silo_dll" "$gateway_dll" "$gridgov"; do
    [ -f "$dll" ] || gg_die "$dll is missing; run without --no-build"
  done

  dotnet "$gridgov" migrate >&2
  gg_local_keys "$data/keys"
  export Orleans__ClusterId=${GRIDGOV_CLUSTER_ID:-gridgov-local} Orleans__ServiceId=gridgov Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1

  : > "$state/hosts"
  for ((i = 1; i <= silos; i++)); do
    name="silo-$i"
    Orleans__Name=$name Orleans__Endpoints__SiloPort=$((silo_port_base + i - 1)) Orleans__Endpoints__GatewayPort=$((gateway_port_base + i - 1)) \
      start_host "$name" "$silo_dll" $((silo_http_base + i - 1))
    echo "$name silo $((silo_http_base + i - 1)) $((silo_port_base + i - 1)) $((gateway_port_base + i - 1))" >> "$state/hosts"
    gg_log "started $name (pid $(cat "$state/$name.pid"), log $state/logs/$name.log)"
  done
  # Silos start together; each is ready once it is Active in the membership table.
  for ((i = 1; i <= silos; i++)); do
    gg_wait_ready "http://127.0.0.1:$((silo_http_base + i - 1))/readyz" 120 "$(cat "$state/silo-$i.pid")" \
      || { tail -n 20 "$state/logs/silo-$i.log" >&2; gg_die "silo-$i did not become ready"; }
  done

  for ((i = 1; i <= gateways; i++)); do
    name="gateway-$i"
    start_host "$name" "$gateway_dll" $((http_base + i - 1))
    echo "$name gateway $((http_base + i - 1)) - -" >> "$state/hosts"
    gg_log "started $name (pid $(cat "$state/$name.pid"), log $state/logs/$name.log)"
  done
  for ((i = 1; i <= gateways; i++)); do
    gg_wait_ready "http://127.0.0.1:$((http_base + i - 1))/readyz" 120 "$(cat "$state/gateway-$i.pid")" \
      || { tail -n 20 "$state/logs/gateway-$i.log" >&2; gg_die "gateway-$i did not become ready"; }
  done

  if [ "$seed" = 1 ]; then
    gg_log "seeding the demo district (only when the grid is empty)"
    dotnet "$gridgov" seed --if-empty >&2 || gg_die "seeding the demo district failed (see above)"
  fi
  trap - EXIT

  echo
  echo "GridGovernance cluster is up: $silos silo(s), $gateways gateway(s) (cluster id $Orleans__ClusterId)"
  status
  echo "Tokens: GridGovernance__Auth__SigningKey=\$(cat $data/keys/signing.key) dotnet $gridgov token --role ROLE --subject NAME"
  echo "Stop it with: bash deploy/local/cluster.sh down"
}

case ${1:-} in
  up) shift; up "$@" ;;
  down) down ;;
  status) status ;;
  *) usage ;;
esac
