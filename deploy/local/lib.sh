# Shared by run.sh and test.sh: find or install what the project needs, and run a private PostgreSQL.
# Source it; every function prints what it does on stderr and fails loudly.

gg_log() { printf '[gridgov] %s\n' "$*" >&2; }
gg_die() { printf '[gridgov] error: %s\n' "$*" >&2; exit 1; }

gg_require_dotnet() {
  command -v dotnet >/dev/null 2>&1 || gg_die "the .NET SDK (dotnet) is not on PATH; install .NET 10 first."
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  # No MSBuild or compiler servers left running after the scripts end.
  export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0 UseSharedCompilation=false
}

# The run command polls health endpoints with curl; install it when missing (minimal images lack it).
gg_require_curl() {
  command -v curl >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || gg_die "curl is missing: sudo apt-get install -y curl"
  gg_log "installing curl with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl >&2 \
    || gg_die "apt-get install curl failed"
}

# Prints the newest PostgreSQL server bin directory, installing Debian's postgresql when there is none.
gg_pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$bin" ] || [ ! -x "$bin/postgres" ]; then
    gg_log "PostgreSQL server not found; installing Debian's postgresql with apt-get"
    [ "$(id -u)" = 0 ] || gg_die "PostgreSQL is missing and installing it needs root: sudo apt-get install -y postgresql"
    # Do not let the package start its own cluster: we run private ones. Keep any policy the image has.
    local policy=/usr/sbin/policy-rc.d saved=""
    if [ -e "$policy" ]; then saved=$(mktemp); cp -p "$policy" "$saved"; fi
    printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
    local ok=1
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 || ok=0
    if [ -n "$saved" ]; then mv "$saved" "$policy"; else rm -f "$policy"; fi
    [ "$ok" = 1 ] || gg_die "apt-get install postgresql failed"
    bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -x "$bin/postgres" ] || gg_die "postgresql installed, but no server binary under /usr/lib/postgresql"
  fi
  printf '%s\n' "$bin"
}

# Runs a PostgreSQL tool as the owner of the data: initdb refuses root, so root uses the postgres user.
gg_as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# gg_pg_start DIR PORT: initialises DIR on first use (superuser gridgov, trust on loopback only) and starts
# a server on 127.0.0.1:PORT with its socket inside DIR. Reuses a server already running on DIR.
gg_pg_start() {
  local dir=$1 port=$2 bin
  bin=$(gg_pg_bin)
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    chmod 700 "$dir"
    runuser -u postgres -- test -w "$dir" \
      || gg_die "the postgres user cannot write $dir (a parent folder is closed to it); move the checkout or run as a normal user"
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    gg_log "initialising a private PostgreSQL in $dir"
    gg_as_pg "$bin/initdb" -D "$dir" -U gridgov -A trust -E UTF8 --locale=C.UTF-8 >"$dir.initdb.log" 2>&1 \
      || { cat "$dir.initdb.log" >&2; gg_die "initdb failed"; }
  fi
  if gg_as_pg "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    gg_log "PostgreSQL in $dir is already running (left running: this run did not start it)"
    GG_PG_REUSED=1
    return 0
  fi
  GG_PG_REUSED=0
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    gg_die "port $port is already in use; set GRIDGOV_PG_PORT to a free port"
  fi
  gg_log "starting PostgreSQL on 127.0.0.1:$port"
  gg_as_pg "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; gg_die "PostgreSQL did not start (log: $dir/server.log)"; }
}

gg_pg_stop() {
  local dir=$1 bin
  bin=$(gg_pg_bin)
  if [ "${GG_PG_REUSED:-0}" = 1 ]; then return 0; fi
  if [ -f "$dir/postmaster.pid" ]; then
    gg_log "stopping PostgreSQL in $dir"
    gg_as_pg "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# gg_pg_createdb PORT NAME: creates the database unless it exists.
gg_pg_createdb() {
  local port=$1 name=$2 bin
  bin=$(gg_pg_bin)
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U gridgov -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    gg_log "creating database $name"
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U gridgov "$name"
  fi
}

# gg_wait_ready URL SECONDS PID: polls until URL answers 200, failing early if PID exits.
gg_wait_ready() {
  local url=$1 seconds=$2 pid=$3 i
  for ((i = 0; i < seconds * 4; i++)); do
    if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.25
  done
  return 1
}

# Node.js and npm bundle the pages (client/GridGovernance.Web) at build; install Debian's when missing.
gg_require_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && return 0
  [ "$(id -u)" = 0 ] || gg_die "Node.js and npm are missing: sudo apt-get install -y nodejs npm"
  gg_log "installing Node.js and npm with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >&2 \
    || gg_die "apt-get install nodejs npm failed"
}

# The browser tests drive Debian's Chromium (never a downloaded browser), with a CJK font for the labels.
gg_require_chromium() {
  [ -x /usr/bin/chromium ] && return 0
  [ "$(id -u)" = 0 ] || gg_die "Chromium is missing: sudo apt-get install -y chromium fonts-wqy-microhei"
  gg_log "installing Debian's chromium with apt-get (browser tests)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >&2 \
    || gg_die "apt-get install chromium failed"
}

# gg_local_keys DIR: the local secrets, made once and kept in DIR (never in git), exported for the hosts:
# personal-data keys (silos) and the bearer-token signing key (gateways, gridgov token).
gg_local_keys() {
  local dir=$1 key
  mkdir -p "$dir" && chmod 700 "$dir"
  for key in protection-k1 protection-index signing; do
    if [[ ! -s "$dir/$key.key" ]]; then
      head -c 32 /dev/urandom | base64 > "$dir/$key.key"
      chmod 600 "$dir/$key.key"
    fi
  done
  GridGovernance__Protection__Keys__k1="$(cat "$dir/protection-k1.key")"
  GridGovernance__Protection__ActiveKey=k1
  GridGovernance__Protection__IndexKey="$(cat "$dir/protection-index.key")"
  GridGovernance__Auth__SigningKey="$(cat "$dir/signing.key")"
  export GridGovernance__Protection__Keys__k1 GridGovernance__Protection__ActiveKey GridGovernance__Protection__IndexKey GridGovernance__Auth__SigningKey
}

# gg_port_free PORT: fails when something listens on 127.0.0.1:PORT.
gg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# gg_pg_home ROOT DATA: makes DATA/pg usable as the local database folder. As root in a folder the postgres user
# cannot enter (say /root), the database lives in /var/lib instead, linked from DATA/pg so it is still found
# (and reused) from the checkout.
gg_pg_home() {
  local root=$1 data=$2 store
  mkdir -p "$data"
  if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$data" 2>/dev/null; then
    store="/var/lib/gridgov/$(printf '%s' "$root" | sha256sum | cut -c1-12)/pg"
    mkdir -p "$store" && chown postgres: "$(dirname "$store")" "$store"
    [ -L "$data/pg" ] || ln -s "$store" "$data/pg"
    gg_log "the postgres user cannot reach $data; the database lives in $store"
  fi
}
