#!/usr/bin/env bash
# Records performance (issue 3): import, query, search, hot read and create,
# each as a ratio against a baseline measured in the same run (A/B/A).
#
# Starts a throwaway PostgreSQL (fsync off, synchronous_commit=off,
# auto_explain loaded but silent), the API (Release, co-hosted silo, rate
# limit off) and bench/Juxa.Bench.Baseline (a trivial Kestrel GET /ping), all
# on free ports, then runs bench/Juxa.Bench.Records:
#   1. seeds 2000 companies and 100k people through
#      POST /api/v1/objects/:slug/records/import in 1000-row batches, timing
#      every import; VACUUM ANALYZE;
#   2. reads, each between two runs of GET /ping at the same concurrency:
#      hot GET /records/:id, two record queries (1 filter + 1 sort, limit 50),
#      GET /api/v1/search?q=<partial name>;
#   3. the query plans: EXPLAIN (ANALYZE, BUFFERS) of what the API ran
#      (auto_explain), into records-YYYY-MM-DD-plans.md;
#   4. writes: POST /records between two runs of a raw Npgsql single-row JSONB
#      insert; a 1000-row import between two raw 1000-row inserts.
# and writes the report bench/results/records-YYYY-MM-DD.md (+ .jsonl).
#
#   bench/run-records.sh [options]
#
# Options:
#   --quick               a smoke test, not a result: 10k people, 2 runs,
#                         3 s measured, 1 s warm-up, 2 s priming, 3 imports
#   --people N            people to seed (default 100000)
#   --runs N              A/B/A rounds (default 3)
#   --duration S          measured seconds per measurement (default 8)
#   --warmup S            warm-up seconds before each measurement (default 2)
#   --prime S             unmeasured load on every path before the rounds (default 5)
#   --concurrency "C ..." concurrency levels (default "1 8")
#   --imports N           measured imports per A/B/A import run (default 5)
#   --rev REV             measure this git revision of src/ (exported and built
#                         in the temp dir) instead of the working tree
#   --output FILE         the report (default bench/results/records-YYYY-MM-DD.md,
#                         records-YYYY-MM-DD-quick.md with --quick)
#   --keep                keep the temp dir (PostgreSQL data and log, API log)
#
# Needs: the .NET 10 SDK, curl, and a PostgreSQL server (deploy/local/pg.sh
# installs Debian's if none is found). Works as root or as a normal user.
# Exit status: 0; 3 when the report flags something (a missed goal, a NOISY
# run, a failed request); other = error. Every process it starts (PostgreSQL,
# the API, the baseline app) is stopped on exit, also on failure or Ctrl-C.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR/..
. "$repo/deploy/local/pg.sh"
# shellcheck disable=SC2034 # read by lib.sh
bench_name='run-records'
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$repo/bench/lib.sh"

people=100000
runs=3
duration=8
warmup=2
prime=5
imports=5
concurrency="1 8"
output=''
rev=''
keep=0
cmdline=$(command_line "$@")

while (($# > 0)); do
  case "$1" in
  --quick) people=10000; runs=2; duration=3; warmup=1; prime=2; imports=3; shift ;;
  --people) people=${2:?--people needs a value}; shift 2 ;;
  --runs) runs=${2:?--runs needs a value}; shift 2 ;;
  --duration) duration=${2:?--duration needs a value}; shift 2 ;;
  --warmup) warmup=${2:?--warmup needs a value}; shift 2 ;;
  --prime) prime=${2:?--prime needs a value}; shift 2 ;;
  --imports) imports=${2:?--imports needs a value}; shift 2 ;;
  --concurrency) concurrency=${2:?--concurrency needs a value}; shift 2 ;;
  --output) output=${2:?--output needs a value}; shift 2 ;;
  --rev) rev=${2:?--rev needs a value}; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option '$1'" ;;
  esac
done

