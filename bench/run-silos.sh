#!/usr/bin/env bash
# One silo vs two silos: the same closed-loop load on one API node (an Orleans
# client) while the cluster behind it has 1, then 2, then 1 silo again (A/B/A,
# every round), started and scaled with deploy/local/cluster.sh. Two loads:
#   GET  /api/v1/objects/companies/records/:id  (one hot record: auth, rate-limit
#        grain, record grain, JSON)
#   POST /api/v1/objects/companies/records      (a new record grain per request,
#        placed on any silo)
# Reported as throughput ratios two silos / one silo (B/A, A = the mean of the
# round's two one-silo runs); a round whose two one-silo runs differ by more
# than 15 % is NOISY and left out of the medians. /proc/loadavg with every figure.
# On one machine, a second silo shares the same cores: the ratio says what a
# second process costs or gains here, not what a second box would.
#
#   bench/run-silos.sh [--quick] [--runs N] [--duration S] [--warmup S]
#                      [--concurrency C] [--output FILE] [--keep]
#
# Needs the .NET 10 SDK, curl and a PostgreSQL server (deploy/local/pg.sh).
# Exit status 0; 3 when a round is NOISY or a request failed; other = error.
# shellcheck disable=SC2016 # backticks in printf formats are markdown
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR/..
. "$repo/deploy/local/pg.sh"
# shellcheck disable=SC2034 # read by lib.sh
bench_name='run-silos'
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$repo/bench/lib.sh"

runs=3
duration=10
warmup=3
concurrency=16
output=''
keep=0
quick=''
cmdline=$(command_line "$@")
while (($# > 0)); do
  case "$1" in
  --quick) runs=1; duration=3; warmup=1; quick=-quick; shift ;;
  --runs) runs=${2:?}; shift 2 ;;
  --duration) duration=${2:?}; shift 2 ;;
  --warmup) warmup=${2:?}; shift 2 ;;
  --concurrency) concurrency=${2:?}; shift 2 ;;
  --output) output=${2:?}; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option '$1'" ;;
  esac
done
output=${output:-$repo/bench/results/silos-$(date -u +%F)$quick.md}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

cluster_up=0
# shellcheck disable=SC2317 # called by bench_cleanup (lib.sh)
stop_processes() {
  if ((cluster_up)); then "$repo/deploy/local/cluster.sh" down >/dev/null 2>&1; fi
}
bench_setup silos

juxa_pg_ensure_installed
build "$repo/src/Juxa.Silo/Juxa.Silo.csproj"
build "$repo/src/Juxa.Api/Juxa.Api.csproj"
build "$repo/bench/Juxa.Bench/Juxa.Bench.csproj"
mkdir -p "$tmp/bench"
cp -a "$repo/bench/Juxa.Bench/bin/Release/net10.0/." "$tmp/bench/"

pick_port pg_port
juxa_pg_start "$pg_data" "$pg_port" -F -c synchronous_commit=off
pg_ours=$JUXA_PG_STARTED
juxa_pg_createdb_if_missing "$pg_port" juxa_bench

# Everything below is inherited by the nodes cluster.sh starts.
export JUXA_HOME=$tmp/home
export ConnectionStrings__Juxa="Host=127.0.0.1;Port=$pg_port;Database=juxa_bench;Username=postgres"
export JUXA_BOOTSTRAP_API_KEY=$key API_KEY_RATE_LIMIT_PER_MINUTE=0
export Juxa__Orleans__ClusterId=bench-silos Juxa__Orleans__ServiceId=bench-silos
export Logging__LogLevel__Default=Warning ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
unset OTEL_EXPORTER_OTLP_ENDPOINT ASPNETCORE_URLS
scale() { "$repo/deploy/local/cluster.sh" up --silos "$1" --apis 1 --no-build >"$tmp/cluster.log" 2>&1 || { tail -n 30 "$tmp/cluster.log" >&2; die "cluster.sh up --silos $1 failed"; }; }
cluster_up=1
scale 1
api=$(awk '$1 == "api-1" { print $3 }' "$JUXA_HOME/cluster/nodes")
body='{"values":{"name":"Bench Company"}}'
id=$(curl -fsS -X POST -H "Authorization: Bearer $key" -H 'Content-Type: application/json' -d "$body" "$api/api/v1/objects/companies/records" |
  sed -n 's/.*"data":{"id":"\([^"]*\)".*/\1/p')
[[ -n "$id" ]] || die "could not create the record to read"

load() { # load get|post SECONDS WARMUP
  local -a extra=()
  [[ "$1" == post ]] && extra=(--method POST --body "$body")
  local url=$api/api/v1/objects/companies/records
  [[ "$1" == get ]] && url+=/$id
  dotnet "$tmp/bench/Juxa.Bench.dll" --url "$url" --key "$key" --concurrency "$concurrency" --duration "$2" --warmup "$3" "${extra[@]}" 2>/dev/null
}
# Prime: JIT and the first activations, unmeasured.
load get 3 1 >/dev/null
load post 3 1 >/dev/null

