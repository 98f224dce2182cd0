#!/usr/bin/env bash
# Deleting a record that many records reference: how long the DELETE takes, one
# build against another in the same run. Each round, against each build in turn:
# create a company, import N people whose `company` references it (1000 a
# request), then time DELETE /api/v1/objects/companies/records/:id (curl's
# time_total). The delete strips the reference from every person in its
# transaction, refreshes the people's record grains and publishes a
# recordUpdated event per person; the imported people have no activation.
# Reported per round and as the median ratio rev / base (below 1: rev faster).
#
#   bench/run-delete.sh --base REV [--rev REV] [--referrers N] [--rounds R]
#                       [--output FILE] [--keep]
#
# --base and --rev are built from clean exports (git archive); --rev defaults to
# HEAD. Both APIs run side by side (co-hosted silos, separate databases on one
# throwaway PostgreSQL), so rounds alternate between them without restarts.
# Needs the .NET 10 SDK, curl, jq and a PostgreSQL server (deploy/local/pg.sh).
# shellcheck disable=SC2016 # backticks in printf formats are markdown
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=deploy/local/pg.sh source-path=SCRIPTDIR/..
. "$repo/deploy/local/pg.sh"
# shellcheck disable=SC2034 # read by lib.sh
bench_name='run-delete'
# shellcheck source=lib.sh source-path=SCRIPTDIR
. "$repo/bench/lib.sh"

base=''
rev=HEAD
referrers=10000
rounds=3
output=''
keep=0
cmdline=$(command_line "$@")
while (($# > 0)); do
  case "$1" in
  --base) base=${2:?}; shift 2 ;;
  --rev) rev=${2:?}; shift 2 ;;
  --referrers) referrers=${2:?}; shift 2 ;;
  --rounds) rounds=${2:?}; shift 2 ;;
  --output) output=${2:?}; shift 2 ;;
  --keep) keep=1; shift ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; die "unknown option '$1'" ;;
  esac
done
[[ -n "$base" ]] || { usage >&2; die "--base is required"; }
command -v jq >/dev/null || die "jq is required"
output=${output:-$repo/bench/results/delete-$(date -u +%F).md}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

declare -A pids=()
# shellcheck disable=SC2317 # called by bench_cleanup (lib.sh)
stop_processes() {
  local which
  for which in "${!pids[@]}"; do stop_pid "${pids[$which]}" "the $which API"; done
}
bench_setup delete

juxa_pg_ensure_installed
declare -A desc=() url=()
for which in base rev; do
  name=${!which}
  sha=$(git -C "$repo" rev-parse --verify --quiet "$name^{commit}") || die "--$which $name is not a commit"
  mkdir -p "$tmp/src-$which" "$tmp/api-$which"
  git -C "$repo" archive "$sha" | tar -x -C "$tmp/src-$which"
  build "$tmp/src-$which/src/Juxa.Api/Juxa.Api.csproj"
  cp -a "$tmp/src-$which/src/Juxa.Api/bin/Release/net10.0/." "$tmp/api-$which/"
  desc[$which]=$(git -C "$repo" log -1 --format='%h (%cs) %s' "$sha")
done

pick_port pg_port
juxa_pg_start "$pg_data" "$pg_port" -F -c synchronous_commit=off
mkdir -p "$tmp/home"
for which in base rev; do
  juxa_pg_createdb_if_missing "$pg_port" "juxa_delete_$which"
  pick_port http_port
  pick_port silo_port
  pick_port gateway_port
  url[$which]=http://127.0.0.1:$http_port
  # start_api runs $tmp/api: point it at this build's copy.
  ln -sfn "$tmp/api-$which" "$tmp/api"
  start_api "delete-$which" "${url[$which]}" "$tmp/api-$which.log" \
    ConnectionStrings__Juxa="Host=127.0.0.1;Port=$pg_port;Database=juxa_delete_$which;Username=postgres"
  pids[$which]=$api_pid
  wait_ready "$api_pid" "${url[$which]}/health/ready" "$tmp/api-$which.log" "the $which API"
