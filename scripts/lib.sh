# The one shell library every regscope script sources (scripts/*, tests/stack/*): logging,
# package installs, HTTP waits, background processes and the relays the tests start.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# What `say` and `die` put before a line (`stack` for the test stack's scripts).
LOG_PREFIX=${LOG_PREFIX:-}

say() {
  if [ -n "$LOG_PREFIX" ]; then printf '%s: %s\n' "$LOG_PREFIX" "$*" >&2
  else printf '\033[1m==> %s\033[0m\n' "$*" >&2; fi
}
die() { printf 'error: %s%s\n' "${LOG_PREFIX:+$LOG_PREFIX: }" "$*" >&2; exit 1; }

# --- installs ----------------------------------------------------------------------------

# apt_install PKG…: installs the packages not yet installed, `apt-get update` once per run,
# with service starts denied meanwhile (docker-registry's postinst would start a systemd
# service with a broken config); an existing policy-rc.d is put back afterwards.
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "apt: installing ${missing[*]}"
  local sudo="" policy=/usr/sbin/policy-rc.d saved="" status=0
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if [ -e "$policy" ]; then saved=$(mktemp); $sudo cp -p "$policy" "$saved"; fi
  printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  if [ -z "${REGSCOPE_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq || status=$?
    export REGSCOPE_APT_UPDATED=1
  fi
  [ "$status" = 0 ] && { DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    --no-install-recommends "${missing[@]}" >/dev/null || status=$?; }
  if [ -n "$saved" ]; then $sudo mv "$saved" "$policy"; else $sudo rm -f "$policy"; fi
  [ "$status" = 0 ] || die "apt-get could not install ${missing[*]}"
}

# cargo_install_tool CRATE@VERSION [ARG…]: `cargo install` for a build tool we run but never
# ship, with a profile that compiles fast: the tools' own release profiles (LTO, one codegen
# unit, full optimization) cost many minutes of compiling on 2 cores and buy nothing we
# measure (unoptimized, wasm-bindgen takes 0.6 s on the app instead of 0.2 s, same output).
# Both tools build in one target directory (target/tools), so the dependencies they share
# (syn, serde, clap, …) compile once, and a later version bump rebuilds only what changed.
cargo_install_tool() {
  CARGO_TARGET_DIR="${REGSCOPE_TOOLS_TARGET:-$ROOT/target/tools}" cargo install \
    --config 'profile.release.opt-level=0' --config 'profile.release.lto=false' \
    --config 'profile.release.codegen-units=256' --config 'profile.release.debug=0' \
    --config 'profile.release.incremental=false' "$@"
}

# --- HTTP --------------------------------------------------------------------------------

# http_code URL [CURL_ARG…]: the status URL answers with, or 000 when nothing answers.
http_code() {
  local url=$1
  shift
  curl -s -o /dev/null -m 5 -w '%{http_code}' "$@" "$url" 2>/dev/null || true
}

# wait_http URL CODE SECONDS [PID]: until URL answers CODE (0 on success); gives up after
# SECONDS, or as soon as PID (when given) has exited.
wait_http() {
  local url=$1 want=$2 seconds=$3 pid=${4:-} code=""
  for _ in $(seq $((seconds * 10))); do
    code=$(http_code "$url")
    [ "$code" = "$want" ] && return 0
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  say "no $want from $url (last: ${code:-none})"
  return 1
}

# port_busy PORT: something answers HTTP on 127.0.0.1:PORT.
port_busy() { [ "$(http_code "http://127.0.0.1:$1/")" != 000 ]; }

# --- background processes ----------------------------------------------------------------

# The pids of what this script started with `background`; `stop_background` ends them.
BACKGROUND_PIDS=()

# background LOG COMMAND…: runs COMMAND in the background with its output in LOG; its pid is
# in $LAST_PID and is ended by `stop_background`.
background() {
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  LAST_PID=$!
  BACKGROUND_PIDS+=("$LAST_PID")
}

# stop_background: ends (and reaps) every process `background` started.
stop_background() {
  local pid
  for pid in "${BACKGROUND_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${BACKGROUND_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  BACKGROUND_PIDS=()
}

# start_relay BIN LISTEN LOG [FLAG…]: a relay serving dist/ with the stack's loopback
# registries insecure, the blob origin :5004 that :5003 redirects blobs to a plain-http blob
# host, and Docker Hub's API host mapped to the local registry (so `alpine` runs offline),
# waited for on /healthz.
start_relay() {
  local bin=$1 listen=$2 log=$3
  shift 3
  background "$log" "$bin" --listen "$listen" --static-dir "$ROOT/dist" \
    --insecure-registry 127.0.0.1 --insecure-blob-host 127.0.0.1:5004 \
    --map-host registry-1.docker.io=http://127.0.0.1:5000 "$@"
  wait_http "http://$listen/healthz" 200 30 "$LAST_PID" || { tail -20 "$log" >&2; die "the relay on $listen did not start"; }
}

# median: the median of the numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