jsonl=$tmp/runs.jsonl
: >"$jsonl"
for ((r = 1; r <= runs; r++)); do
  for silos in 1 2 1; do
    scale "$silos"
    for what in get post; do
      line=$(load "$what" "$duration" "$warmup") || die "the load generator failed"
      printf '{"round":%d,"silos":%d,"load":"%s","loadavg":"%s","result":%s}\n' "$r" "$silos" "$what" "$(cut -d' ' -f1-3 /proc/loadavg)" "$line" >>"$jsonl"
      say "round $r, $silos silo(s), $what: $(sed -n 's/.*"rps":\([0-9.]*\).*/\1/p' <<<"$line") req/s"
    done
  done
done

mkdir -p "$(dirname "$output")"
cp "$jsonl" "${output%.md}.jsonl"
# Per load: each round's A (two 1-silo runs), B (the 2-silo run), ratio, noisy flag; then medians [min-max] over clean rounds.
status=0
{
  printf '# One silo vs two silos (%s)\n\n' "$(date -u +%F)"
  printf -- '- Command: `%s`; %s rounds of 1, 2, 1 silo(s) behind one API node (cluster.sh), %s s measured after %s s warm-up, concurrency %s.\n' "$cmdline" "$runs" "$duration" "$warmup" "$concurrency"
  printf -- '- Machine: %s CPUs (nproc); every node, PostgreSQL (fsync off) and the load generator share them.\n' "$(nproc)"
  printf -- '- Source: the working tree on %s.\n\n' "$(git -C "$repo" log -1 --format='%h (%cs)' 2>/dev/null || echo '?')"
  printf '| load | 1 silo (A) req/s: median [min–max] | 2 silos (B) req/s: median [min–max] | 2/1 ratio: median [min–max] | non-2xx | loadavg 1-min: median [min–max] | rounds clean/all |\n|---|---|---|---|---|---|---|\n'
  for what in get post; do
    awk -v w="$what" '
      function med(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
      function mn(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] < m) m = a[i]; return m }
      function mx(a, n,   i, m) { m = a[1]; for (i = 2; i <= n; i++) if (a[i] > m) m = a[i]; return m }
      index($0, "\"load\":\"" w "\"") {
        match($0, /"round":[0-9]+/); r = substr($0, RSTART + 8, RLENGTH - 8) + 0
        match($0, /"silos":[0-9]+/); s = substr($0, RSTART + 8, RLENGTH - 8) + 0
        match($0, /"rps":[0-9.]+/); rps = substr($0, RSTART + 6, RLENGTH - 6) + 0
        match($0, /"non2xx":[0-9]+/); bad += substr($0, RSTART + 9, RLENGTH - 9)
        match($0, /"loadavg":"[0-9.]+/); la[++nla] = substr($0, RSTART + 11, RLENGTH - 11) + 0
        if (s == 2) b[r] = rps; else if (a1[r] == "") a1[r] = rps; else a2[r] = rps
        if (r > rounds) rounds = r
      }
      END {
        for (r = 1; r <= rounds; r++) {
          mean = (a1[r] + a2[r]) / 2
          all++
          AA[all] = mean; BB[all] = b[r]; RR[all] = mean > 0 ? b[r] / mean : 0
          if (mean > 0 && (a1[r] > a2[r] ? a1[r] - a2[r] : a2[r] - a1[r]) / mean <= 0.15) { n++; A[n] = mean; B[n] = b[r]; R[n] = b[r] / mean }
        }
        note = n + 0 "/" all
        # With no clean round, the medians are over every round and the row says so (as run-records.sh does).
        if (n == 0) { n = all; for (i = 1; i <= all; i++) { A[i] = AA[i]; B[i] = BB[i]; R[i] = RR[i] }; note = note " (NOISY: no clean round, medians over all rounds)" }
        printf "| %s | %.0f [%.0f–%.0f] | %.0f [%.0f–%.0f] | **%.2f** [%.2f–%.2f] | %d | %.2f [%.2f–%.2f] | %s |\n", w == "get" ? "GET record" : "POST record", med(A, n), mn(A, n), mx(A, n), med(B, n), mn(B, n), mx(B, n), med(R, n), mn(R, n), mx(R, n), bad, med(la, nla), mn(la, nla), mx(la, nla), note
        if (bad > 0 || note != all "/" all) exit 3
      }' "$jsonl" || status=3
  done
  printf '\nRatios above 1: two silos served more; below 1: the second process cost more than it brought on these cores.\n'
  printf 'Raw runs: `%s`.\n' "$(basename "${output%.md}.jsonl")"
} >"$output"
say "report: $output"
exit "$status"
