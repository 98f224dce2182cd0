#!/usr/bin/env bash
# Smoke test of ./run.sh, the way a newcomer uses it: from an empty JUXA_HOME,
# start it, wait for /health/ready, call the API with the bootstrap admin key
# (the contract's Quick Start, as written there),
# then SIGTERM run.sh and check that it stopped Juxa and its PostgreSQL.
#
# Environment: JUXA_SMOKE_TIMEOUT  seconds to wait for readiness (default 120)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
# shellcheck source=deploy/local/pg.sh
. "$repo/deploy/local/pg.sh"

timeout_s=${JUXA_SMOKE_TIMEOUT:-120}

if ! command -v curl >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "installing curl…"
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends curl >/dev/null
  else
    echo "smoke: curl is required" >&2
    exit 1
  fi
fi

# A clean state dir and two distinct free ports: nothing from a developer's
# own .juxa or a running Juxa may leak in.
JUXA_HOME=$(mktemp -d -t juxa-smoke.XXXXXX)
export JUXA_HOME
log=$(mktemp -t juxa-smoke-log.XXXXXX)
api_port=$(juxa_pg_free_port)
pg_port=$(juxa_pg_free_port)
while [[ "$pg_port" == "$api_port" ]]; do pg_port=$(juxa_pg_free_port); done
export ASPNETCORE_URLS=http://127.0.0.1:$api_port
export JUXA_PG_PORT=$pg_port
unset ConnectionStrings__Juxa
base=http://127.0.0.1:$api_port
pg_data=$JUXA_HOME/pgdata
run_pid=''

# Wait up to $2 seconds for pid $1 to exit; 0 if it did.
wait_gone() {
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.1
  done
  return 1
}

# shellcheck disable=SC2317 # only called from the EXIT trap
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  set +e
  if [[ -n "$run_pid" ]] && kill -0 "$run_pid" 2>/dev/null; then
    kill -TERM "$run_pid" 2>/dev/null
    wait_gone "$run_pid" 60 || kill -KILL "$run_pid" 2>/dev/null
  fi
  # Whatever happened to run.sh, leave no server behind.
  juxa_pg_status "$pg_data" && juxa_pg_stop "$pg_data"
  rm -rf "$JUXA_HOME" "$log"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

fail() {
  echo "smoke: FAILED: $*" >&2
  echo "--- last 80 lines of run.sh output ---" >&2
  tail -n 80 "$log" >&2
  if [[ -f "$pg_data/server.log" ]]; then
    echo "--- last 20 lines of $pg_data/server.log ---" >&2
    tail -n 20 "$pg_data/server.log" >&2
  fi
  exit 1
}

echo "smoke: starting ./run.sh (JUXA_HOME=$JUXA_HOME, API port $api_port, PostgreSQL port $pg_port)…"
bash ./run.sh >"$log" 2>&1 &
run_pid=$!

printf 'smoke: waiting for %s/health/ready (up to %s s)… ' "$base" "$timeout_s"
deadline=$((SECONDS + timeout_s))
until curl -fsS --max-time 5 -o /dev/null "$base/health/ready" 2>/dev/null; do
  if ! kill -0 "$run_pid" 2>/dev/null; then
    echo "failed"
    wait "$run_pid" && rc=0 || rc=$?
    run_pid=''
    fail "run.sh exited (status $rc) before Juxa was ready"
  fi
  if ((SECONDS >= deadline)); then
    echo "failed"
    fail "not ready after $timeout_s s"
  fi
  sleep 1
done
echo "ok"

key_file=$JUXA_HOME/bootstrap-admin-key
printf 'smoke: reading the bootstrap admin key… '
[[ -s "$key_file" ]] || { echo "failed"; fail "$key_file is missing or empty"; }
mode=$(stat -c '%a' "$key_file")
[[ "$mode" == 600 ]] || { echo "failed"; fail "$key_file has mode $mode, expected 600"; }
key=$(tr -d '[:space:]' <"$key_file")
echo "ok"

printf 'smoke: GET /api/v1/workspace with the key… '
body=$(curl -fsS --max-time 15 -H "Authorization: Bearer $key" "$base/api/v1/workspace") ||
  { echo "failed"; fail "GET /api/v1/workspace with the bootstrap key failed"; }
[[ "$body" == *'"data"'* ]] || { echo "failed"; fail "GET /api/v1/workspace returned no \"data\": $body"; }
echo "ok"

printf 'smoke: GET /api/v1/workspace without a key is refused… '
code=$(curl -sS --max-time 15 -o /dev/null -w '%{http_code}' "$base/api/v1/workspace") || code=000
[[ "$code" == 401 ]] || { echo "failed"; fail "expected 401 without a key, got $code"; }
echo "ok"