for n in "$people" "$runs" "$imports"; do [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "--people, --runs and --imports take positive integers, got '$n'"; done
for c in $concurrency; do [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "--concurrency takes positive integers, got '$c'"; done
for s in "$duration" "$warmup" "$prime"; do
  [[ "$s" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--duration, --warmup and --prime take seconds, got '$s'"
done
quick=''
[[ "$cmdline" == *" --quick"* ]] && quick=-quick
output=${output:-$repo/bench/results/records-$(date -u +%F)$quick.md}
plans=${output%.md}-plans.md

command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
command -v curl >/dev/null 2>&1 || die "curl not found"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

api_port=''
silo_port=''
gateway_port=''
baseline_port=''
api_pid=''
baseline_pid=''
# shellcheck disable=SC2317 # called by bench_cleanup (lib.sh)
stop_processes() {
  stop_pid "$baseline_pid" "the baseline app"
  stop_pid "$api_pid" "the API"
}
bench_setup records

juxa_pg_ensure_installed

select_source "$repo" "$rev"
build "$api_root/src/Juxa.Api/Juxa.Api.csproj"
build "$repo/bench/Juxa.Bench.Baseline/Juxa.Bench.Baseline.csproj"
build "$repo/bench/Juxa.Bench.Records/Juxa.Bench.Records.csproj"
# Run copies: someone else's rebuild must not swap a binary mid-run.
mkdir -p "$tmp/api" "$tmp/baseline" "$tmp/bench" "$tmp/home"
cp -a "$api_root/src/Juxa.Api/bin/Release/net10.0/." "$tmp/api/"
cp -a "$repo/bench/Juxa.Bench.Baseline/bin/Release/net10.0/." "$tmp/baseline/"
cp -a "$repo/bench/Juxa.Bench.Records/bin/Release/net10.0/." "$tmp/bench/"

pick_port pg_port
# auto_explain is loaded but silent (its default log_min_duration is -1) until the suite turns it on with
# ALTER SYSTEM to capture the plans (so it must not be set here: the command line would win over ALTER SYSTEM).
juxa_pg_start "$pg_data" "$pg_port" -F -c synchronous_commit=off -c shared_preload_libraries=auto_explain
pg_ours=$JUXA_PG_STARTED
juxa_pg_createdb_if_missing "$pg_port" juxa_bench
connstr="Host=127.0.0.1;Port=$pg_port;Database=juxa_bench;Username=postgres"

pick_port api_port
pick_port silo_port
pick_port gateway_port
api=http://127.0.0.1:$api_port
say "starting the API (http $api_port, silo $silo_port, gateway $gateway_port)…"
(
  cd "$tmp/api"
  exec env -u OTEL_EXPORTER_OTLP_ENDPOINT \
    ConnectionStrings__Juxa="$connstr" \
    JUXA_HOME="$tmp/home" \
    ASPNETCORE_URLS="$api" \
    ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
    JUXA_BOOTSTRAP_API_KEY="$key" \
    API_KEY_RATE_LIMIT_PER_MINUTE=0 \
    Juxa__Orleans__Mode=CoHosted \
    Juxa__Orleans__ClusterId=bench-records \
    Juxa__Orleans__ServiceId=bench-records \
    Juxa__Orleans__SiloPort="$silo_port" \
    Juxa__Orleans__GatewayPort="$gateway_port" \
    Logging__LogLevel__Default=Warning \
    dotnet "$tmp/api/Juxa.Api.dll"
) >"$tmp/api.log" 2>&1 &
api_pid=$!
wait_ready "$api_pid" "$api/health/ready" "$tmp/api.log" "the API"
status=$(curl -sS -o /dev/null -w '%{http_code}' --max-time 10 -H "Authorization: Bearer $key" "$api/api/v1/workspace") ||
  die "GET /api/v1/workspace failed"
[[ "$status" == 200 ]] || die "GET /api/v1/workspace answered $status, not 200"

pick_port baseline_port
baseline=http://127.0.0.1:$baseline_port
say "starting the baseline app (http $baseline_port)…"
(
  cd "$tmp/baseline"
  exec env ASPNETCORE_URLS="$baseline" ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production \
    Logging__LogLevel__Default=Warning dotnet "$tmp/baseline/Juxa.Bench.Baseline.dll"
) >"$tmp/baseline.log" 2>&1 &
baseline_pid=$!
wait_ready "$baseline_pid" "$baseline/ping" "$tmp/baseline.log" "the baseline app"

bench() { dotnet "$tmp/bench/Juxa.Bench.Records.dll" "$@"; }

jsonl=$tmp/runs.jsonl
bench suite --api "$api" --baseline "$baseline" --key "$key" --pg "$connstr" --output "$jsonl" \
  --people "$people" --runs "$runs" --duration "$duration" --warmup "$warmup" --prime "$prime" \
  --concurrency "${concurrency// /,}" --imports "$imports" --plans "$tmp/plans.md" --pg-log "$pg_data/server.log" ||
  { tail -n 30 "$tmp/api.log" >&2; die "the suite failed (API log above)"; }

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
os=$(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release 2>/dev/null)
dotnet_rt=$(dotnet --list-runtimes 2>/dev/null | sed -n 's/^Microsoft.AspNetCore.App \([^ ]*\).*/\1/p' | tail -n 1)
machine="$(nproc 2>/dev/null || echo '?') CPUs (nproc), ${cpu:-?}, ${os:-?}, ASP.NET Core ${dotnet_rt:-?}"

mkdir -p "$(dirname "$output")"
if [[ -s "$tmp/plans.md" ]]; then
  # shellcheck disable=SC2016 # backticks are markdown, not command substitution
  {
    printf '# Query plans of the records benchmark (%s)\n\n' "$(date -u +%F)"
    printf 'auto_explain output (`EXPLAIN (ANALYZE, BUFFERS)` of exactly what the API ran, with its parameters), captured by\n'
    printf '`%s` after the read measurements, on the seeded data (VACUUM ANALYZE done). Each section is one\n' "$cmdline"
    printf 'warm request: the statements it ran, in order. What they mean: [docs/query-plans.md](../../docs/query-plans.md).\n\n'
    cat "$tmp/plans.md"
  } >"$plans"
  say "plans: $plans"
fi
report_status=0
bench report --input "$jsonl" --output "$output" --command "$cmdline" --source "$source_desc" --machine "$machine" \
  --plans-file "$(basename "$plans")" || report_status=$?
((report_status == 0 || report_status == 3)) || die "writing the report failed"
cp "$jsonl" "${output%.md}.jsonl"
say "report: $output (raw runs: ${output%.md}.jsonl)"
exit "$report_status"
