#!/usr/bin/env bash
# A Juxa cluster on this machine, with no container engine: N Juxa.Silo
# processes and M Juxa.Api processes (Orleans clients, Juxa:Orleans:Mode=Client)
# on distinct free 127.0.0.1 ports, sharing one PostgreSQL (the same .juxa/
# server and database that ./run.sh uses, or the one in ConnectionStrings__Juxa).
#
#   deploy/local/cluster.sh up [--silos N] [--apis M] [--no-build]
#   deploy/local/cluster.sh status
#   deploy/local/cluster.sh down
#
# up      makes the cluster N silos and M API nodes (default 2 and 2): it starts
#         the nodes that are missing or dead (silos first), stops surplus ones
#         (the highest numbers), waits until every node answers /health/ready,
#         and prints the API URLs. Run it again to scale up or down.
#         --no-build runs the dlls already built (tests and benches do).
# status  one line per node (name, pid, state, URL, silo/gateway ports); exit
#         status 0 when every node runs, 3 otherwise.
# down    stops every node it started (SIGTERM, so silos leave the cluster
#         gracefully; SIGKILL after 45 s), then the PostgreSQL it started.
#
# Environment (all optional):
#   JUXA_HOME                 state directory (default: <repo>/.juxa). Nodes'
#                             logs, pids and the node list go to
#                             $JUXA_HOME/cluster/; PostgreSQL data to pgdata/.
#   ConnectionStrings__Juxa   use this PostgreSQL instead of starting one
#   JUXA_PG_PORT              port of the local PostgreSQL (default 54329)
#   JUXA_CLUSTER_CONFIGURATION  build configuration to run (default Release)
#   JUXA_CLUSTER_READY_TIMEOUT  seconds to wait for a node's /health/ready (default 180)
# Every other variable is passed on to the nodes: e.g. Juxa__Orleans__ClusterId
# (default juxa, the same cluster as ./run.sh's co-hosted silo), or
# API_KEY_RATE_LIMIT_PER_MINUTE.
#
# Works as root (PostgreSQL then runs as the postgres user) and as a normal user.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR
. "$repo/deploy/local/pg.sh"

die() { printf 'cluster.sh: error: %s\n' "$*" >&2; exit 1; }
say() { printf '%s\n' "$*" >&2; }
usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

JUXA_HOME=${JUXA_HOME:-$repo/.juxa}
mkdir -p "$JUXA_HOME"
JUXA_HOME=$(cd "$JUXA_HOME" && pwd -P)
export JUXA_HOME
state=$JUXA_HOME/cluster
nodes_file=$state/nodes
configuration=${JUXA_CLUSTER_CONFIGURATION:-Release}
ready_timeout=${JUXA_CLUSTER_READY_TIMEOUT:-180}
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}
export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}

# The node list: one line per node, "name pid http_url silo_port gateway_port"
# (ports are 0 for API nodes). Kept for dead nodes too, until up or down.
declare -a names=() pids=() urls=() silo_ports=() gateway_ports=()
load_nodes() {
  names=() pids=() urls=() silo_ports=() gateway_ports=()
  [[ -f "$nodes_file" ]] || return 0
  local n p u s g
  while read -r n p u s g; do
    [[ -n "$n" ]] || continue
    names+=("$n") pids+=("$p") urls+=("$u") silo_ports+=("$s") gateway_ports+=("$g")
  done <"$nodes_file"
}
save_nodes() {
  local i tmp_file=$nodes_file.tmp
  : >"$tmp_file"
  for i in "${!names[@]}"; do
    [[ -n "${names[$i]}" ]] || continue
    printf '%s %s %s %s %s\n' "${names[$i]}" "${pids[$i]}" "${urls[$i]}" "${silo_ports[$i]}" "${gateway_ports[$i]}" >>"$tmp_file"
  done
  mv "$tmp_file" "$nodes_file"
}

