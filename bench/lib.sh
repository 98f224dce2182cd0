# shellcheck shell=bash
# shellcheck disable=SC2154 # bench_name, tmp and ports_used are the caller's
# Helpers the bench drivers (run-*.sh) share. Source it after deploy/local/pg.sh and after setting
# bench_name; pick_port and build use the caller's $ports_used and $tmp, read when they are called.

die() { printf '%s: error: %s\n' "$bench_name" "$*" >&2; exit 1; }
say() { printf '%s\n' "$*" >&2; }

# pick_port VAR: set VAR to a free port not yet handed out by this script
# (pg.sh picks from 20000-29999, away from the usual 3077/11111/30000/5432).
pick_port() {
  local p i
  for ((i = 0; i < 50; i++)); do
    p=$(juxa_pg_free_port)
    if [[ " $ports_used " != *" $p "* ]]; then
      ports_used+=" $p"
      printf -v "$1" '%s' "$p"
      return 0
    fi
  done
  die "no free port found"
}

# build PROJECT: a Release build, log in $tmp/build.log, shown on failure.
build() {
  local project=$1
  say "building $project (Release)…"
  # One retry: a concurrent build of the same project can hold its obj/ files.
  dotnet build "$project" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1 ||
    { sleep 5; dotnet build "$project" -c Release -nologo -v quiet >"$tmp/build.log" 2>&1; } ||
    { tail -n 40 "$tmp/build.log" >&2; die "building $project failed"; }
}
