#!/usr/bin/env bash
# Local PostgreSQL helper for Juxa: a private server per data directory, no
# system service, no container engine. Used by ./run.sh, ./test.sh and CI.
#
# Executed:  deploy/local/pg.sh SUBCOMMAND [ARGS...]
# Sourced:   . deploy/local/pg.sh   then call the juxa_pg_* functions.
#
# Subcommands:
#   ensure-installed                    install Debian's postgresql if no server
#                                       binaries are found; check pg_trgm
#   start DATA_DIR PORT [SERVER_OPTS]   initdb if needed, start on 127.0.0.1:PORT
#                                       (reuses a server already running there)
#   stop DATA_DIR                       fast shutdown
#   restart DATA_DIR                    fast shutdown, then start with the same options
#   status DATA_DIR                     exit 0 if a server runs on DATA_DIR
#   free-port                           print a free TCP port on 127.0.0.1
#   createdb-if-missing PORT DBNAME     create DBNAME (as user postgres, over TCP)
#   bindir [DATA_DIR]                   print the server bin dir that would be used
#
# Environment:
#   JUXA_PG_BINDIR  use the server binaries in this directory (skips the search)
#
# As root, PostgreSQL refuses to run, so initdb/pg_ctl run as the `postgres`
# user through runuser, and the data directory belongs to postgres (mode 700).
# Every parent directory of the data directory must then be traversable by
# postgres: where one is not (a 700 mktemp dir, /root, ...), we add the
# "others may traverse" bit (o+x, not o+r: names stay unlisted) and say so.
# That is the deliberate trade-off for a developer/CI box.
#
# Progress goes to stderr, so that `port=$(pg.sh free-port)` stays clean.

# Strict mode only when executed: a sourcing script sets its own options, and
# an interactive shell that sources us must not start exiting on errors.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
fi

# Set by juxa_pg_start: 1 when this call started the server, 0 when it reused
# one that was already running (callers then must not stop it).
# shellcheck disable=SC2034
JUXA_PG_STARTED=0

juxa_pg__say() { printf '%s\n' "$*" >&2; }
juxa_pg__part() { printf '%s' "$*" >&2; }
juxa_pg__die() { printf 'pg.sh: error: %s\n' "$*" >&2; return 1; }