done

# call METHOD URL [BODY]: the response body; dies on a non-2xx answer.
call() {
  local body
  body=$(curl -sS --max-time 300 -X "$1" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
    -w '\n%{http_code}' ${3:+--data-binary "$3"} "$2") || die "$1 $2: no answer"
  [[ "${body##*$'\n'}" == 2* ]] || die "$1 $2: ${body##*$'\n'} ${body%$'\n'*}"
  printf '%s' "${body%$'\n'*}"
}

# delete_round WHICH ROUND: seeds one company and its referrers, prints the DELETE's seconds.
delete_round() {
  local api=${url[$1]} company left batch rows seconds
  company=$(call POST "$api/api/v1/objects/companies/records" "{\"values\":{\"name\":\"Referenced $1 $2\"}}" | jq -r .data.id)
  for ((left = referrers; left > 0; left -= 1000)); do
    batch=$((left < 1000 ? left : 1000))
    rows=$(jq -cn --arg c "$company" --argjson n "$batch" --arg p "$1-$2-$left" \
      '{rows: [range($n) | {name: "Person \($p)-\(.)", company: $c}]}')
    call POST "$api/api/v1/objects/people/records/import" "$rows" | jq -e ".data.created == $batch" >/dev/null ||
      die "an import into the $1 API did not create $batch people"
  done
  seconds=$(curl -sS --max-time 600 -o /dev/null -w '%{http_code} %{time_total}' -X DELETE \
    -H "Authorization: Bearer $key" "$api/api/v1/objects/companies/records/$company")
  [[ "$seconds" == 200* ]] || die "DELETE on the $1 API answered ${seconds%% *}"
  printf '%s' "${seconds#* }"
}

started=$(date -u +%FT%TZ)
lines=()
ratios=()
for ((round = 1; round <= rounds; round++)); do
  # The order flips every round, so neither build always goes first.
  if ((round % 2)); then order=(base rev); else order=(rev base); fi
  declare -A took=() load=()
  for which in "${order[@]}"; do
    load[$which]=$(cut -d' ' -f1 /proc/loadavg)
    took[$which]=$(delete_round "$which" "$round")
    say "round $round, $which: ${took[$which]} s (loadavg ${load[$which]})"
  done
  ratio=$(jq -n --argjson a "${took[base]}" --argjson b "${took[rev]}" '($b / $a * 100 | round) / 100')
  ratios+=("$ratio")
  lines+=("| $round | ${order[0]} first | $(jq -n "${took[base]} * 1000 | round") | $(jq -n "${took[rev]} * 1000 | round") | ${ratio}× | ${load[base]} / ${load[rev]} |")
done
median=$(printf '%s\n' "${ratios[@]}" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')

{
  printf '# Deleting a record that %s records reference (%s)\n\n' "$referrers" "$(date -u +%F)"
  printf -- '- Command: `%s`\n' "$cmdline"
  printf -- '- Base: %s\n- Rev: %s\n' "${desc[base]}" "${desc[rev]}"
  printf -- '- Machine: %s CPUs, %s; PostgreSQL throwaway (fsync off, synchronous_commit off); both APIs (Release, co-hosted silo, rate limit off) and PostgreSQL on one machine, side by side.\n' \
    "$(nproc)" "$(. /etc/os-release && printf '%s' "$PRETTY_NAME")"
  printf -- '- Started %s, finished %s.\n' "$started" "$(date -u +%FT%TZ)"
  printf -- '- Each round, on each API: a new company, %s imported people referencing it (no grain activations), then one timed DELETE of the company.\n\n' "$referrers"
  printf '| round | order | base DELETE ms | rev DELETE ms | rev / base | loadavg (base / rev) |\n|---:|---|---:|---:|---:|---|\n'
  printf '%s\n' "${lines[@]}"
  printf '\n**Median rev / base: %s×** (below 1: the rev deletes faster).\n' "$median"
} >"$output"
say "report: $output"
cat "$output"
