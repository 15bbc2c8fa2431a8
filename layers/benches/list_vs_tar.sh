#!/usr/bin/env bash
# Lists layer files with the streaming reader (examples/list_layer.rs, release build) and with
# GNU tar, taking turns, and prints the medians of wall time and of CPU time (user + system,
# tar's gzip or zstd child included) and their ratios.
#   layers/benches/list_vs_tar.sh [-n RUNS] FILE.tar.gz [FILE.tar.zst FILE.tar ...]
# It also times the decompressor alone (`gzip -dc`, `zstd -dc`; `cat` for a plain tar): the
# floor any lister of that file stands on. The machine is shared and noisy: read the ratios.
set -euo pipefail
runs=5
if [[ "${1:-}" == "-n" ]]; then runs=$2; shift 2; fi
[[ $# -gt 0 ]] || { echo "usage: $0 [-n RUNS] FILE..." >&2; exit 2; }
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --release --quiet -p regscope-layers --example list_layer --manifest-path "$root/Cargo.toml"
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
lister="$target_dir/release/examples/list_layer"

# Runs a command with its output discarded; prints "wall cpu" in seconds.
measure() {
  local TIMEFORMAT='%R %U %S' line
  line=$({ time "$@" > /dev/null 2>&1; } 2>&1)
  awk '{ printf "%.3f %.3f\n", $1, $2 + $3 }' <<< "$line"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
col() { awk -v c="$1" '{ print $c }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

printf '%-16s %-20s %8s %8s %8s %8s %8s %8s\n' file lister wall_s tar_wall ratio cpu_s tar_cpu ratio
for file in "$@"; do
  case "$file" in
    *.gz|*.tgz) tar_cmd=(tar -tzf "$file"); floor_cmd=(gzip -dc "$file"); floor=gzip-dc ;;
    *.zst) tar_cmd=(tar --zstd -tf "$file"); floor_cmd=(zstd -dc "$file"); floor=zstd-dc ;;
    *) tar_cmd=(tar -tf "$file"); floor_cmd=(cat "$file"); floor=cat ;;
  esac
  ours=""; theirs=""; floors=""
  for _ in $(seq "$runs"); do
    ours+="$(measure "$lister" "$file" --quiet)"$'\n'
    theirs+="$(measure "${tar_cmd[@]}")"$'\n'
    floors+="$(measure "${floor_cmd[@]}")"$'\n'
  done
  for row in "regscope list_layer:$ours" "$floor (alone):$floors"; do
    name=${row%%:*}; data=${row#*:}
    w=$(col 1 <<< "${data%$'\n'}" | median); c=$(col 2 <<< "${data%$'\n'}" | median)
    tw=$(col 1 <<< "${theirs%$'\n'}" | median); tc=$(col 2 <<< "${theirs%$'\n'}" | median)
    printf '%-16s %-20s %8.3f %8.3f %8s %8.3f %8.3f %8s\n' "$(basename "$file")" "$name" \
      "$w" "$tw" "$(ratio "$w" "$tw")" "$c" "$tc" "$(ratio "$c" "$tc")"
  done
  echo "  wall (s): ours $(col 1 <<< "${ours%$'\n'}" | tr '\n' ' ')| tar $(col 1 <<< "${theirs%$'\n'}" | tr '\n' ' ')"
  "$lister" "$file" --quiet 2>&1 > /dev/null | tail -1 | sed 's/^/  /'
done
