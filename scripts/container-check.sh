#!/usr/bin/env bash
# Build the sheetsync image on a Debian base made here, without any registry, run it, and check
# it: /healthz, a refresh of the sample workbook (workbooks mode, HMAC-signed), a non-root
# process, the image's health check, the worker and CLI commands, and a malformed setting
# refused at start. Needs root (debootstrap, podman); installs both from Debian when missing.
#
#   sudo scripts/container-check.sh            # about 8 minutes the first time, see docs/deploy.md
#
# Environment:
#   CHECK_DIR        work folder (the base's root file system, the workbooks) [/var/tmp/sheetsync-check]
#   DEBIAN_MIRROR    the mirror debootstrap uses            [the first one apt is configured with]
#   DEBIAN_SUITE     the Debian release of the base                                    [bookworm]
#   REBUILD_BASE=1   make the base again even when the image already exists
#   PIP_CA_BUNDLE    a CA bundle pip needs inside the build (a TLS-inspecting proxy); lent as a
#                    build secret, never stored in the image
#   CHECK_PORT       the host port the container answers on                               [18080]
#   KEEP=1           leave the container running at the end
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CHECK_DIR=${CHECK_DIR:-/var/tmp/sheetsync-check}
DEBIAN_SUITE=${DEBIAN_SUITE:-bookworm}
BASE_IMAGE=localhost/sheetsync-base:$DEBIAN_SUITE
IMAGE=localhost/sheetsync:check
NAME=sheetsync-check-$$
CHECK_PORT=${CHECK_PORT:-18080}
SHEET=demo-shop-0123456789abcdef  # a workbook's id is its file name: 20+ characters
SECRET=container-check-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')

START=$(date +%s)
step() { printf '\n== [%4ss] %s\n' "$(($(date +%s) - START))" "$*"; }
fail() { printf 'FAILED: %s\n' "$*" >&2; exit 1; }

# Sandboxes and some CI runners refuse what podman does by default: raising the open-files and
# processes limits past the caller's own (no CAP_SYS_RESOURCE), and crun refuses hybrid cgroups.
# runc with the caller's own hard limits works in both places and changes nothing elsewhere.
RUNTIME=(--runtime runc)
LIMITS=(--ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit "nproc=4096:4096")
podman_run() { podman "${RUNTIME[@]}" run "${LIMITS[@]}" "$@"; }