# The contract's Quick Start (juxa-api-reference.md), its curl commands as written there, against this run.sh and
# its bootstrap key. quick_start runs one of them and prints the body; the status code goes to $quick_status.
export BASE_URL=$base JUXA_API_KEY=$key
quick_status=''
quick_body=''
quick_start() {
  local out
  out=$(curl -sS --max-time 15 -w '\n%{http_code}' "$@") || { echo "failed"; fail "curl $* failed"; }
  quick_status=${out##*$'\n'}
  quick_body=${out%$'\n'*}
}
expect() { # expect STATUS WHAT PATTERN...: the last Quick Start answer had STATUS and a body matching every PATTERN
  local status=$1 what=$2 pattern
  shift 2
  [[ "$quick_status" == "$status" ]] || { echo "failed"; fail "$what: expected HTTP $status, got $quick_status: $quick_body"; }
  for pattern in "$@"; do
    # shellcheck disable=SC2053 # the pattern is a glob on purpose
    [[ "$quick_body" == $pattern ]] || { echo "failed"; fail "$what: the body does not match $pattern: $quick_body"; }
  done
}

printf 'smoke: Quick Start, list all object types… '
quick_start -H "Authorization: Bearer $JUXA_API_KEY" "$BASE_URL/api/v1/objects"
expect 200 'GET /api/v1/objects' '*"slug":"people"*' '*"slug":"companies"*' '*"slug":"deals"*'
echo "ok"

printf 'smoke: Quick Start, list people records… '
quick_start -H "Authorization: Bearer $JUXA_API_KEY" "$BASE_URL/api/v1/objects/people/records"
expect 200 'GET people records' '*"records":\[\]*' '*"total":0*'
echo "ok"

printf 'smoke: Quick Start, create a person… '
quick_start -X POST "$BASE_URL/api/v1/objects/people/records" \
-H "Authorization: Bearer $JUXA_API_KEY" \
-H "Content-Type: application/json" \
-d '{"values": {"name": {"first_name": "Jane", "last_name": "Doe"}, "email_addresses": "jane@example.com"}}'
expect 201 'POST people record' '*"full_name":"Jane Doe"*' '*"email_addresses":\["jane@example.com"\]*'
[[ "$quick_body" =~ ^\{\"data\":\{\"id\":\"([0-9a-f-]{36})\" ]] || { echo "failed"; fail "no record id in $quick_body"; }
jane=${BASH_REMATCH[1]}
echo "ok ($jane)"

printf 'smoke: Quick Start, search across all records… '
quick_start -H "Authorization: Bearer $JUXA_API_KEY" "$BASE_URL/api/v1/search?q=Jane"
expect 200 'GET /api/v1/search?q=Jane' "*\"object\":\"people\",\"id\":\"$jane\"*"
echo "ok"

printf 'smoke: Quick Start, query deals with deal_value gte 10000, sorted desc… '
# Deals for the query to choose from; the Quick Start itself creates none.
for value in 5000 25000 10000 9999 12000; do
  quick_start -X POST "$BASE_URL/api/v1/objects/deals/records" -H "Authorization: Bearer $JUXA_API_KEY" \
    -H "Content-Type: application/json" -d "{\"values\": {\"name\": \"Deal $value\", \"deal_value\": $value}}"
  expect 201 "POST deal $value"
done
quick_start -X POST "$BASE_URL/api/v1/objects/deals/records/query" \
-H "Authorization: Bearer $JUXA_API_KEY" \
-H "Content-Type: application/json" \
-d '{"filter": {"operator": "and", "conditions": [{"attribute": "deal_value", "operator": "gte", "value": 10000}]}, "sorts": [{"attribute": "deal_value", "direction": "desc"}]}'
expect 200 'POST deals query' '*"total":3*'
amounts=$(grep -o '"amount":[0-9.]*' <<<"$quick_body" | cut -d: -f2 | paste -sd' ')
[[ "$amounts" == '25000 12000 10000' ]] || { echo "failed"; fail "deals query: expected amounts 25000 12000 10000 in that order, got '$amounts': $quick_body"; }
echo "ok ($amounts)"

printf 'smoke: SIGTERM to run.sh… '
kill -TERM "$run_pid"
wait_gone "$run_pid" 90 || { echo "failed"; fail "run.sh still running 90 s after SIGTERM"; }
wait "$run_pid" && rc=0 || rc=$?
run_pid=''
# 143 = ended by SIGTERM (its trap re-raises the usual status).
[[ "$rc" == 0 || "$rc" == 143 ]] || { echo "failed"; fail "run.sh exited with status $rc after SIGTERM"; }
echo "ok (status $rc)"

printf 'smoke: PostgreSQL and Juxa stopped… '
if juxa_pg_status "$pg_data"; then
  echo "failed"
  fail "run.sh left its PostgreSQL running on $pg_data"
fi
# Without -f: any HTTP answer at all means the API is still up.
if curl -s --max-time 2 -o /dev/null "$base/" 2>/dev/null; then
  echo "failed"
  fail "Juxa still answers on $base after run.sh stopped"
fi
echo "ok"
echo "smoke: run.sh ok"
