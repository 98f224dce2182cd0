#!/usr/bin/env bash
# Checks that the deployment files that cannot run here (deploy/compose/,
# deploy/k8s/) still match the code, so that CI catches drift:
#   - every image's entry point is a dll that a project of the repo builds, and
#     the Dockerfile publishes that project into the directory the image copies;
#   - compose build targets exist in the Dockerfile; Kubernetes images are images
#     that compose builds;
#   - every environment variable they set (compose, Kubernetes, Dockerfile ENV)
#     is read by the code: an options property of a bound section, a connection
#     string the code asks for, a key the code reads by name, or a documented
#     ASP.NET Core / Orleans Kubernetes hosting variable;
#   - ports agree: ASPNETCORE_URLS, EXPOSE, containerPort, probes, the Service,
#     nginx's upstreams, and the silo/gateway ports (defaults from the code);
#   - probe paths are endpoints the code maps; the silo pods' orleans/* labels
#     equal the cluster and service ids.
# With kubectl at hand, `kubectl kustomize deploy/k8s` must also render.
#
#   deploy/check.sh        (./test.sh runs it; exit status 1 on any mismatch)
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
cd "$repo"
compose=deploy/compose/docker-compose.yml
dockerfile=deploy/compose/Dockerfile
nginx=deploy/compose/nginx.conf
k8s_files=(deploy/k8s/silo.yaml deploy/k8s/api.yaml)
failures=0
fail() { printf 'deploy/check.sh: %s\n' "$*" >&2; failures=$((failures + 1)); }

for f in "$compose" "$dockerfile" "$nginx" "${k8s_files[@]}" deploy/k8s/kustomization.yaml; do
  [[ -f "$f" ]] || { fail "$f is missing"; }
done
((failures == 0)) || exit 1

# C# sources (no build output).
mapfile -t sources < <(find src -name '*.cs' -not -path '*/bin/*' -not -path '*/obj/*')
src_has() { grep -qF -- "$1" "${sources[@]}"; }

# --- what the code reads ------------------------------------------------------

orleans_options=src/Juxa.Grains/Hosting/JuxaOrleansOptions.cs
# default_of PROPERTY: the initializer of a JuxaOrleansOptions property ("= 11111;").
default_of() { sed -n "s/.* $1 { get; set; } = \\([^;]*\\);.*/\\1/p" "$orleans_options" | tr -d '"'; }

# key_is_read KEY (environment form, __ for :): 0 when the code reads it.
key_is_read() {
  local key=${1//__/:} section prop file
  case "$key" in
  ASPNETCORE_URLS | ASPNETCORE_ENVIRONMENT | DOTNET_ENVIRONMENT | ASPNETCORE_FORWARDEDHEADERS_ENABLED | Logging:*) return 0 ;; # ASP.NET Core's own
  POD_NAME | POD_NAMESPACE | POD_IP)                                                     # Orleans' Kubernetes hosting
    grep -q 'UseKubernetesHosting' src/Juxa.Silo/Program.cs ;;
  ConnectionStrings:*) src_has "GetConnectionString(\"${key#ConnectionStrings:}\")" ;;
  *:*)
    section=${key%:*}
    prop=${key##*:}
    file=$(grep -lF "const string Section = \"$section\";" "${sources[@]}" | head -n 1)
    if [[ -n "$file" ]] && grep -qE "public [^ ]+\\?? $prop \\{ get; set; \\}" "$file"; then return 0; fi
    src_has "\"$key\"" ;;
  *) src_has "\"$key\"" ;;
  esac
}

# --- parsers (for the layout these files use) ---------------------------------

