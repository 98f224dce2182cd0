#!/usr/bin/env bash
# Chat streaming latency (issue 5): the time from the model provider writing
# its first text chunk to the chat client having the first `delta` event, with
# one stream and with 100 concurrent streams, against a baseline read straight
# from the provider in the same run. Goal: single-stream median <= 5 ms, and
# the 100-stream median within 2x the single-stream median.
#
# Starts a throwaway PostgreSQL and the API (Release, co-hosted silo, rate
# limit off) whose Juxa__Llm__Endpoint points at a port of
# bench/Juxa.Bench.Chat, which then hosts the OpenAI-compatible fake provider
# of the tests there, streams completions through the API (API key,
# legalAssistantMode) and reads the same replies straight from the fake.
#
#   bench/run-chat.sh [options]
#
# Options:
#   --streams N       single-stream samples each way (default 50)
#   --concurrency N   streams at once (default 100)
#   --rounds N        measured streams per concurrent worker, each way (default 3)
#   --warmup N        warm-up streams each way (default 10)
#   --chunks N        text chunks per reply (default 100)
#   --chunk-delay MS  pause between chunks (default 20: a model writing ~50 tokens/s)
#   --quick           20 streams, 20 open at once (a smoke test, not a result)
#   --rev REV         measure this git revision (a clean export, built in the
#                     temp dir) instead of the working tree
#   --output FILE     the report (default bench/results/chat-YYYY-MM-DD.md)
#   --keep            keep the temp dir (PostgreSQL data, API log)
#
# Needs: the .NET 10 SDK, curl, and a PostgreSQL server (deploy/local/pg.sh
# installs Debian's if none is found). Talks to 127.0.0.1 only.
# Exit status: 0 goal met, 3 goal missed, other = error. The API and
# PostgreSQL it starts are stopped on exit, also on failure or Ctrl-C.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR/..
. "$repo/deploy/local/pg.sh"
# shellcheck disable=SC2034 # read by lib.sh
bench_name='run-chat'
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$repo/bench/lib.sh"

streams=50
concurrency=100
rounds=3
warmup=10
chunks=100
chunk_delay=20
output=''
rev=''
keep=0
cmdline=$(command_line "$@")

while (($# > 0)); do
  case "$1" in
  --streams) streams=${2:?--streams needs a value}; shift 2 ;;
  --concurrency) concurrency=${2:?--concurrency needs a value}; shift 2 ;;
  --rounds) rounds=${2:?--rounds needs a value}; shift 2 ;;
  --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
  --chunks) chunks=${2:?--chunks needs a value}; shift 2 ;;
  --chunk-delay) chunk_delay=${2:?--chunk-delay needs a value}; shift 2 ;;
  --quick) streams=20; concurrency=20; rounds=2; warmup=3; chunks=20; shift ;;
  --output) output=${2:?--output needs a value}; shift 2 ;;
  --rev) rev=${2:?--rev needs a value}; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option '$1'" ;;
  esac
done
for v in "$streams" "$concurrency" "$rounds" "$chunks"; do [[ "$v" =~ ^[1-9][0-9]*$ ]] || die "--streams, --concurrency, --rounds and --chunks take positive integers"; done
for v in "$warmup" "$chunk_delay"; do [[ "$v" =~ ^[0-9]+$ ]] || die "--warmup and --chunk-delay take integers"; done
output=${output:-$repo/bench/results/chat-$(date -u +%F).md}

command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl not found"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

api_pid=''
# shellcheck disable=SC2317 # called by bench_cleanup (lib.sh)
stop_processes() { stop_pid "$api_pid" "the API"; }
bench_setup chat
api_port='' silo_port='' gateway_port='' fake_port=''
juxa_pg_ensure_installed

select_source "$repo" "$rev"
build "$api_root/src/Juxa.Api/Juxa.Api.csproj"
build "$repo/bench/Juxa.Bench.Chat/Juxa.Bench.Chat.csproj"
# Run copies, so that someone else's rebuild cannot swap the binaries mid-run.
mkdir -p "$tmp/api" "$tmp/bench" "$tmp/home"
cp -a "$api_root/src/Juxa.Api/bin/Release/net10.0/." "$tmp/api/"
cp -a "$repo/bench/Juxa.Bench.Chat/bin/Release/net10.0/." "$tmp/bench/"
[[ -f "$tmp/api/Juxa.Api.dll" && -f "$tmp/bench/Juxa.Bench.Chat.dll" ]] || die "build output not found"

pick_port pg_port
juxa_pg_start "$pg_data" "$pg_port" -F -c synchronous_commit=off
pg_ours=$JUXA_PG_STARTED
juxa_pg_createdb_if_missing "$pg_port" juxa_bench

pick_port api_port
pick_port silo_port
pick_port gateway_port
pick_port fake_port
base=http://127.0.0.1:$api_port
log=$tmp/api.log
say "starting the API (http $api_port, silo $silo_port, gateway $gateway_port; model provider on $fake_port)…"
start_api bench-chat "$base" "$log" \
  Juxa__Llm__Endpoint="http://127.0.0.1:$fake_port/v1/" Juxa__Llm__Model=fake-model Juxa__Llm__ApiKey=fake-provider-key
wait_ready "$api_pid" "$base/health/ready" "$log" "the API"

# cpu_seconds PID: user + system CPU time the process has used so far.
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo '?'; }

mkdir -p "$(dirname "$output")"
api_cpu_start=$(cpu_seconds "$api_pid")
# Bounded: every stream takes chunks x chunk-delay plus a little; far more than a healthy run needs.
limit=$((300 + (warmup + streams) * 2 * (chunks * chunk_delay / 1000 + 2) + (rounds + 2) * 4 * 60))
status=0
timeout --kill-after=10 "$limit" dotnet "$tmp/bench/Juxa.Bench.Chat.dll" \
  --url "$base" --key "$key" --fake-port "$fake_port" --streams "$streams" --concurrency "$concurrency" --rounds "$rounds" \
  --warmup "$warmup" --chunks "$chunks" --chunk-delay "$chunk_delay" \
  --output "$output" --command "$cmdline" --source "$source_desc" || status=$?
if ((status == 0 || status == 3)) && [[ -f "$output" ]]; then
  printf '\nThe API process (with its silo) used %s s of CPU during the measurement (%s s at its start, %s s after; nproc %s).\n' \
    "$(awk -v a="$api_cpu_start" -v b="$(cpu_seconds "$api_pid")" 'BEGIN { printf "%.1f", b - a }')" "$api_cpu_start" "$(cpu_seconds "$api_pid")" "$(nproc)" >>"$output"
fi
if ((status != 0 && status != 3)); then
  tail -n 20 "$log" >&2
  die "the benchmark failed with status $status (API log above)"
fi
if grep -qiE '\b(fail|crit)\b' "$log"; then say "note: the API log has errors (kept with --keep): $(grep -ciE '\b(fail|crit)\b' "$log") line(s)"; fi
exit "$status"