juxa_pg__is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Major version of the server binaries in a bin dir ("15"), from pg_ctl itself.
juxa_pg__bindir_major() {
  local out
  out=$("$1/pg_ctl" --version 2>/dev/null) || return 1
  # "pg_ctl (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" -> 15
  out=${out#*) }
  printf '%s\n' "${out%%.*}" | sed 's/[^0-9].*//'
}

# Print the directory holding initdb/pg_ctl/postgres. With a data dir that
# already has a cluster, prefer binaries of that cluster's major version:
# a cluster can only be started by the major version that created it.
juxa_pg_bindir() {
  local data_dir=${1:-} want='' dir major best='' best_major=-1
  local -a candidates=()
  if [[ -n "${JUXA_PG_BINDIR:-}" ]]; then
    [[ -x "$JUXA_PG_BINDIR/pg_ctl" && -x "$JUXA_PG_BINDIR/initdb" ]] ||
      { juxa_pg__die "JUXA_PG_BINDIR=$JUXA_PG_BINDIR has no initdb/pg_ctl"; return 1; }
    printf '%s\n' "$JUXA_PG_BINDIR"
    return 0
  fi
  if [[ -n "$data_dir" && -r "$data_dir/PG_VERSION" ]]; then
    want=$(<"$data_dir/PG_VERSION")
  fi
  # PATH first (non-Debian installs put them there), then Debian's layout.
  if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
    candidates+=("$(dirname "$(readlink -f "$(command -v pg_ctl)")")")
  fi
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/pg_ctl" && -x "$dir/initdb" ]] && candidates+=("$dir")
  done
  for dir in "${candidates[@]}"; do
    [[ -x "$dir/postgres" ]] || continue
    major=$(juxa_pg__bindir_major "$dir") || continue
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if [[ -n "$want" && "$major" == "$want" ]]; then
      printf '%s\n' "$dir"
      return 0
    fi
    if ((major > best_major)); then
      best=$dir
      best_major=$major
    fi
  done
  [[ -n "$best" ]] || return 1
  if [[ -n "$want" ]]; then
    juxa_pg__die "$data_dir was created by PostgreSQL $want, but only PostgreSQL $best_major is installed ($best)"
    return 1
  fi
  printf '%s\n' "$best"
}

# The server's share dir (where extension control files live).
juxa_pg__sharedir() {
  local bindir=$1 major dir
  if [[ -x "$bindir/pg_config" ]]; then
    "$bindir/pg_config" --sharedir && return 0
  fi
  major=$(juxa_pg__bindir_major "$bindir") || return 1
  for dir in "/usr/share/postgresql/$major" "$bindir/../share/postgresql" "$bindir/../share"; do
    if [[ -d "$dir/extension" ]]; then
      readlink -f "$dir"
      return 0
    fi
  done
  return 1
}

juxa_pg__has_trgm() {
  local sharedir
  sharedir=$(juxa_pg__sharedir "$1") || return 1
  [[ -f "$sharedir/extension/pg_trgm.control" ]]
}

# Run a command as root: directly, or through sudo for a normal user (who may
# be asked for a password).
juxa_pg__as_root() {
  if juxa_pg__is_root; then
    "$@"
  else
    sudo "$@"
  fi
}

juxa_pg__apt_install() {
  command -v apt-get >/dev/null 2>&1 ||
    { juxa_pg__die "PostgreSQL server binaries not found and apt-get is not available: install a PostgreSQL server (initdb, pg_ctl, pg_trgm) yourself, or set JUXA_PG_BINDIR"; return 1; }
  if ! juxa_pg__is_root && ! command -v sudo >/dev/null 2>&1; then
    juxa_pg__say "failed"
    juxa_pg__die "installing needs root: you are not root and sudo is not installed. As root, run: apt-get install postgresql (or point JUXA_PG_BINDIR at a PostgreSQL bin directory)"
    return 1
  fi
  local log
  log=$(mktemp -t juxa-apt.XXXXXX)
  # noninteractive: CI has no stdin. The lock timeout rides out an apt run that
  # is already busy (unattended upgrades on a fresh box).
  # The package also creates and may start its own cluster "main" on port
  # 5432: we never use it, and our servers use their own ports and data dirs,
  # so it does not matter whether it runs.
  if juxa_pg__as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update >"$log" 2>&1 &&
    juxa_pg__as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "$@" >>"$log" 2>&1; then
    rm -f "$log"
    return 0
  fi
  juxa_pg__say "failed"
  tail -n 30 "$log" >&2
  juxa_pg__die "apt-get install $* failed (full log: $log)"
}

# Make sure initdb/pg_ctl/postgres exist and pg_trgm is available.
juxa_pg_ensure_installed() {
  local bindir
  juxa_pg__part "checking PostgreSQL… "
  if ! bindir=$(juxa_pg_bindir 2>/dev/null); then
    juxa_pg__say "not found"
    juxa_pg__part "installing PostgreSQL (apt-get install postgresql)… "
    juxa_pg__apt_install postgresql || return 1
    juxa_pg__say "ok"
    bindir=$(juxa_pg_bindir) || { juxa_pg__die "postgresql was installed but initdb/pg_ctl are still not found"; return 1; }
    juxa_pg__part "checking PostgreSQL… "
  fi
  if ! juxa_pg__has_trgm "$bindir"; then
    # On Debian, contrib (pg_trgm) is part of postgresql-NN since PG 10; this
    # only helps with an unusual partial install.
    juxa_pg__say "pg_trgm missing"
    juxa_pg__part "installing postgresql-contrib… "
    juxa_pg__apt_install postgresql-contrib || return 1
    juxa_pg__say "ok"
    juxa_pg__has_trgm "$bindir" ||
      { juxa_pg__die "the pg_trgm extension is not available for the server in $bindir"; return 1; }
    juxa_pg__part "checking PostgreSQL… "
  fi
  juxa_pg__say "ok (PostgreSQL $(juxa_pg__bindir_major "$bindir"), $bindir, pg_trgm available)"
  if juxa_pg__is_root; then
    juxa_pg__ensure_postgres_user || return 1
  fi
}

# As root we run the server as `postgres`; the Debian package creates that
# user, but binaries installed another way may not have.
juxa_pg__ensure_postgres_user() {
  id -u postgres >/dev/null 2>&1 && return 0
  command -v runuser >/dev/null 2>&1 || { juxa_pg__die "runuser (util-linux) is required to run PostgreSQL as root"; return 1; }
  juxa_pg__part "creating system user postgres… "
  useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/sh postgres ||
    { juxa_pg__die "could not create the postgres user"; return 1; }
  juxa_pg__say "ok"
}

# Run a PostgreSQL program as the user that must own the server: postgres when
# we are root, ourselves otherwise. cd / first: postgres may not be allowed
# into the caller's working directory (e.g. /root/...).
juxa_pg__run() {
  if juxa_pg__is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Absolute path (we cd / before running PostgreSQL programs as postgres).
juxa_pg__abs() {
  if [[ "$1" == /* ]]; then printf '%s\n' "$1"; else printf '%s\n' "$PWD/$1"; fi
}

# Create the directory and print its absolute, symlink-free path.
juxa_pg__abspath() {
  local p
  p=$(juxa_pg__abs "$1")
  mkdir -p "$p" && (cd "$p" && pwd -P)
}

# As root: let postgres reach DATA_DIR by giving "others" the search bit on
# any ancestor it cannot traverse (see the header comment for why).
juxa_pg__make_reachable() {
  local dir path=''
  local -a parts
  # Top-down, so that a fixed parent does not make its children look blocked.
  IFS=/ read -r -a parts <<<"$(dirname "$1")"
  for dir in "${parts[@]}"; do
    [[ -n "$dir" ]] || continue
    path+=/$dir
    if ! runuser -u postgres -- test -x "$path" 2>/dev/null; then
      juxa_pg__say "note: chmod o+x $path (so the postgres user can reach the data directory)"
      chmod o+x "$path" || { juxa_pg__die "could not chmod o+x $path"; return 1; }
    fi
  done
}

# 0 if a server is running on DATA_DIR. pg_ctl only checks that the pid in
# postmaster.pid is alive; after a reboot that pid may belong to some other
# process, so on Linux also check that it is a postgres process.
juxa_pg_status() {
  local data_dir bindir pid
  data_dir=$(juxa_pg__abs "$1")
  [[ -f "$data_dir/postmaster.pid" ]] || return 1
  pid=$(head -n 1 "$data_dir/postmaster.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  if [[ -d /proc/self ]]; then
    [[ -r "/proc/$pid/comm" && "$(<"/proc/$pid/comm")" == postgres ]] || return 1
  fi
  bindir=$(juxa_pg_bindir "$data_dir" 2>/dev/null) || return 1
  juxa_pg__run "$bindir/pg_ctl" status -D "$data_dir" >/dev/null 2>&1
}

# shellcheck disable=SC2034 # JUXA_PG_STARTED is read by scripts that source us
# start DATA_DIR PORT [extra postgres options...]
# Extra options go to the postgres server, e.g. -F (fsync off) or
# -c synchronous_commit=off. With -F, initdb also skips its fsyncs.
juxa_pg_start() {
  if (($# < 2)); then
    juxa_pg__die "usage: start DATA_DIR PORT [SERVER_OPTIONS...]"
    return 1
  fi
  local data_dir=$1 port=$2 bindir running_port opts o sock_dir out
  local -a initdb_extra=()
  shift 2 # the rest are server options
  [[ "$port" =~ ^[0-9]+$ ]] || { juxa_pg__die "port must be a number, got '$port'"; return 1; }
  data_dir=$(juxa_pg__abspath "$data_dir") || { juxa_pg__die "cannot create data directory $data_dir"; return 1; }
  JUXA_PG_STARTED=0

  bindir=$(juxa_pg_bindir "$data_dir") ||
    { juxa_pg__die "PostgreSQL server binaries not found (run: deploy/local/pg.sh ensure-installed)"; return 1; }

  if juxa_pg__is_root; then
    juxa_pg__ensure_postgres_user || return 1
    juxa_pg__make_reachable "$data_dir" || return 1
    if ! chown postgres:postgres "$data_dir" || ! chmod 700 "$data_dir"; then
      juxa_pg__die "could not hand $data_dir to the postgres user"
      return 1
    fi
  else
    if [[ ! -O "$data_dir" ]]; then
      juxa_pg__die "$data_dir is owned by $(stat -c %U "$data_dir"), not by you ($(id -un)); it was probably created by a root run: remove it or run as root"
      return 1
    fi
    chmod 700 "$data_dir"
  fi

  # Reuse a server that already runs on this data dir.
  if juxa_pg_status "$data_dir"; then
    running_port=$(sed -n '4p' "$data_dir/postmaster.pid" 2>/dev/null || true)
    if [[ "$running_port" != "$port" ]]; then
      juxa_pg__die "a PostgreSQL server already runs on $data_dir, but on port ${running_port:-?}, not $port: stop it first (deploy/local/pg.sh stop $data_dir)"
      return 1
    fi
    juxa_pg__say "PostgreSQL already running on 127.0.0.1:$port ($data_dir)… reusing it"
    return 0
  fi

  # A postmaster.pid with no postgres behind it (crash, reboot) would make the
  # new server refuse to start if its pid now belongs to another process.
  if [[ -f "$data_dir/postmaster.pid" ]]; then
    juxa_pg__say "note: removing stale $data_dir/postmaster.pid (no server is running)"
    rm -f "$data_dir/postmaster.pid"
  fi

  for o in "$@"; do
    [[ "$o" == -F ]] && initdb_extra=(--no-sync)
  done

  if [[ ! -f "$data_dir/PG_VERSION" ]]; then
    if [[ -n "$(ls -A "$data_dir" 2>/dev/null)" ]]; then
      juxa_pg__die "$data_dir is not empty but holds no PostgreSQL cluster (no PG_VERSION): refusing to touch it"
      return 1
    fi
    juxa_pg__part "initialising PostgreSQL data directory $data_dir… "
    # --auth=trust: the server only listens on 127.0.0.1 and a socket inside
    # its own 700 data dir; it is a local development/test server.
    if ! out=$(juxa_pg__run "$bindir/initdb" -D "$data_dir" -U postgres --auth=trust \
      -E UTF8 --locale=C.UTF-8 "${initdb_extra[@]}" 2>&1); then
      juxa_pg__say "failed"
      printf '%s\n' "$out" >&2
      juxa_pg__die "initdb failed"
      return 1
    fi
    juxa_pg__say "ok"
  fi

  # Unix socket paths are limited to ~107 bytes. If DATA_DIR is too deep, no
  # socket can be created and the server would refuse to start, so go TCP-only
  # (everything here connects over TCP anyway).
  sock_dir=$data_dir
  if ((${#data_dir} + ${#port} + 12 > 100)); then
    sock_dir=''
  fi
  # pg_ctl hands -o to /bin/sh, so quote each word for the shell.
  opts=$(printf '%q ' -p "$port" -h 127.0.0.1 -k "$sock_dir" "$@")

  juxa_pg__part "starting PostgreSQL on 127.0.0.1:$port… "
  if ! juxa_pg__run "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" \
    -o "$opts" -w -t 60 -s start >/dev/null 2>&1; then
    juxa_pg__say "failed"
    if [[ -f "$data_dir/server.log" ]]; then
      juxa_pg__say "--- last lines of $data_dir/server.log ---"
      tail -n 20 "$data_dir/server.log" >&2
    fi
    juxa_pg__die "PostgreSQL did not start (is port $port already in use?)"
    return 1
  fi
  JUXA_PG_STARTED=1
  juxa_pg__say "ok"
}

juxa_pg_stop() {
  if (($# != 1)); then
    juxa_pg__die "usage: stop DATA_DIR"
    return 1
  fi
  local data_dir bindir
  data_dir=$(juxa_pg__abs "$1")
  if ! juxa_pg_status "$data_dir"; then
    juxa_pg__say "PostgreSQL on $data_dir is not running"
    return 0
  fi
  bindir=$(juxa_pg_bindir "$data_dir") || return 1
  juxa_pg__part "stopping PostgreSQL ($data_dir)… "
  # fast: roll back open transactions and disconnect clients, then a clean
  # checkpoint. Fall back to immediate if that hangs.
  if juxa_pg__run "$bindir/pg_ctl" -D "$data_dir" -m fast -w -t 60 -s stop >/dev/null 2>&1 ||
    juxa_pg__run "$bindir/pg_ctl" -D "$data_dir" -m immediate -w -t 30 -s stop >/dev/null 2>&1; then
    juxa_pg__say "ok"
    return 0
  fi
  juxa_pg__say "failed"
  juxa_pg__die "could not stop PostgreSQL on $data_dir"
}

# restart DATA_DIR: pg_ctl restart -m fast (clients are disconnected; the server
# comes back with the options it was started with). The cluster fault tests use it.
juxa_pg_restart() {
  if (($# != 1)); then
    juxa_pg__die "usage: restart DATA_DIR"
    return 1
  fi
  local data_dir bindir
  data_dir=$(juxa_pg__abs "$1")
  juxa_pg_status "$data_dir" || { juxa_pg__die "PostgreSQL on $data_dir is not running"; return 1; }
  bindir=$(juxa_pg_bindir "$data_dir") || return 1
  juxa_pg__part "restarting PostgreSQL ($data_dir)… "
  if juxa_pg__run "$bindir/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -m fast -w -t 60 -s restart >/dev/null 2>&1; then
    juxa_pg__say "ok"
    return 0
  fi
  juxa_pg__say "failed"
  juxa_pg__die "could not restart PostgreSQL on $data_dir"
}

# 0 when something uses 127.0.0.1:PORT (or the port on any address).
juxa_pg__port_in_use() {
  local port=$1 out
  # All TCP sockets (any state) whose local port is PORT.
  if command -v ss >/dev/null 2>&1 && out=$(ss -Htan "sport = :$port" 2>/dev/null); then
    [[ -n "$out" ]]
    return
  fi
  # Without (a working) ss: a successful connect means a listener is there.
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port" 2>/dev/null
}

# Print a free TCP port. Picked from 20000-29999: below Linux's ephemeral range
# (32768+, where outgoing connections take their ports) and away from the
# Orleans defaults (11111, 30000).
juxa_pg_free_port() {
  local i port
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % 10000))
    if ! juxa_pg__port_in_use "$port"; then
      printf '%s\n' "$port"
      return 0
    fi
  done
  juxa_pg__die "no free TCP port found"
}

juxa_pg__psql() {
  local port=$1 bindir psql
  shift
  if bindir=$(juxa_pg_bindir 2>/dev/null) && [[ -x "$bindir/psql" ]]; then
    psql=$bindir/psql
  elif command -v psql >/dev/null 2>&1; then
    psql=$(command -v psql)
  else
    juxa_pg__die "psql not found"
    return 1
  fi
  # -X: ignore ~/.psqlrc; TCP as postgres (trust auth on our own servers).
  PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres "$@"
}

juxa_pg_createdb_if_missing() {
  if (($# != 2)); then
    juxa_pg__die "usage: createdb-if-missing PORT DBNAME"
    return 1
  fi
  local port=$1 db=$2
  juxa_pg__part "creating database $db (if missing)… "
  # psql does not interpolate variables in -c, so feed the SQL on stdin;
  # :'db' / %I quote the name properly.
  if ! juxa_pg__psql "$port" -d postgres -v db="$db" >/dev/null 2>&1 <<'SQL'; then
SELECT format('CREATE DATABASE %I', :'db')
WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
    juxa_pg__say "failed"
    juxa_pg__die "could not create database $db on 127.0.0.1:$port"
    return 1
  fi
  juxa_pg__say "ok"
}

juxa_pg_main() {
  local cmd=${1:-}
  (($# > 0)) && shift
  case "$cmd" in
  ensure-installed) juxa_pg_ensure_installed "$@" ;;
  start) juxa_pg_start "$@" ;;
  stop) juxa_pg_stop "$@" ;;
  restart) juxa_pg_restart "$@" ;;
  status)
    if juxa_pg_status "$@"; then echo running; else echo stopped; return 3; fi
    ;;
  free-port) juxa_pg_free_port ;;
  createdb-if-missing) juxa_pg_createdb_if_missing "$@" ;;
  bindir) juxa_pg_bindir "$@" ;;
  *)
    sed -n '2,/^$/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
    [[ -z "$cmd" || "$cmd" == -h || "$cmd" == --help || "$cmd" == help ]] && return 0
    return 2
    ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  juxa_pg_main "$@"
fi
