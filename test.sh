#!/usr/bin/env bash
# Build the solution and run every test against a real PostgreSQL.
#
#   ./test.sh [--cluster] [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Records]
#
# First deploy/check.sh checks that the compose and Kubernetes manifests still
# match the code (cheap, no container engine). Then every test except the
# cluster fault tests (trait Category=Cluster) runs. --cluster then runs the
# fault tests too (tests/Juxa.Cluster.Tests: real silo and API processes
# started with deploy/local/cluster.sh, killed, PostgreSQL restarted; a few
# minutes), one at a time after the rest, and prints what they measured.
# CI (.ci/run) always passes --cluster.
#
# Environment:
#   JUXA_TEST_CONNECTION  an existing server to test against, e.g.
#                         "Host=127.0.0.1;Port=5432;Username=postgres;Database=postgres".
#                         Unset: a throwaway server is started on a free port in a
#                         temp dir (fsync off) and deleted at exit. Tests create
#                         their own databases on that server.
#
# Ends with one line "N passed, M failed" (", K skipped" when K > 0), counted
# from the .trx results in ./TestResults. Exits non-zero if a test failed,
# dotnet test failed, or no test ran.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
cd "$repo"
# shellcheck source=deploy/local/pg.sh
. "$repo/deploy/local/pg.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=${DOTNET_CLI_TELEMETRY_OPTOUT:-1}
export DOTNET_NOLOGO=${DOTNET_NOLOGO:-1}

tmp=$(mktemp -d -t juxa-test.XXXXXX)
pg_data=$tmp/pgdata
pg_ours=0
test_pid=''
results=$repo/TestResults
cluster=0
filter=''
declare -a test_args=()
while (($# > 0)); do
  case "$1" in
  --cluster) cluster=1; shift ;;
  --filter) filter=${2:?--filter needs a value}; shift 2 ;;
  --filter=*) filter=${1#--filter=}; shift ;;
  *) test_args+=("$1"); shift ;;
  esac
done
# The fault tests run in their own pass (below), never beside the other tests.
main_filter='Category!=Cluster'
cluster_filter='Category=Cluster'
if [[ -n "$filter" ]]; then
  main_filter="($filter)&$main_filter"
  cluster_filter="($filter)&$cluster_filter"
fi

# Tests must never touch a developer's own Juxa: no inherited connection
# string, and a private JUXA_HOME (bootstrap key files and the like).
unset ConnectionStrings__Juxa
export JUXA_HOME=$tmp/home
mkdir -p "$JUXA_HOME"

# Idempotent: stop a running dotnet test (and its test hosts), then our
# PostgreSQL, then delete the temp dir. Called at the end and from the traps.
# shellcheck disable=SC2317 # also called from traps
teardown() {
  local i
  if [[ -n "$test_pid" ]] && kill -0 "$test_pid" 2>/dev/null; then
    echo "stopping dotnet test…" >&2
    # dotnet test runs in its own process group (setsid below), so this
    # reaches vstest.console and every testhost too.
    kill -TERM -- "-$test_pid" 2>/dev/null || kill -TERM "$test_pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
      kill -0 "$test_pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$test_pid" 2>/dev/null || true
    wait "$test_pid" 2>/dev/null || true
  fi
  test_pid=''
  if ((pg_ours)); then
    juxa_pg_stop "$pg_data" || true
    pg_ours=0
  fi
  if [[ -n "$tmp" ]]; then
    rm -rf "$tmp"
    tmp=''
  fi
}
# shellcheck disable=SC2317 # only called from the EXIT trap
on_exit() {
  local status=$?
  trap - EXIT INT TERM HUP
  # Finish the clean-up even if our output is gone (`./test.sh | tee log`
  # and Ctrl-C): no SIGPIPE, no set -e exit half-way.
  set +e
  trap '' PIPE
  teardown
  exit "$status"
}
trap on_exit EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

command -v dotnet >/dev/null 2>&1 || { echo "test.sh: dotnet not found: install the .NET 10 SDK" >&2; exit 1; }

if [[ -z "${JUXA_TEST_CONNECTION:-}" ]]; then
  # Check (and install) before the build, so a missing server fails fast.
  juxa_pg_ensure_installed