# compose_env: "service KEY VALUE" for every environment entry.
compose_env() {
  awk '
    /^  [A-Za-z0-9_-]+:[[:space:]]*$/ { svc = $1; sub(":", "", svc); inenv = 0; next }
    /^    environment:[[:space:]]*$/ { inenv = 1; next }
    /^    [^ ]/ { inenv = 0 }
    inenv && /^      [A-Za-z_][A-Za-z0-9_]*:/ {
      line = $0; sub(/^ +/, "", line); key = line; sub(/:.*/, "", key); val = line; sub(/^[^:]*:[[:space:]]*/, "", val)
      gsub(/"/, "", val); print svc, key, val
    }' "$compose"
}
# compose_field SERVICE FIELD: a one-line field of a service (image, target from build).
compose_image() { awk -v s="  $1:" '$0 == s { on = 1; next } /^  [^ ]/ { on = 0 } on && /^    image:/ { print $2 }' "$compose"; }
compose_target() { awk -v s="  $1:" '$0 == s { on = 1; next } /^  [^ ]/ { on = 0 } on && /^    build:/ { if (match($0, /target: *[A-Za-z0-9_-]+/)) { t = substr($0, RSTART, RLENGTH); sub(/target: */, "", t); print t } }' "$compose"; }
compose_services() { awk '/^services:/ { on = 1; next } /^[^ ]/ { on = 0 } on && /^  [A-Za-z0-9_-]+:[[:space:]]*$/ { s = $1; sub(":", "", s); print s }' "$compose"; }

# k8s_env FILE: "KEY VALUE" for each env entry (VALUE "-" for valueFrom).
k8s_env() {
  awk '
    /^ *env:[[:space:]]*$/ { match($0, /^ */); envind = RLENGTH; inenv = 1; next }
    inenv { match($0, /^ */); if ($0 !~ /^ *$/ && RLENGTH <= envind) inenv = 0 }
    inenv && /^ *- name: / { if (key != "") print key, val; key = $3; val = "-"; next }
    inenv && /^ *value: / { v = $0; sub(/^ *value: */, "", v); gsub(/"/, "", v); val = v }
    END { if (key != "") print key, val }' "$1"
}
k8s_value() { k8s_env "$1" | awk -v k="$2" '$1 == k { print $2 }'; }
k8s_port() { awk -v n="$2" '$0 ~ "- name: " n "$" { getline; if ($1 == "containerPort:") print $2 }' "$1"; }
url_port() { sed -n 's#^https\{0,1\}://[^:/]*:\([0-9]*\).*#\1#p' <<<"$1"; }

# dockerfile_stage_env STAGE: "KEY VALUE" from the stage's ENV lines.
dockerfile_stage() { awk -v s="$1" '/^FROM / { on = ($NF == s) } on' "$dockerfile"; }
dockerfile_stage_env() {
  dockerfile_stage "$1" | sed -n 's/^ENV //p' | tr ' ' '\n' | sed -n 's/^\([A-Za-z_][A-Za-z0-9_]*\)=\(.*\)$/\1 \2/p'
}
dockerfile_stages() { sed -n 's/^FROM .* AS \([a-z0-9_-]*\)$/\1/p' "$dockerfile"; }

# --- images and entry points --------------------------------------------------

for stage in $(dockerfile_stages); do
  [[ "$stage" == build ]] && continue
  dll=$(dockerfile_stage "$stage" | sed -n 's/^ENTRYPOINT \["dotnet", "\([^"]*\)\.dll"\]$/\1/p')
  out=$(dockerfile_stage "$stage" | sed -n 's#^COPY --from=build /out/\([a-z0-9_-]*\) .*#\1#p')
  if [[ -z "$dll" ]]; then fail "Dockerfile stage $stage has no ENTRYPOINT [\"dotnet\", \"X.dll\"]"; continue; fi
  project=src/$dll/$dll.csproj
  [[ -f "$project" ]] || fail "Dockerfile stage $stage runs $dll.dll, but $project does not exist"
  if grep -q '<AssemblyName>' "$project" 2>/dev/null; then fail "$project sets AssemblyName: its dll is not $dll.dll"; fi
  grep -qE "dotnet publish $project .*-o /out/$out( |$)" "$dockerfile" ||
    fail "Dockerfile stage $stage copies /out/$out, but no 'dotnet publish $project ... -o /out/$out' fills it"
  while read -r key value; do
    key_is_read "$key" || fail "Dockerfile stage $stage sets $key, which the code does not read"
    if [[ "$key" == ASPNETCORE_URLS ]]; then
      dockerfile_stage "$stage" | grep -qE "^EXPOSE .*\\b$(url_port "$value")\\b" ||
        fail "Dockerfile stage $stage listens on $(url_port "$value") (ASPNETCORE_URLS) but does not EXPOSE it"
    fi
  done < <(dockerfile_stage_env "$stage")
done

# --- compose --------------------------------------------------------------------

declare -A built_images=()
for svc in $(compose_services); do
  target=$(compose_target "$svc")
  image=$(compose_image "$svc")
  if [[ -n "$target" ]]; then
    dockerfile_stages | grep -qx "$target" || fail "compose service $svc builds target $target, which $dockerfile does not have"
    [[ -n "$image" ]] && built_images[$image]=$target
  fi
done
while read -r svc key value; do
  image=$(compose_image "$svc")
  [[ "$image" == juxa/* ]] || continue # third-party images (postgres, nginx) have their own variables
  [[ -n "${built_images[$image]:-}" ]] || fail "compose service $svc uses image $image, which no service builds"
  key_is_read "$key" || fail "compose service $svc sets $key, which the code does not read"
done < <(compose_env)

# nginx upstreams: compose API services, on the port their ASPNETCORE_URLS gives.
while read -r host port; do
  urls=$(compose_env | awk -v s="$host" '$1 == s && $2 == "ASPNETCORE_URLS" { print $3 }')
  [[ -n "$urls" ]] || { fail "nginx upstream $host is not a compose service with ASPNETCORE_URLS"; continue; }
  [[ "$(url_port "$urls")" == "$port" ]] || fail "nginx sends to $host:$port, but $host listens on $(url_port "$urls")"
done < <(sed -n 's/^ *server \([a-z0-9-]*\):\([0-9]*\).*/\1 \2/p' "$nginx")
for svc in $(compose_services); do
  [[ "$(compose_image "$svc")" == juxa/api ]] || continue
  grep -qE "^ *server $svc:" "$nginx" || fail "compose API service $svc is not an nginx upstream"
done

# Silo ports in compose: what the code would use.
while read -r svc key value; do
  case "$key" in
  Juxa__Orleans__SiloPort | Juxa__Orleans__GatewayPort) [[ "$value" =~ ^[0-9]+$ ]] || fail "compose $svc: $key=$value is not a port" ;;
  esac
done < <(compose_env)

# --- Kubernetes ---------------------------------------------------------------

for f in "${k8s_files[@]}"; do
  image=$(sed -n 's/^ *image: \([^:]*\).*/\1/p' "$f" | head -n 1)
  [[ -n "${built_images[$image]:-}" ]] || fail "$f runs image $image, which compose does not build from $dockerfile"
  while read -r key _; do
    key_is_read "$key" || fail "$f sets $key, which the code does not read"
  done < <(k8s_env "$f")
  http=$(url_port "$(k8s_value "$f" ASPNETCORE_URLS)")
  [[ -n "$http" ]] || fail "$f sets no ASPNETCORE_URLS with a port"
  [[ "$(k8s_port "$f" http)" == "$http" ]] || fail "$f: containerPort http is $(k8s_port "$f" http), ASPNETCORE_URLS says $http"
  while read -r path port; do
    [[ "$port" == "$http" ]] || fail "$f: probe $path on port $port, but the app listens on $http"
    case "$image" in
    */silo) grep -qF "\"$path\"" src/Juxa.Silo/Program.cs || fail "$f probes $path, which Juxa.Silo does not map" ;;
    *) src_has "\"$path\"" || fail "$f probes $path, which Juxa.Api does not map" ;;
    esac
  done < <(sed -n 's/.*httpGet: { path: \([^,]*\), port: \([0-9]*\) }.*/\1 \2/p' "$f")
done

silo=deploy/k8s/silo.yaml
[[ "$(k8s_value "$silo" Juxa__Orleans__Kubernetes)" == true ]] || fail "$silo does not switch on Kubernetes hosting (Juxa__Orleans__Kubernetes=true)"
for port in Silo Gateway; do
  want=$(k8s_value "$silo" "Juxa__Orleans__${port}Port")
  want=${want:-$(default_of "${port}Port")}
  name=$(tr '[:upper:]' '[:lower:]' <<<"$port")
  [[ "$(k8s_port "$silo" "$name")" == "$want" ]] || fail "$silo: containerPort $name is $(k8s_port "$silo" "$name"), the silo uses $want"
done
for id in ClusterId ServiceId; do
  want=$(k8s_value "$silo" "Juxa__Orleans__$id")
  want=${want:-$(default_of "$id")}
  label=$(sed -n "s#^ *orleans/${id,}: \\(.*\\)#\\1#p" "$silo" | tr -d '"')
  [[ "$label" == "$want" ]] || fail "$silo: label orleans/${id,} is '$label', the silo's $id is '$want'"
  api_value=$(k8s_value deploy/k8s/api.yaml "Juxa__Orleans__$id")
  [[ "${api_value:-$(default_of "$id")}" == "$want" ]] || fail "deploy/k8s/api.yaml joins $id '${api_value}', the silos use '$want'"
done
service_target=$(awk '/^kind: Service$/ { on = 1 } on && /targetPort:/ { print $2; exit }' deploy/k8s/api.yaml)
[[ "$service_target" == "$(k8s_port deploy/k8s/api.yaml http)" ]] || fail "the juxa-api Service targets port $service_target, the API listens on $(k8s_port deploy/k8s/api.yaml http)"

if command -v kubectl >/dev/null 2>&1; then
  kubectl kustomize deploy/k8s >/dev/null 2>&1 || fail "kubectl kustomize deploy/k8s does not render"
fi

if ((failures > 0)); then
  printf 'deploy/check.sh: %d mismatch(es) between deploy/ and the code\n' "$failures" >&2
  exit 1
fi
echo "deploy/check.sh: compose, Dockerfile, nginx and Kubernetes manifests match the code"