cleanup() {
    if [[ ${KEEP:-0} != 1 ]]; then podman rm --force --ignore "$NAME" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

step "tools: debootstrap, podman, runc"
missing=()
for tool in debootstrap podman runc curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi
podman --version

mirror() {
    # The first deb.debian.org-style URI apt is configured with (deb822 or one-line sources).
    local uri
    uri=$(grep -hoE '^(URIs:|deb) +[^ ]+' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list \
        2>/dev/null | awk '{print $2}' | grep -vE 'security|updates' | grep -E '/debian/?$' | head -1)
    echo "${uri:-http://deb.debian.org/debian}"
}

if [[ ${REBUILD_BASE:-0} == 1 ]] || ! podman image exists "$BASE_IMAGE"; then
    DEBIAN_MIRROR=${DEBIAN_MIRROR:-$(mirror)}
    step "base: debootstrap $DEBIAN_SUITE from $DEBIAN_MIRROR"
    rm -rf "$CHECK_DIR/rootfs"
    mkdir -p "$CHECK_DIR"
    debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
        "$DEBIAN_SUITE" "$CHECK_DIR/rootfs" "$DEBIAN_MIRROR" >"$CHECK_DIR/debootstrap.log" 2>&1 \
        || { tail -20 "$CHECK_DIR/debootstrap.log"; fail "debootstrap"; }
    chroot "$CHECK_DIR/rootfs" apt-get clean
    rm -rf "$CHECK_DIR"/rootfs/var/lib/apt/lists/*
    step "base: import as $BASE_IMAGE"
    tar -C "$CHECK_DIR/rootfs" -c . | podman import --change 'CMD ["python3"]' - "$BASE_IMAGE" >/dev/null
    rm -rf "$CHECK_DIR/rootfs"
else
    step "base: $BASE_IMAGE already made (REBUILD_BASE=1 to make it again)"
fi
podman image inspect --format 'base image {{.Id}} {{.Size}} bytes' "$BASE_IMAGE"

step "build: $IMAGE from the Dockerfile on $BASE_IMAGE"
build_args=(--format docker --build-arg "BASE_IMAGE=$BASE_IMAGE" --tag "$IMAGE")
if [[ -n ${PIP_CA_BUNDLE:-} ]]; then build_args+=(--secret "id=pip_ca,src=$PIP_CA_BUNDLE"); fi
if [[ -f $ROOT/requirements/constraints.txt ]]; then
    echo "installing with the pinned constraints of requirements/constraints.txt"
fi
podman "${RUNTIME[@]}" build "${LIMITS[@]}" "${build_args[@]}" "$ROOT" 2>&1 \
    | grep --line-buffered -vE '^(  |Collecting|Downloading|Saved|Processing|Requirement|Building|Created|Stored|Successfully built)' \
    || true
podman image exists "$IMAGE" || fail "the image was not built"
podman image inspect --format 'image {{.Id}} {{.Size}} bytes, user {{.Config.User}}' "$IMAGE"

step "CLI: sheetsync sample, in the image, into a mounted folder"
books="$CHECK_DIR/books"
rm -rf "$books" && mkdir -p "$books" && chmod 0777 "$books"
podman_run --rm --no-healthcheck -v "$books:/books" "$IMAGE" sample "/books/$SHEET.xlsx" | tail -3
[[ -s $books/$SHEET.xlsx ]] || fail "sheetsync sample wrote no workbook"

step "CLI: the C xlsx scanner was built into the image, and reads the sample itself"
podman_run --rm --no-healthcheck --entrypoint /opt/sheetsync/bin/python -v "$books:/books" \
    "$IMAGE" -c "from sheetsync.sources import xlsx_scan
assert xlsx_scan.available(), 'the image has no C xlsx scanner: calamine reads alone'
sheets = xlsx_scan.start('/books/$SHEET.xlsx')
read = [n for n in sheets.names if sheets.sheet(n) is not None]
assert read, 'the scanner read no tab of the sample'
print('scanner built; read', len(read), 'of', len(sheets.names), 'tabs')" \
    || fail "the image's xlsx scanner"

step "a malformed setting stops the start, naming it"
if out=$(podman_run --rm --no-healthcheck -e SHEETSYNC_WORKERS=many -e SHEETSYNC_AUTH=hmac \
    -e "SHEETSYNC_HMAC_SECRET=$SECRET" "$IMAGE" web 2>&1); then
    fail "the web started with SHEETSYNC_WORKERS=many"
fi
echo "$out" | tail -4
grep -q SHEETSYNC_WORKERS <<<"$out" || fail "the message does not name SHEETSYNC_WORKERS"
if grep -q Traceback <<<"$out"; then fail "a traceback instead of a message"; fi

step "web: start (workbooks mode, HMAC) on port $CHECK_PORT"
podman_run -d --name "$NAME" -p "127.0.0.1:$CHECK_PORT:8080" -v "$books:/books" \
    -e SHEETSYNC_WORKBOOKS=/books -e SHEETSYNC_AUTH=hmac -e "SHEETSYNC_HMAC_SECRET=$SECRET" \
    "$IMAGE" >/dev/null
for _ in $(seq 60); do
    curl -fsS "http://127.0.0.1:$CHECK_PORT/healthz" >/dev/null 2>&1 && break
    sleep 1
done
echo "GET /healthz -> $(curl -fsS "http://127.0.0.1:$CHECK_PORT/healthz")" \
    || { podman logs "$NAME" | tail -20; fail "/healthz"; }

step "web: the process is not root"
uids=$(podman exec "$NAME" grep ^Uid: /proc/1/status)
echo "pid 1 ($(podman exec "$NAME" cat /proc/1/comm)): $uids; id: $(podman exec "$NAME" id)"
[[ $(awk '{print $2}' <<<"$uids") != 0 ]] || fail "pid 1 runs as root"
every=$(podman exec "$NAME" sh -c 'cat /proc/[0-9]*/status' | awk '/^Uid:/{print $2}' | sort -u)
echo "real uids of every process in the container: $(echo $every)"
! grep -qx 0 <<<"$every" || fail "a process in the container runs as root"

step "web: POST /v1/spreadsheets/$SHEET/refresh (signed), polling the run if it answers 202"
signed() {  # METHOD PATH [BODY]: the answer's body, a newline, then its HTTP status
    local stamp nonce signature
    stamp=$(date +%s)
    nonce=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')  # each signature is accepted once
    signature=$(STAMP=$stamp METHOD=$1 SIGNED_PATH=$2 BODY=${3:-} NONCE=$nonce SECRET=$SECRET python3 -c '
import hashlib, hmac, os
env = os.environ
# timestamp, method, path, query, user, nonce: one line each, then the body (docs/service.md)
lines = [env["STAMP"], env["METHOD"], env["SIGNED_PATH"], "", "check@example.com", env["NONCE"]]
message = "".join(line + "\n" for line in lines).encode() + env["BODY"].encode()
print("sha256=" + hmac.new(env["SECRET"].encode(), message, hashlib.sha256).hexdigest())')
    curl -sS -w '\n%{http_code}' -X "$1" "http://127.0.0.1:$CHECK_PORT$2" \
        -H 'Content-Type: application/json' -H "X-Sheetsync-Timestamp: $stamp" \
        -H "X-Sheetsync-Nonce: $nonce" \
        -H "X-Sheetsync-Signature: $signature" -H 'X-Sheetsync-User: check@example.com' \
        ${3:+--data "$3"}
}
field() { python3 -c 'import json, sys; print(json.loads(sys.stdin.read())[sys.argv[1]])' "$1"; }
before=$(stat -c %Y "$books/$SHEET.xlsx")
answer=$(signed POST "/v1/spreadsheets/$SHEET/refresh" '{"wait": true}')
status=${answer##*$'\n'} && run=${answer%$'\n'*}
echo "HTTP $status, run $(field id <<<"$run"): $(field status <<<"$run")"
[[ $status == 200 || $status == 202 ]] || { podman logs "$NAME" | tail; fail "refresh: $status"; }
for _ in $(seq 120); do
    [[ $(field status <<<"$run") == running || $(field status <<<"$run") == queued ]] || break
    sleep 2
    answer=$(signed GET "/v1/spreadsheets/$SHEET/runs/$(field id <<<"$run")")
    run=${answer%$'\n'*}
done
echo "run: $(head -c 600 <<<"$run")"
[[ $(field status <<<"$run") == succeeded ]] || fail "the run did not succeed"
[[ $(stat -c %Y "$books/$SHEET.xlsx") -ge $before ]] || fail "the workbook was not written"
echo "workbook written back: $(stat -c '%s bytes at %y' "$books/$SHEET.xlsx")"

step "web: the image's HEALTHCHECK"
podman "${RUNTIME[@]}" healthcheck run "$NAME" && echo "healthy"

step "worker: the same image runs the queue worker's command"
podman_run --rm --no-healthcheck "$IMAGE" worker --help | head -3

step "done: every check passed in $(($(date +%s) - START)) s"