# 0 if PID is alive and still one of our Juxa processes (after a reboot the
# pid may belong to something else).
node_alive() {
  local pid=$1
  [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null || return 1
  [[ -r /proc/$pid/cmdline ]] || return 0
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'Juxa\.\(Silo\|Api\)\.dll'
}

kind_of() { [[ "$1" == silo-* ]] && echo silo || echo api; }

# Ports handed out by this invocation, so two nodes never get the same one.
ports_used=''
free_port() {
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$(juxa_pg_free_port) || die "no free port"
    if [[ " $ports_used " != *" $p "* ]]; then
      ports_used+=" $p"
      printf '%s\n' "$p"
      return 0
    fi
  done
  die "no free port found"
}

dll_path() {
  local project=$1
  printf '%s\n' "$repo/src/$project/bin/$configuration/net10.0/$project.dll"
}

connection_string() {
  if [[ -n "${ConnectionStrings__Juxa:-}" ]]; then
    printf '%s\n' "$ConnectionStrings__Juxa"
  elif [[ -f "$state/connection" ]]; then
    cat "$state/connection"
  fi
}

# The PostgreSQL run.sh uses: $JUXA_HOME/pgdata on JUXA_PG_PORT, database juxa.
# A server that already runs there (run.sh's) is reused and left running.
ensure_postgres() {
  if [[ -n "${ConnectionStrings__Juxa:-}" ]]; then
    printf '%s\n' "$ConnectionStrings__Juxa" >"$state/connection"
    return 0
  fi
  local pg_port=${JUXA_PG_PORT:-54329}
  juxa_pg_ensure_installed
  juxa_pg_start "$JUXA_HOME/pgdata" "$pg_port"
  # Only a server this script started is stopped by down (never run.sh's).
  if ((JUXA_PG_STARTED)); then
    printf '%s\n' "$JUXA_HOME/pgdata" >"$state/pg-started"
  fi
  juxa_pg_createdb_if_missing "$pg_port" juxa
  printf '%s\n' "Host=127.0.0.1;Port=$pg_port;Database=juxa;Username=postgres" >"$state/connection"
}

# start_node NAME: launch it in its own session (so that a Ctrl-C in this
# terminal does not reach it), logs in $state/NAME.log. Appends to the arrays.
start_node() {
  local name=$1 kind project dir http silo=0 gateway=0 pid
  kind=$(kind_of "$name")
  local -a settings=()
  http=$(free_port)
  if [[ "$kind" == silo ]]; then
    project=Juxa.Silo
    silo=$(free_port)
    gateway=$(free_port)
    settings=(Juxa__Orleans__SiloPort="$silo" Juxa__Orleans__GatewayPort="$gateway")
  else
    project=Juxa.Api
    settings=(Juxa__Orleans__Mode=Client)
  fi
  dir=$(dirname "$(dll_path "$project")")
  [[ -f "$dir/$project.dll" ]] || die "$dir/$project.dll not found: build first (run without --no-build)"
  # Run from the bin directory: it is the content root, where appsettings.json is.
  (
    cd "$dir"
    exec setsid env ConnectionStrings__Juxa="$(cat "$state/connection")" JUXA_HOME="$JUXA_HOME" \
      ASPNETCORE_URLS="http://127.0.0.1:$http" "${settings[@]}" dotnet "$project.dll"
  ) >>"$state/$name.log" 2>&1 </dev/null &
  pid=$!
  printf '%s\n' "$pid" >"$state/$name.pid"
  names+=("$name") pids+=("$pid") urls+=("http://127.0.0.1:$http") silo_ports+=("$silo") gateway_ports+=("$gateway")
  save_nodes
  if [[ "$kind" == silo ]]; then
    say "started $name (pid $pid, http $http, silo $silo, gateway $gateway), log $state/$name.log"
  else
    say "started $name (pid $pid, http $http), log $state/$name.log"
  fi
}

stop_pid() {
  local pid=$1 name=$2 i
  node_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 450; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  say "$name (pid $pid) did not stop within 45 s: killing it"
  kill -KILL "$pid" 2>/dev/null || true
}

# stop_node INDEX: stop the node and drop it from the list.
stop_node() {
  local i=$1
  say "stopping ${names[$i]} (pid ${pids[$i]})…"
  stop_pid "${pids[$i]}" "${names[$i]}"
  rm -f "$state/${names[$i]}.pid"
  names[i]=''
  save_nodes
  load_nodes
}

wait_ready() {
  local i=$1 deadline=$((SECONDS + ready_timeout))
  until curl -fsS -o /dev/null --max-time 5 "${urls[$i]}/health/ready" 2>/dev/null; do
    # kill -0, not node_alive: a node just started may not have exec'd dotnet yet.
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      tail -n 40 "$state/${names[$i]}.log" >&2
      die "${names[$i]} exited during start-up (log above: $state/${names[$i]}.log)"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$state/${names[$i]}.log" >&2
      die "${names[$i]} was not ready within $ready_timeout s (log above: $state/${names[$i]}.log)"
    fi
    sleep 0.5
  done
}

# Numbers of the nodes of KIND in the list, alive ones only.
alive_numbers() {
  local kind=$1 i
  for i in "${!names[@]}"; do
    [[ "${names[$i]}" == "$kind"-* ]] && node_alive "${pids[$i]}" && printf '%s\n' "${names[$i]#"$kind"-}"
  done | sort -n
}

index_of() {
  local i
  for i in "${!names[@]}"; do [[ "${names[$i]}" == "$1" ]] && { printf '%s\n' "$i"; return 0; }; done
  return 1
}

# scale KIND COUNT: stop surplus nodes, start missing ones (filling the lowest free numbers).
scale() {
  local kind=$1 count=$2 n i
  local -a alive
  mapfile -t alive < <(alive_numbers "$kind")
  while ((${#alive[@]} > count)); do
    n=${alive[-1]}
    unset 'alive[-1]'
    stop_node "$(index_of "$kind-$n")"
  done
  for ((n = 1; ${#alive[@]} < count; n++)); do
    [[ " ${alive[*]} " == *" $n "* ]] && continue
    # A dead node of that name (killed, crashed) is replaced.
    if i=$(index_of "$kind-$n"); then names[i]=''; save_nodes; load_nodes; fi
    start_node "$kind-$n"
    alive+=("$n")
  done
}

cmd_up() {
  local silos=2 apis=2 build=1 i
  while (($# > 0)); do
    case "$1" in
    --silos) silos=${2:?--silos needs a number}; shift 2 ;;
    --apis) apis=${2:?--apis needs a number}; shift 2 ;;
    --no-build) build=0; shift ;;
    *) usage >&2; die "unknown option '$1'" ;;
    esac
  done
  [[ "$silos" =~ ^[0-9]+$ && "$apis" =~ ^[0-9]+$ ]] || die "--silos and --apis take numbers"
  ((silos > 0 || apis == 0)) || die "API nodes need at least one silo"
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
  command -v curl >/dev/null 2>&1 || die "curl not found"
  mkdir -p "$state"

  if ((build)); then
    for project in Juxa.Silo Juxa.Api; do
      say "building $project ($configuration)…"
      dotnet build "$repo/src/$project/$project.csproj" -c "$configuration" -nologo -v quiet >"$state/build.log" 2>&1 ||
        { tail -n 40 "$state/build.log" >&2; die "building $project failed (log: $state/build.log)"; }
    done
  fi
  ensure_postgres

  load_nodes
  # Silos first: an API node (an Orleans client) needs a gateway to start.
  scale silo "$silos"
  for i in "${!names[@]}"; do [[ "${names[$i]}" == silo-* ]] && wait_ready "$i"; done
  scale api "$apis"
  for i in "${!names[@]}"; do [[ "${names[$i]}" == api-* ]] && wait_ready "$i"; done

  say ''
  say "Juxa cluster up: $silos silo(s), $apis API node(s) (state: $state)"
  for i in "${!names[@]}"; do
    [[ "${names[$i]}" == api-* ]] && printf '%s\n' "${urls[$i]}"
  done
  say "bootstrap admin API key (written by the first node on a fresh database): $JUXA_HOME/bootstrap-admin-key"
  # down finds the nodes in $JUXA_HOME: name a JUXA_HOME other than the default, or down would look in the wrong place.
  if [[ "$JUXA_HOME" == "$repo/.juxa" ]]; then say "stop with: $0 down"; else say "stop with: JUXA_HOME=$JUXA_HOME $0 down"; fi
}

cmd_status() {
  local i state_word all=0 connection
  load_nodes
  if ((${#names[@]} == 0)); then
    say "no cluster nodes in $state"
    return 3
  fi
  connection=$(connection_string)
  printf '%-8s %-8s %-6s %-24s %s\n' NODE PID STATE URL 'SILO/GATEWAY PORTS'
  for i in "${!names[@]}"; do
    if node_alive "${pids[$i]}"; then
      if curl -fsS -o /dev/null --max-time 2 "${urls[$i]}/health/ready" 2>/dev/null; then state_word=ready; else state_word=up; all=3; fi
    else
      state_word=dead
      all=3
    fi
    printf '%-8s %-8s %-6s %-24s %s\n' "${names[$i]}" "${pids[$i]}" "$state_word" "${urls[$i]}" \
      "$([[ "${silo_ports[$i]}" != 0 ]] && echo "${silo_ports[$i]}/${gateway_ports[$i]}")"
  done
  # Without its password, however it is spelt: Npgsql's keywords ignore case and take Pwd/Psw for Password.
  [[ -n "$connection" ]] && say "database: $(printf '%s' "$connection" | sed -E 's/(^|;)[[:space:]]*(password|pwd|psw)[[:space:]]*=[^;]*/\1/Ig; s/;;+/;/g; s/^;|;$//g')"
  return "$all"
}

cmd_down() {
  local i pg_data
  load_nodes
  # API nodes first (they are clients of the silos), then the silos.
  for i in "${!names[@]}"; do [[ "${names[$i]}" == api-* ]] && stop_pid "${pids[$i]}" "${names[$i]}" &
  done
  wait
  for i in "${!names[@]}"; do [[ "${names[$i]}" == silo-* ]] && stop_pid "${pids[$i]}" "${names[$i]}" &
  done
  wait
  for i in "${!names[@]}"; do rm -f "$state/${names[$i]}.pid"; done
  rm -f "$nodes_file"
  ((${#names[@]} == 0)) || say "stopped ${#names[@]} node(s)"
  if [[ -f "$state/pg-started" ]]; then
    pg_data=$(cat "$state/pg-started")
    juxa_pg_stop "$pg_data"
    rm -f "$state/pg-started"
  fi
  rm -f "$state/connection"
}

cmd=${1:-}
(($# > 0)) && shift
case "$cmd" in
up) cmd_up "$@" ;;
status) cmd_status "$@" ;;
down) cmd_down "$@" ;;
-h | --help | help | '') usage ;;
*) usage >&2; exit 2 ;;
esac
