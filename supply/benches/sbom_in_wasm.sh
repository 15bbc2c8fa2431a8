#!/bin/sh
# Times the supply-chain decoders as the Supply chain tab runs them: in wasm32 (node's V8),
# built like a lazily loaded module (opt-level z, LTO, no wasm-opt). Prints the probe module's
# size (raw and gzip -9) and the median of 5 runs of: a 10,000-package CycloneDX statement
# decoded into the package table, then searched, then sorted by version.
# Usage: supply/benches/sbom_in_wasm.sh   (needs the wasm32 target, node, python3)
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=${TMPDIR:-/tmp}/regscope-supply-wasm-probe
mkdir -p "$work/src"
cat > "$work/Cargo.toml" <<EOF
[package]
name = "supply-wasm-probe"
version = "0.0.0"
edition = "2024"
publish = false

[lib]
crate-type = ["cdylib"]

[dependencies]
regscope-supply = { path = "$root/supply" }

[profile.release]
opt-level = "z"
lto = true
codegen-units = 1
panic = "abort"

[workspace]
EOF
cp "$root/Cargo.lock" "$work/Cargo.lock"
cat > "$work/src/lib.rs" <<'EOF'
//! Probe: the SBOM path of regscope-supply behind two exports.
use std::collections::BTreeMap;

/// Memory for the caller's input (never freed: the probe runs a few times and exits).
#[unsafe(no_mangle)]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut v = Vec::<u8>::with_capacity(len);
    let p = v.as_mut_ptr();
    std::mem::forget(v);
    p
}

/// Step 0: decode and build the table; 1: and search; 2: and sort everything by version.
#[unsafe(no_mangle)]
pub extern "C" fn sbom_probe(ptr: *const u8, len: usize, step: u32) -> u32 {
    // SAFETY: the caller wrote `len` bytes at `ptr`, obtained from `alloc`.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    let layer = regscope_supply::decode::IN_TOTO_LAYER;
    let decoded = regscope_supply::decode::decode(layer, &BTreeMap::new(), bytes, None, None);
    let Ok(regscope_supply::decode::Content::Attestation(a)) = decoded else { return 0 };
    let Some(Ok((_, table))) = &a.sbom else { return 1 };
    match step {
        0 => table.packages().len() as u32,
        1 => table.search("pypi").len() as u32,
        _ => {
            let mut rows = table.search("");
            table.sort(&mut rows, regscope_supply::sbom::Column::Version, true);
            rows[0] as u32
        }
    }
}
EOF
(cd "$work" && CARGO_TARGET_DIR="$work/target" cargo build -q --release --target wasm32-unknown-unknown)
module="$work/target/wasm32-unknown-unknown/release/supply_wasm_probe.wasm"
python3 - "$work/sbom10k.json" <<'EOF'
import json, sys
eco = ["apk", "npm", "pypi", "golang"]
components = [{"type": "library", "name": f"pkg-{n:05}", "version": f"1.{n // 100}.{n % 100}",
               "purl": f"pkg:{eco[n % 4]}/pkg-{n:05}@1.{n // 100}.{n % 100}",
               "licenses": [{"license": {"id": "MIT"}}]} for n in range(10000)]
statement = {"_type": "https://in-toto.io/Statement/v1", "predicateType": "https://cyclonedx.org/bom",
             "subject": [{"name": "probe", "digest": {"sha256": "00"}}],
             "predicate": {"bomFormat": "CycloneDX", "specVersion": "1.5", "components": components}}
open(sys.argv[1], "w").write(json.dumps(statement, separators=(",", ":")))
EOF
echo "probe module: $(wc -c < "$module") B raw, $(gzip -9c "$module" | wc -c) B gzip -9"
node --input-type=module - "$module" "$work/sbom10k.json" <<'EOF'
import { readFileSync } from 'node:fs';
const [module, input] = process.argv.slice(2);
const { instance } = await WebAssembly.instantiate(readFileSync(module), {});
const x = instance.exports;
const data = readFileSync(input);
const run = (step) => {
  const ptr = x.alloc(data.length);
  new Uint8Array(x.memory.buffer, ptr, data.length).set(data);
  const started = performance.now();
  const result = x.sbom_probe(ptr, data.length, step);
  return [performance.now() - started, result];
};
run(0); run(0);
const names = ['decode + table', '+ search', '+ sort of all rows by version'];
for (const step of [0, 1, 2]) {
  const times = [];
  let result;
  for (let i = 0; i < 5; i++) { const [t, r] = run(step); times.push(t); result = r; }
  times.sort((a, b) => a - b);
  console.log(`${names[step]}: ${times[2].toFixed(1)} ms (result ${result})`);
}
EOF
