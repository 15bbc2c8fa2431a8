#!/usr/bin/env bash
# Lists a layer file with the Files tab's worker code in wasm (the `regscope-files-worker`
# package, built as trunk builds it: profile worker-release, wasm32) run by node's V8, the
# engine of Chromium, beside GNU tar, taking turns; prints the medians and their ratio.
#   layers/benches/list_in_wasm.sh [-n RUNS] [-c CHUNK_BYTES] FILE.tar.gz|.tar.zst|.tar
# The file is read in CHUNK_BYTES pieces (64 KiB by default, what a fetch stream hands a
# worker) and each is pushed to the wasm Lister; entries are taken out as JSON every 1,000, as
# the worker posts them to the page. No network, no DOM: the worker's own work only.
set -euo pipefail
runs=5
chunk=65536
while [[ "${1:-}" == -* ]]; do
  case "$1" in
    -n) runs=$2; shift 2 ;;
    -c) chunk=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
file=${1:?usage: $0 [-n RUNS] [-c CHUNK_BYTES] FILE}
root=$(cd "$(dirname "$0")/../.." && pwd)
cargo build --quiet -p regscope-files-worker --target wasm32-unknown-unknown --profile worker-release \
  --manifest-path "$root/Cargo.toml"
target_dir=$(cargo metadata --format-version 1 --no-deps --manifest-path "$root/Cargo.toml" |
  sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target nodejs --out-dir "$out" \
  "$target_dir/wasm32-unknown-unknown/worker-release/files_worker.wasm"

cat > "$out/run.cjs" <<'JS'
const fs = require('fs');
const { Lister } = require('./files_worker.js');
const [file, chunkText] = process.argv.slice(2);
const compression = file.endsWith('.gz') ? 'gzip' : file.endsWith('.zst') ? 'zstd' : 'none';
const chunk = Number(chunkText);
const started = process.hrtime.bigint();
const fd = fs.openSync(file, 'r');
const buffer = Buffer.alloc(chunk);
const lister = new Lister(compression);
let listed = 0;
for (;;) {
  const n = fs.readSync(fd, buffer, 0, chunk, null);
  if (n === 0) break;
  lister.push(buffer.subarray(0, n));
  if (lister.pending() >= 1000) listed += JSON.parse(lister.take()).length;
}
listed += JSON.parse(lister.take()).length;
const digests = JSON.parse(lister.finish());
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(`${seconds.toFixed(3)} ${listed} ${digests.uncompressed_bytes} ${digests.compressed} ${digests.uncompressed}`);
JS

case "$file" in
  *.gz|*.tgz) tar_cmd=(tar -tzf "$file") ;;
  *.zst) tar_cmd=(tar --zstd -tf "$file") ;;
  *) tar_cmd=(tar -tf "$file") ;;
esac
ours=(); theirs=()
for _ in $(seq "$runs"); do
  line=$(node "$out/run.cjs" "$file" "$chunk")
  ours+=("${line%% *}")
  start=$(date +%s.%N); "${tar_cmd[@]}" > /dev/null; end=$(date +%s.%N)
  theirs+=("$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')")
done
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
o=$(median "${ours[@]}"); t=$(median "${theirs[@]}")
read -r _ entries bytes digest diff_id <<< "$line"
echo "$(basename "$file"): wasm worker (node) median $o s, ${tar_cmd[*]:0:2} median $t s, ratio $(awk -v a="$o" -v b="$t" 'BEGIN { printf "%.2f", a / b }')"
echo "  $entries entries, $bytes bytes uncompressed; digest $digest diff_id $diff_id"
echo "  wasm (s): ${ours[*]} | tar (s): ${theirs[*]}"
