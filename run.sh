#!/usr/bin/env bash
# Start Juxa on this machine: one Juxa.Api process (co-hosting its Orleans
# silo) next to a private local PostgreSQL.
#
#   ./run.sh [extra arguments for Juxa.Api]
#
# Environment (all optional):
#   JUXA_HOME                 state directory (default: <repo>/.juxa); holds
#                             pgdata/ and the bootstrap admin key
#   ConnectionStrings__Juxa   use this PostgreSQL instead of starting one
#   JUXA_PG_PORT              port of the local PostgreSQL (default 54329)
#   ASPNETCORE_URLS           where the API listens (default http://localhost:3077)
#
# A port that is already taken (ASPNETCORE_URLS, the co-hosted silo's Juxa__Orleans__SiloPort and
# __GatewayPort) stops it at once, before the build, with one line naming the setting.
# Ctrl-C (or SIGTERM) stops the API, then the PostgreSQL this script started.
# Data stays in $JUXA_HOME, so the next run picks up where this one stopped.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=deploy/local/pg.sh
. "$repo/deploy/local/pg.sh"

# A JUXA_HOME given by the caller is relative to where they stand; the default
# lives in the repo whatever the current directory.
JUXA_HOME=${JUXA_HOME:-$repo/.juxa}
# Created private (it holds the bootstrap key and the database); pg.sh adds only
# "others may traverse" when, as root, the postgres user must reach pgdata/ in it.
(umask 077 && mkdir -p "$JUXA_HOME")
JUXA_HOME=$(cd "$JUXA_HOME" && pwd -P)
export JUXA_HOME

export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://localhost:3077}
export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}
export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}

api_project=$repo/src/Juxa.Api/Juxa.Api.csproj
pg_data=$JUXA_HOME/pgdata
pg_port=${JUXA_PG_PORT:-54329}
pg_ours=0 # 1 once we started PostgreSQL (and so must stop it)
api_pid=''

# Stop the API first (it holds connections and writes on shutdown), then our
# PostgreSQL. Runs once, on any exit: normal, error, Ctrl-C or SIGTERM.
# shellcheck disable=SC2317 # only called from the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM HUP
  # Finish the clean-up even if our output is gone: `./run.sh | tee log`
  # loses tee to the same Ctrl-C, and a write to the dead pipe must not kill
  # us (SIGPIPE) or stop us (set -e) before PostgreSQL is stopped.
  set +e
  trap '' PIPE
  if [[ -n "$api_pid" ]] && kill -0 "$api_pid" 2>/dev/null; then
    echo 'stopping Juxa…'
    kill -TERM "$api_pid" 2>/dev/null || true
    # The host drains requests and the silo leaves the cluster gracefully;
    # give it well over ASP.NET Core's 30 s shutdown timeout, then insist.
    local i
    for ((i = 0; i < 450; i++)); do
      kill -0 "$api_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$api_pid" 2>/dev/null; then
      kill -KILL "$api_pid" 2>/dev/null || true
      echo 'Juxa did not stop within 45 s: killed it'
    else
      echo 'Juxa stopped'
    fi
    wait "$api_pid" 2>/dev/null || true
  fi
  if ((pg_ours)); then
    juxa_pg_stop "$pg_data" || status=1
  fi
  exit "$status"
}
trap cleanup EXIT
# exit runs the EXIT trap (cleanup); 129/130/143 are the usual "killed by
# SIGHUP/SIGINT/SIGTERM" statuses. HUP: the terminal was closed.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

command -v dotnet >/dev/null 2>&1 || { echo "run.sh: dotnet not found: install the .NET 10 SDK" >&2; exit 1; }

