//! Re-embeds the built app whenever `../dist` changes, so `cargo build` after `trunk build`
//! ships the new files.

fn main() {
    println!("cargo:rerun-if-changed=../dist");
    println!("cargo:rerun-if-changed=build.rs");
}