fi

echo "building Juxa.sln (Release)…"
if ! dotnet build Juxa.sln -c Release -nologo; then
  echo "test.sh: build failed" >&2
  exit 1
fi

echo "checking deploy/ against the code…"
if ! bash "$repo/deploy/check.sh"; then
  echo "test.sh: deploy/check.sh found manifests out of step with the code" >&2
  exit 1
fi

if [[ -n "${JUXA_TEST_CONNECTION:-}" ]]; then
  echo "using the PostgreSQL in JUXA_TEST_CONNECTION (not starting one)"
else
  port=$(juxa_pg_free_port)
  # A throwaway server: durability does not matter, speed does. More
  # connections than the default 100, as every test database and Orleans
  # host keeps its own pool.
  juxa_pg_start "$pg_data" "$port" -F -c full_page_writes=off -c synchronous_commit=off \
    -c max_connections=300
  pg_ours=$JUXA_PG_STARTED
  export JUXA_TEST_CONNECTION="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
fi

# Fresh results for this run only: stale .trx files would be counted again.
rm -rf "$results"
mkdir -p "$results"

echo "running tests…"
# A plain trx logger (no LogFileName): with one fixed name, each test project
# of the solution would overwrite the previous one's file; the default names
# are unique per project. setsid puts dotnet test and its test hosts in their
# own process group, so an interrupt can stop them all (see teardown); it runs
# in the background so that SIGTERM reaches our trap while tests run.
launcher=()
command -v setsid >/dev/null 2>&1 && launcher=(setsid)
"${launcher[@]}" dotnet test Juxa.sln -c Release --no-build --nologo \
  --logger trx --results-directory "$results" --filter "$main_filter" "${test_args[@]}" &
test_pid=$!
test_status=0
wait "$test_pid" || test_status=$?
test_pid=''

if ((cluster)); then
  echo "running the cluster fault tests…"
  export JUXA_CLUSTER_REPORT=$tmp/cluster-report.txt
  : >"$JUXA_CLUSTER_REPORT"
  "${launcher[@]}" dotnet test tests/Juxa.Cluster.Tests/Juxa.Cluster.Tests.csproj -c Release --no-build --nologo \
    --logger trx --results-directory "$results" --filter "$cluster_filter" "${test_args[@]}" &
  test_pid=$!
  wait "$test_pid" || test_status=$?
  test_pid=''
  if [[ -s "$JUXA_CLUSTER_REPORT" ]]; then
    echo "cluster fault tests measured:"
    sed 's/^/  /' "$JUXA_CLUSTER_REPORT"
  fi
fi

# Sum the <Counters .../> of every .trx file (attributes missing count as 0).
count() {
  local n
  n=$(sed -n "s/.*[[:space:]]$1=\"\([0-9]*\)\".*/\1/p" <<<"$2" | head -n 1)
  printf '%s\n' "${n:-0}"
}
total=0 executed=0 passed=0 failed=0 not_executed=0 trx_files=0
while IFS= read -r -d '' trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)
  [[ -n "$counters" ]] || continue
  trx_files=$((trx_files + 1))
  total=$((total + $(count total "$counters")))
  executed=$((executed + $(count executed "$counters")))
  passed=$((passed + $(count passed "$counters")))
  # error/timeout/aborted are failures too.
  for kind in failed error timeout aborted; do
    failed=$((failed + $(count "$kind" "$counters")))
  done
  not_executed=$((not_executed + $(count notExecuted "$counters")))
done < <(find "$results" -name '*.trx' -print0)

skipped=$((total - executed))
((not_executed > skipped)) && skipped=$not_executed

teardown

status=0
if ((test_status != 0)); then
  echo "test.sh: dotnet test exited with status $test_status" >&2
  status=1
fi
if ((trx_files == 0)); then
  echo "test.sh: no test results (.trx) found in $results" >&2
  status=1
elif ((passed + failed == 0)); then
  echo "test.sh: no test ran" >&2
  status=1
fi
((failed > 0)) && status=1

summary="$passed passed, $failed failed"
((skipped > 0)) && summary+=", $skipped skipped"
echo "$summary"
exit "$status"
