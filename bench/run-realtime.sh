#!/usr/bin/env bash
# Real-time fan-out: N SignalR clients (default 1000) connected to one
# workspace over WebSockets with the bootstrap API key, then REST writes
# (POST /api/v1/objects/companies/records), one at a time; for each write, the
# time from just before the POST until each client receives the matching
# recordCreated. The same writes are first timed with no client connected
# (the REST-alone baseline). Goal: p99 delivery <= 100 ms, every delivery.
#
#   bench/run-realtime.sh [options]
#
# Options:
#   --clients N     SignalR connections (default 1000)
#   --batch N       connections opened at once (default 50)
#   --writes N      measured writes per phase (default 20)
#   --warmup N      unmeasured writes before each phase (default 3)
#   --interval MS   pause between writes (default 200)
#   --goal MS       the p99 delivery goal (default 100)
#   --quick         100 clients, 5 writes (a smoke test, not a result)
#   --rev REV       measure this git revision (a clean export, built in the
#                   temp dir) instead of the working tree
#   --output FILE   the report (default bench/results/realtime-YYYY-MM-DD.md)
#   --keep          keep the temp dir (PostgreSQL data, API log)
#
# Needs: the .NET 10 SDK, curl, and a PostgreSQL server (deploy/local/pg.sh
# installs Debian's if none is found). Talks to 127.0.0.1 only. Raises the
# open-file limit to 65536 (as root; otherwise to the hard limit).
# Exit status: 0 goal met, 3 goal missed (latency, a lost delivery or a failed
# connect), other = error. The API and PostgreSQL it starts are stopped on
# exit, also on failure or Ctrl-C; the whole measurement is bounded by a
# timeout.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR/..
. "$repo/deploy/local/pg.sh"
# shellcheck disable=SC2034 # read by lib.sh
bench_name='run-realtime'
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$repo/bench/lib.sh"

clients=1000
batch=50
writes=20
warmup=3
interval=200
goal=100
output=''
rev=''
keep=0
cmdline=$(command_line "$@")

while (($# > 0)); do
  case "$1" in
  --clients) clients=${2:?--clients needs a value}; shift 2 ;;
  --batch) batch=${2:?--batch needs a value}; shift 2 ;;
  --writes) writes=${2:?--writes needs a value}; shift 2 ;;
  --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
  --interval) interval=${2:?--interval needs a value}; shift 2 ;;
  --goal) goal=${2:?--goal needs a value}; shift 2 ;;
  --quick) clients=100; writes=5; shift ;;
  --output) output=${2:?--output needs a value}; shift 2 ;;
  --rev) rev=${2:?--rev needs a value}; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option '$1'" ;;
  esac
done
for v in "$clients" "$batch" "$writes"; do [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "--clients, --batch and --writes take positive integers"; done
for v in "$warmup" "$interval" "$goal"; do [[ "$v" =~ ^[0-9]+$ ]] || die "--warmup, --interval and --goal take integers"; done
((clients <= 20000)) || die "--clients above 20000 is not supported"
output=${output:-$repo/bench/results/realtime-$(date -u +%F).md}

command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl not found"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# One file descriptor per client on each side, plus the rest: both the API and
# the clients are children of this shell and inherit the limit.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true
(($(ulimit -n) > clients * 2 + 1000)) ||
  say "warning: the open-file limit is $(ulimit -n), maybe too low for $clients clients"

api_pid=''
# shellcheck disable=SC2317 # called by bench_cleanup (lib.sh)
stop_processes() { stop_pid "$api_pid" "the API"; }
bench_setup realtime
api_port='' silo_port='' gateway_port=''
juxa_pg_ensure_installed

select_source "$repo" "$rev"
build "$api_root/src/Juxa.Api/Juxa.Api.csproj"
build "$repo/bench/Juxa.Bench.Realtime/Juxa.Bench.Realtime.csproj"
# Run copies, so that someone else's rebuild cannot swap the binaries mid-run.
mkdir -p "$tmp/api" "$tmp/bench" "$tmp/home"
cp -a "$api_root/src/Juxa.Api/bin/Release/net10.0/." "$tmp/api/"
cp -a "$repo/bench/Juxa.Bench.Realtime/bin/Release/net10.0/." "$tmp/bench/"
[[ -f "$tmp/api/Juxa.Api.dll" && -f "$tmp/bench/Juxa.Bench.Realtime.dll" ]] || die "build output not found"

pick_port pg_port
juxa_pg_start "$pg_data" "$pg_port" -F -c synchronous_commit=off
pg_ours=$JUXA_PG_STARTED
juxa_pg_createdb_if_missing "$pg_port" juxa_bench

pick_port api_port
pick_port silo_port
pick_port gateway_port
base=http://127.0.0.1:$api_port
log=$tmp/api.log
say "starting the API (http $api_port, silo $silo_port, gateway $gateway_port)…"
# Every client uses the bootstrap key, so lift the per-credential cap of 100 connections (docs/realtime.md).
start_api bench-realtime "$base" "$log" Juxa__Realtime__MaxConnectionsPerCredential=0
wait_ready "$api_pid" "$base/health/ready" "$log" "the API"

mkdir -p "$(dirname "$output")"
# Bounded: connecting, (warm-up + writes) x 2 phases with a 10 s delivery
# timeout each, and closing; far more than a healthy run needs.
limit=$((300 + (clients / batch + 1) * 30 + (warmup + writes) * 2 * 12))
status=0
timeout --kill-after=10 "$limit" dotnet "$tmp/bench/Juxa.Bench.Realtime.dll" \
  --url "$base" --key "$key" --clients "$clients" --batch "$batch" --writes "$writes" --warmup "$warmup" \
  --interval "$interval" --goal "$goal" --output "$output" --command "$cmdline" --source "$source_desc" || status=$?
if ((status != 0 && status != 3)); then
  tail -n 20 "$log" >&2
  die "the benchmark failed with status $status (API log above)"
fi
if grep -qiE '\b(fail|crit)\b' "$log"; then say "note: the API log has errors (kept with --keep): $(grep -ciE '\b(fail|crit)\b' "$log") line(s)"; fi
exit "$status"
