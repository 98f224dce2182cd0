#!/usr/bin/env bash
# Cost of the per-API-key rate limiter ("limiter on vs off"), as a ratio
# measured in one sitting: the same closed-loop load against
# GET /api/v1/workspace with the bootstrap admin key, limiter off
# (API_KEY_RATE_LIMIT_PER_MINUTE=0) and on (a limit high enough never to
# refuse), alternating off, on, off, on, …
#
# The limit is read when the silo starts, so a configuration is a process:
# by default the API is restarted for every run (off, on, off, on, ...); with
# --parallel one "off" and one "on" API run side by side (separate Orleans
# clusters) for the whole session and the load alternates between them, which
# pairs the two configurations much closer in time on a noisy machine.
# All runs share one throwaway PostgreSQL (fsync off) and database. Every API
# process is primed (--prime seconds of unmeasured load) before its first run.
#
#   bench/run-limiter.sh [options]
#
# Options:
#   --runs N              runs per configuration (default 3)
#   --duration S          measured seconds per run and concurrency level (default 20)
#   --warmup S            warm-up seconds before each measurement (default 5)
#   --concurrency "C ..." concurrency levels, measured in this order within each
#                         run (default "16"; e.g. "16 1 64")
#   --prime S             unmeasured load on each fresh API process, so that its
#                         code is fully JIT-compiled before measuring (default 10)
#   --parallel            both configurations up at once, alternating the load
#                         between them (the order flips every round: off,on / on,off)
#   --limit N             the "on" limit per minute (default 5000000). The limiter
#                         keeps one 8-byte timestamp per unit: 5M = 40 MB.
#   --quick               2 runs per configuration, 5 s measured, 2 s warm-up, 3 s prime
#   --rev REV             measure this git revision (exported to the temp dir and
#                         built there) instead of the working tree: immune to
#                         edits in progress, and reproducible
#   --output FILE         the report (default bench/results/limiter-YYYY-MM-DD.md)
#   --keep                keep the temp dir (PostgreSQL data, API logs, runs.jsonl)
#
# Needs: the .NET 10 SDK, curl, and a PostgreSQL server (deploy/local/pg.sh
# installs Debian's if none is found). Works as root or as a normal user.
# Exit status: 0, 3 when a check in the report failed (a non-2xx answer, the
# limiter not in the expected state, a NOISY baseline), other = error.
# Every process it starts (the API, PostgreSQL) is stopped on exit, also on
# failure or Ctrl-C.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR/..
. "$repo/deploy/local/pg.sh"
# shellcheck disable=SC2034 # read by lib.sh
bench_name='run-limiter'
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$repo/bench/lib.sh"

runs=3
duration=20
warmup=5
prime=10
parallel=0
concurrency="16"
limit_on=5000000
output=''
rev=''
keep=0
# The command as typed, for the report: words that need it in single quotes.
cmdline=$(command_line "$@")

while (($# > 0)); do
  case "$1" in
  --runs) runs=${2:?--runs needs a value}; shift 2 ;;
  --duration) duration=${2:?--duration needs a value}; shift 2 ;;
  --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
  --concurrency) concurrency=${2:?--concurrency needs a value}; shift 2 ;;
  --limit) limit_on=${2:?--limit needs a value}; shift 2 ;;
  --prime) prime=${2:?--prime needs a value}; shift 2 ;;
  --parallel) parallel=1; shift ;;
  --quick) runs=2; duration=5; warmup=2; prime=3; shift ;;
  --output) output=${2:?--output needs a value}; shift 2 ;;
  --rev) rev=${2:?--rev needs a value}; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option '$1'" ;;
  esac
done

