# shellcheck shell=bash
# shellcheck disable=SC2154 # bench_name, tmp and ports_used are the caller's
# Helpers the bench drivers (run-*.sh) share. Source it after deploy/local/pg.sh and after setting
# bench_name; pick_port and build use the caller's $ports_used and $tmp, read when they are called.

die() { printf '%s: error: %s\n' "$bench_name" "$*" >&2; exit 1; }
say() { printf '%s\n' "$*" >&2; }

# command_line ARGS...: the driver's command as typed, for its report (bench/NAME.sh and its arguments; a word
# that needs it is in single quotes).
command_line() {
  local line="bench/${0##*/}" a
  for a in "$@"; do
    if [[ "$a" =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then line+=" $a"; else line+=" '${a//\'/\'\\\'\'}'"; fi
  done
  printf '%s' "$line"
}

# usage: the driver's header comment (from line 2 to `set -euo`), which is its help text.
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }

# pick_port VAR: set VAR to a free port not yet handed out by this script
# (pg.sh picks from 20000-29999, away from the usual 3077/11111/30000/5432).
pick_port() {
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$(juxa_pg_free_port)
    if [[ " $ports_used " != *" $p "* ]]; then
      ports_used+=" $p"
      printf -v "$1" '%s' "$p"
      return 0
    fi
  done
  die "no free port found"
}

# build PROJECT: a Release build, log in $tmp/build.log, shown on failure.
build() {
  local project=$1
  say "building $project (Release)…"
  # One retry: a concurrent build of the same project can hold its obj/ files.
  dotnet build "$project" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 ||
    { sleep 5; dotnet build "$project" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1; } ||
    { tail -n 40 "$tmp/build.log" >&2; die "building $project failed"; }
}

# stop_pid PID NAME: TERM, wait up to 45 s (the silo leaves its cluster gracefully), then KILL.
# shellcheck disable=SC2317 # called from the drivers' cleanup traps
stop_pid() {
  local pid=$1 name=$2 i
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 450; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      say "$name (pid $pid) did not stop within 45 s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

# wait_ready PID URL LOG NAME: until URL answers 2xx; dies if the process exits or after 180 s.
wait_ready() {
  local pid=$1 url=$2 log=$3 name=$4 i
  for ((i = 0; i < 1800; i++)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$log" >&2
      die "$name exited during start-up (log above)"
    fi
    curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  tail -n 40 "$log" >&2
  die "$name was not ready within 180 s (log above)"
}

# select_source REPO REV: sets api_root (what to build the API from) and source_desc (for the report):
# REV exported cleanly into $tmp/src, or the working tree when REV is empty.
# shellcheck disable=SC2034 # api_root and source_desc are the caller's
select_source() {
  local repo=$1 rev=$2 sha changed
  if [[ -n "$rev" ]]; then
    sha=$(git -C "$repo" rev-parse --verify --quiet "$rev^{commit}") || die "--rev $rev is not a commit of $repo"
    mkdir -p "$tmp/src"
    git -C "$repo" archive "$sha" | tar -x -C "$tmp/src"
    api_root=$tmp/src
    source_desc="commit $(git -C "$repo" log -1 --format='%h (%cs) %s' "$sha"), built from a clean export (--rev $rev)"
  else
    api_root=$repo
    source_desc='the working tree (not a git checkout)'
    if git -C "$repo" rev-parse --git-dir >/dev/null 2>&1; then
      changed=$(git -C "$repo" status --porcelain -- src deploy/sql | wc -l | tr -d ' ')
      source_desc="the working tree on $(git -C "$repo" log -1 --format='%h (%cs)'), with $changed changed/untracked path(s) under src/ and deploy/sql/ at build time"
    fi
  fi
}

# start_api CLUSTER URL LOG [NAME=VALUE ...]: starts the API copied into $tmp/api in the background (co-hosted
# silo on $silo_port/$gateway_port, database juxa_bench on $pg_port, bootstrap key $key, rate limit off, warnings
# only), with the extra settings given; sets api_pid. Variables that would change what is measured are pinned or removed.
# shellcheck disable=SC2034 # api_pid is the caller's
start_api() {
  local cluster=$1 url=$2 log=$3
  shift 3
  (
    cd "$tmp/api" || exit 1
    exec env -u OTEL_EXPORTER_OTLP_ENDPOINT \
      ConnectionStrings__Juxa="Host=127.0.0.1;Port=$pg_port;Database=juxa_bench;Username=postgres" \
      JUXA_HOME="$tmp/home" \
      ASPNETCORE_URLS="$url" \
      ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      JUXA_BOOTSTRAP_API_KEY="$key" \
      API_KEY_RATE_LIMIT_PER_MINUTE=0 \
      Juxa__Orleans__Mode=CoHosted \
      Juxa__Orleans__ClusterId="$cluster" \
      Juxa__Orleans__ServiceId="$cluster" \
      Juxa__Orleans__SiloPort="$silo_port" \
      Juxa__Orleans__GatewayPort="$gateway_port" \
      Logging__LogLevel__Default=Warning \
      "$@" \
      dotnet "$tmp/api/Juxa.Api.dll"
  ) >"$log" 2>&1 &
  api_pid=$!
}

# bench_setup PREFIX: the state every driver shares (the bench API key, a temp dir juxa-PREFIX.*, the
# PostgreSQL variables pg.sh fills in, the ports handed out so far) and the exit handling: on any exit
# bench_cleanup calls the driver's stop_processes, stops PostgreSQL if this run started it, and removes
# the temp dir (kept with --keep, or after a failure for its logs). Exit status 3 is "goal missed".
bench_setup() {
  key=oc_sk_bench_0123456789abcdefghijklmnopqrstuv
  tmp=$(mktemp -d -t "juxa-$1.XXXXXX")
  pg_data=$tmp/pgdata
  pg_port=''
  pg_ours=0
  ports_used=''
  trap bench_cleanup EXIT
  trap 'exit 129' HUP
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

# shellcheck disable=SC2317 # only called from the EXIT trap
bench_cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  set +e
  trap '' PIPE
  stop_processes
  if ((pg_ours)); then juxa_pg_stop "$pg_data" || status=1; fi
  if ((keep)) || ((status != 0 && status != 3)); then say "temp dir kept: $tmp"; else rm -rf "$tmp"; fi
  exit "$status"
}