# A port that is already taken stops us here, before the build and PostgreSQL, naming the setting to change: Juxa
# itself binds its HTTP port last, after its silo has started, and then stops with the silo's shutdown log first.
# check_port_free HOST PORT SETTING, HOST as Juxa binds it: an address, localhost (both loopbacks) or +/* (every
# address). Listening sockets only (ss -l): connections of a run that just stopped linger in TIME_WAIT and take nothing.
check_port_free() {
  local host=$1 port=$2 setting=$3 listener
  command -v ss >/dev/null 2>&1 || return 0
  while read -r listener; do
    # A listener on every address, or we bind every address or both loopbacks, or the same address: they collide.
    case "${listener%:*}|$host" in
    '0.0.0.0|'* | '*|'* | '[::]|'* | *'|+' | *'|*' | *'|0.0.0.0' | *'|[::]' | *'|localhost' | "$host|$host") ;;
    *) continue ;;
    esac
    echo "run.sh: port $port ($setting) is already in use (a process listens on $listener): stop it, or set $setting to a free port" >&2
    exit 1
  done < <(ss -Hltn "sport = :$port" 2>/dev/null | awk '{ print $4 }')
}
IFS=';' read -r -a urls <<<"$ASPNETCORE_URLS"
for u in "${urls[@]}"; do
  hostport=${u#*://}
  hostport=${hostport%%/*}
  # Only an explicit port (http://host:PORT, http://[::1]:PORT); a URL without one is left to Juxa.
  if [[ "${hostport##*:}" =~ ^[0-9]+$ && "$hostport" != *']' ]]; then
    check_port_free "${hostport%:*}" "${hostport##*:}" ASPNETCORE_URLS
  fi
done
if [[ "${Juxa__Orleans__Mode:-CoHosted}" != Client ]]; then
  # The co-hosted silo binds its advertised address (loopback unless set), or every address when asked to.
  silo_host=${Juxa__Orleans__AdvertisedAddress:-127.0.0.1}
  [[ "${Juxa__Orleans__ListenOnAnyAddress:-false}" == [Tt]rue ]] && silo_host='*'
  check_port_free "$silo_host" "${Juxa__Orleans__SiloPort:-11111}" Juxa__Orleans__SiloPort
  check_port_free "$silo_host" "${Juxa__Orleans__GatewayPort:-30000}" Juxa__Orleans__GatewayPort
fi

if [[ -z "${ConnectionStrings__Juxa:-}" ]]; then
  juxa_pg_ensure_installed
fi

echo "building Juxa.Api (Release)…"
if ! dotnet build "$api_project" -c Release -nologo -v quiet; then
  echo "run.sh: build failed (see the errors above)" >&2
  exit 1
fi

if [[ -z "${ConnectionStrings__Juxa:-}" ]]; then
  juxa_pg_start "$pg_data" "$pg_port"
  pg_ours=$JUXA_PG_STARTED
  juxa_pg_createdb_if_missing "$pg_port" juxa
  export ConnectionStrings__Juxa="Host=127.0.0.1;Port=$pg_port;Database=juxa;Username=postgres"
else
  echo "using the PostgreSQL in ConnectionStrings__Juxa (not starting one)"
fi

# Where the build put the dll (respects any custom output path), falling back
# to the conventional location.
api_dll=$(dotnet msbuild "$api_project" -nologo -getProperty:TargetPath -p:Configuration=Release 2>/dev/null || true)
if [[ -z "$api_dll" || ! -f "$api_dll" ]]; then
  api_dll=$repo/src/Juxa.Api/bin/Release/net10.0/Juxa.Api.dll
fi
[[ -f "$api_dll" ]] || { echo "run.sh: $api_dll not found after the build" >&2; exit 1; }

# The first URL, with a wildcard host made into something curl can reach.
url=${ASPNETCORE_URLS%%;*}
url=$(printf '%s' "$url" | sed -E 's#://(\*|\+|0\.0\.0\.0|\[::\])#://localhost#')
key_file=$JUXA_HOME/bootstrap-admin-key
stop_what='Juxa'
((pg_ours)) && stop_what='Juxa and its PostgreSQL'

# Where the admin key is. Juxa bootstraps once, on its first start against an empty database, and writes the file
# only for a key it generates; a key given in JUXA_BOOTSTRAP_API_KEY is registered as is and written nowhere (and is
# ignored by a database that is already bootstrapped, whose key is then the saved one).
if [[ -f "$key_file" ]]; then
  key_where="saved by Juxa on its first start (never printed) in $key_file (mode 0600)"
  key_read="\$(cat $key_file)"
elif [[ -n "${JUXA_BOOTSTRAP_API_KEY:-}" ]]; then
  key_where='the one in JUXA_BOOTSTRAP_API_KEY (Juxa writes no file for a key it is given)'
  # shellcheck disable=SC2016 # printed for the operator's shell to expand, not expanded here (it is a secret)
  key_read='$JUXA_BOOTSTRAP_API_KEY'
else
  key_where="generated by Juxa on its first start against an empty database (never printed), saved in $key_file (mode 0600)"
  key_read="\$(cat $key_file)"
fi

cat <<EOF

Juxa is starting at $url
  applying database migrations (at start-up, under an advisory lock)…
  bootstrap admin API key: $key_where
  try:
    curl -H "Authorization: Bearer $key_read" $url/api/v1/workspace
  press Ctrl-C to stop $stop_what

EOF

# Run from the project directory, as `dotnet run` would: that is the content
# root where appsettings*.json live. Run the built dll itself (not `dotnet
# run`) so that our signal reaches the app directly. It runs in the background
# with `wait`, because bash runs traps only between commands: a foreground
# child would keep SIGTERM from reaching cleanup until it exited by itself.
cd "$repo/src/Juxa.Api"
dotnet "$api_dll" "$@" &
api_pid=$!
status=0
wait "$api_pid" || status=$?
api_pid=''
echo "Juxa exited with status $status"
exit "$status"