[[ "$runs" =~ ^[1-9][0-9]*$ ]] || die "--runs must be a positive integer"
if [[ ! "$limit_on" =~ ^[1-9][0-9]{0,8}$ ]]; then die "--limit must be a positive integer"; fi
((limit_on <= 50000000)) || die "--limit $limit_on would make the limiter allocate $((limit_on * 8 / 1000000)) MB per key; stay at or below 50000000"
for c in $concurrency; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "--concurrency takes positive integers, got '$c'"; done
for s in "$duration" "$warmup" "$prime"; do
  [[ "$s" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--duration, --warmup and --prime take seconds, got '$s'"
done
output=${output:-$repo/bench/results/limiter-$(date -u +%F).md}

command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl not found"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

declare -i failed_starts=0
# Per configuration (off/on): the running API's pid, base URL and log.
declare -A api_pid=() api_base=() api_log=()
# shellcheck disable=SC2317 # called by bench_cleanup (lib.sh)
stop_processes() {
  local config
  for config in "${!api_pid[@]}"; do stop_api "$config"; done
}
bench_setup limiter

# stop_api CONFIG
# shellcheck disable=SC2317 # also called from cleanup
stop_api() {
  stop_pid "${api_pid[$1]:-}" "the API ($1)"
  unset "api_pid[$1]"
}

# launch_api CONFIG LIMIT LOG: start one API process with fresh ports; 0 once
# it is ready, 1 if it exited during start-up.
launch_api() {
  local config=$1 limit=$2 log=$3 api_port silo_port gateway_port base i name
  pick_port api_port
  pick_port silo_port
  pick_port gateway_port
  base=http://127.0.0.1:$api_port
  api_base[$config]=$base
  api_log[$config]=$log
  name=${log##*/api-}
  say "starting the API (${name%.log}: API_KEY_RATE_LIMIT_PER_MINUTE=$limit, http $api_port, silo $silo_port, gateway $gateway_port)…"
  # The snapshot's own dir is the content root (appsettings.json). Variables
  # that would change what is measured are pinned or removed. One Orleans
  # cluster (and service) per configuration: with --parallel the two APIs
  # share the database but must not join each other's cluster.
  (
    cd "$tmp/api"
    exec env -u OTEL_EXPORTER_OTLP_ENDPOINT \
      ConnectionStrings__Juxa="Host=127.0.0.1;Port=$pg_port;Database=juxa_bench;Username=postgres" \
      JUXA_HOME="$tmp/home" \
      ASPNETCORE_URLS="$base" \
      ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
      JUXA_BOOTSTRAP_API_KEY="$key" \
      Juxa__Orleans__Mode=CoHosted \
      Juxa__Orleans__ClusterId="bench-$config" \
      Juxa__Orleans__ServiceId="bench-$config" \
      Juxa__Orleans__SiloPort="$silo_port" \
      Juxa__Orleans__GatewayPort="$gateway_port" \
      Logging__LogLevel__Default=Warning \
      API_KEY_RATE_LIMIT_PER_MINUTE="$limit" \
      dotnet "$tmp/api/Juxa.Api.dll"
  ) >"$log" 2>&1 &
  api_pid[$config]=$!

  for ((i = 0; i < 1800; i++)); do
    if ! kill -0 "${api_pid[$config]}" 2>/dev/null; then
      wait "${api_pid[$config]}" 2>/dev/null || true
      unset "api_pid[$config]"
      return 1
    fi
    curl -fsS -o /dev/null --max-time 2 "$base/health/ready" 2>/dev/null && return 0
    sleep 0.1
  done
  tail -n 40 "$log" >&2
  die "the API was not ready within 180 s (log above)"
}

# start_api CONFIG LABEL: start the API with the limiter off or on, wait until
# it is ready, check that the limiter is in the expected state, then prime it.
start_api() {
  local config=$1 label=$2 limit=0 attempt headers status seen base log
  [[ "$config" == on ]] && limit=$limit_on
  # A start-up that fails (seen once on a box at load 15: the host's start was
  # cancelled) is retried with fresh ports; its log is kept in the temp dir.
  for attempt in 1 2 3; do
    log=$tmp/api-$label.log
    launch_api "$config" "$limit" "$log" && break
    mv "$log" "$tmp/api-$label.failed-$attempt.log"
    say "the API exited during start-up (attempt $attempt); last lines:"
    tail -n 12 "$tmp/api-$label.failed-$attempt.log" >&2
    ((attempt < 3)) || die "the API failed to start 3 times (logs: $tmp/api-$label.failed-*.log)"
    failed_starts+=1
  done
  base=${api_base[$config]}

  headers=$(curl -sS -D - -o /dev/null --max-time 10 -H "Authorization: Bearer $key" "$base/api/v1/workspace") ||
    die "GET /api/v1/workspace failed"
  status=$(printf '%s\n' "$headers" | sed -n '1s/^HTTP\/[0-9.]* \([0-9]*\).*/\1/p')
  [[ "$status" == 200 ]] || die "GET /api/v1/workspace answered $status, not 200"
  seen=$(printf '%s\n' "$headers" | tr -d '\r' | sed -n 's/^[Rr]ate[Ll]imit-[Ll]imit: *//p')
  if ((limit > 0)); then
    [[ "$seen" == "$limit" ]] || die "limiter on: expected RateLimit-Limit: $limit, got '${seen:-none}'"
  else
    [[ -z "$seen" ]] || die "limiter off: expected no RateLimit-Limit header, got '$seen'"
  fi

  # A fresh process runs tier-0 JIT code for a while: load it, unmeasured,
  # until the hot path is compiled for good.
  if [[ "$prime" != 0 ]]; then
    say "priming $label for $prime s…"
    bench --url "$base/api/v1/workspace" --key "$key" --concurrency "${concurrency%% *}" \
      --duration "$prime" --warmup 0 >/dev/null ||
      { tail -n 20 "$log" >&2; die "priming failed (API log above)"; }
  fi
}

bench() { dotnet "$tmp/bench/Juxa.Bench.dll" "$@"; }

# measure CONFIG RUN CONCURRENCY: one measurement, appended to runs.jsonl.
measure() {
  local config=$1 run=$2 c=$3 loadavg result
  seq=$((seq + 1))
  loadavg=$(cat /proc/loadavg 2>/dev/null || echo '?')
  say "run $seq: $config #$run, concurrency $c, loadavg ${loadavg% * *}"
  if ! result=$(bench --url "${api_base[$config]}/api/v1/workspace" --key "$key" \
    --concurrency "$c" --duration "$duration" --warmup "$warmup"); then
    tail -n 20 "${api_log[$config]}" >&2
    die "the load generator failed (API log above)"
  fi
  printf '{"config":"%s","run":%d,"seq":%d,"loadavg":"%s","result":%s}\n' \
    "$config" "$run" "$seq" "$loadavg" "$result" >>"$jsonl"
}

juxa_pg_ensure_installed

# Build once, then run copies: other people's builds of the same projects
# must not swap the binaries between an "off" and an "on" run.
# What is measured: a clean export of --rev, or the working tree as it is now.
select_source "$repo" "$rev"
build "$api_root/src/Juxa.Api/Juxa.Api.csproj"
build "$repo/bench/Juxa.Bench/Juxa.Bench.csproj"
mkdir -p "$tmp/api" "$tmp/bench" "$tmp/home"
cp -a "$api_root/src/Juxa.Api/bin/Release/net10.0/." "$tmp/api/"
cp -a "$repo/bench/Juxa.Bench/bin/Release/net10.0/." "$tmp/bench/"
[[ -f "$tmp/api/Juxa.Api.dll" && -f "$tmp/bench/Juxa.Bench.dll" ]] || die "build output not found"

pick_port pg_port
juxa_pg_start "$pg_data" "$pg_port" -F -c synchronous_commit=off
pg_ours=$JUXA_PG_STARTED
juxa_pg_createdb_if_missing "$pg_port" juxa_bench

jsonl=$tmp/runs.jsonl
: >"$jsonl"
seq=0
if ((parallel)); then
  mode=parallel
  start_api off off
  start_api on on
  for ((run = 1; run <= runs; run++)); do
    # ABBA: flipping the order every round cancels a steady drift in load.
    if ((run % 2)); then order='off on'; else order='on off'; fi
    for c in $concurrency; do
      for config in $order; do measure "$config" "$run" "$c"; done
    done
  done
  stop_api off
  stop_api on
else
  mode=restart
  for ((run = 1; run <= runs; run++)); do
    for config in off on; do
      start_api "$config" "$config-$run"
      for c in $concurrency; do measure "$config" "$run" "$c"; done
      stop_api "$config"
    done
  done
fi

mkdir -p "$(dirname "$output")"
report_status=0
bench report --input "$jsonl" --output "$output" --mode "$mode" --prime "$prime" --failed-starts "$failed_starts" \
  --command "$cmdline" --source "$source_desc" --limit-on "$limit_on" --nproc "$(nproc 2>/dev/null || echo '?')" ||
  report_status=$?
((report_status == 0 || report_status == 3)) || die "writing the report failed"
# Keep the raw numbers next to the report.
cp "$jsonl" "${output%.md}.jsonl"
say "raw runs: ${output%.md}.jsonl"
exit "$report_status"
