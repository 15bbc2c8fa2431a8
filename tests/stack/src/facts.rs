//! The facts about the test stack that everything around it shares: where each service
//! listens, the token server's names, the one user, and the seeded references `up` writes to
//! `run/seeded.json`. The stack's scripts read them from `regscope-stack facts`, the core's and
//! the relay's tests from this module, the browser tests from `run/stack.json`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Distribution with token auth (realm: the token server).
pub const REGISTRY: &str = "127.0.0.1:5000";
/// The token server.
pub const TOKEN_SERVER: &str = "127.0.0.1:5001";
/// Distribution without auth that sends CORS headers.
pub const CORS_REGISTRY: &str = "127.0.0.1:5002";
/// Distribution with token auth whose blob GETs answer 307 to [`BLOB_ORIGIN`].
pub const REDIRECT_REGISTRY: &str = "127.0.0.1:5003";
/// The second origin that serves redirected blobs.
pub const BLOB_ORIGIN: &str = "127.0.0.1:5004";
/// Distribution with HTTP Basic auth (htpasswd).
pub const BASIC_REGISTRY: &str = "127.0.0.1:5005";
/// The throw-away no-auth registry the images are pushed through while seeding.
pub const SEED_REGISTRY: &str = "127.0.0.1:5090";

/// The `service` every token-auth registry of the stack names in its challenge.
pub const SERVICE: &str = "regscope-registry";
/// The `iss` of the token server's JWTs.
pub const ISSUER: &str = "regscope-token-server";
/// The path of the token endpoint on [`TOKEN_SERVER`].
pub const TOKEN_PATH: &str = "/token";
/// The only user (token server and Basic registry); the only one who may pull `private/*`.
pub const USER: &str = "alice";
/// [`USER`]'s password.
pub const PASSWORD: &str = "wonderland";
/// Repositories under this prefix are private to [`USER`].
pub const PRIVATE_PREFIX: &str = "private/";

/// The port of a `host:port` address above (0 if it has none).
pub const fn port(address: &str) -> u16 {
    let bytes = address.as_bytes();
    let mut index = bytes.len();
    let mut port: u32 = 0;
    let mut scale: u32 = 1;
    while index > 0 {
        index -= 1;
        let byte = bytes[index];
        if byte == b':' {
            return if port <= u16::MAX as u32 {
                port as u16
            } else {
                0
            };
        }
        if !byte.is_ascii_digit() || scale > 10_000 {
            return 0;
        }
        port += (byte - b'0') as u32 * scale;
        scale *= 10;
    }
    0
}

/// The token endpoint every challenge of the stack names.
pub fn realm() -> String {
    format!("http://{TOKEN_SERVER}{TOKEN_PATH}")
}

/// Every service address, by the name the scripts give its port variable.
pub const PORTS: [(&str, &str); 7] = [
    ("REGISTRY_PORT", REGISTRY),
    ("TOKEN_PORT", TOKEN_SERVER),
    ("CORS_PORT", CORS_REGISTRY),
    ("REDIRECT_PORT", REDIRECT_REGISTRY),
    ("ORIGIN_PORT", BLOB_ORIGIN),
    ("BASIC_PORT", BASIC_REGISTRY),
    ("SEED_PORT", SEED_REGISTRY),
];

/// One seeded reference, as `up` writes it to `run/seeded.json`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seeded {
    /// Full reference as served, e.g. `127.0.0.1:5000/library/alpine:latest`.
    pub reference: String,
    /// Repository name.
    pub repository: String,
    /// Tag, or `None` for a manifest referenced by digest only.
    pub tag: Option<String>,
    /// Registry digest (`Docker-Content-Digest`).
    pub digest: String,
    /// Manifest media type.
    pub media_type: String,
    /// What the seeder calls this image (`oci-index`, `docker-schema2`, …).
    pub kind: String,
    /// Platform (`os/arch[/variant]`) of a single-platform manifest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<String>,
}

impl Seeded {
    /// The tag, or the digest when there is no tag: what goes after `/manifests/`.
    pub fn reference_part(&self) -> &str {
        self.tag.as_deref().unwrap_or(&self.digest)
    }

    /// The manifest URL of this reference on `registry` (`host:port`).
    pub fn manifest_url(&self, registry: &str) -> String {
        format!(
            "http://{registry}/v2/{}/manifests/{}",
            self.repository,
            self.reference_part()
        )
    }

    /// True for images only [`USER`] may pull.
    pub fn is_private(&self) -> bool {
        self.repository.starts_with(PRIVATE_PREFIX)
    }
}

/// The directory `up` runs the stack in: `$REGSCOPE_STACK_DIR`, else `tests/stack/run`.
pub fn stack_dir() -> PathBuf {
    std::env::var_os("REGSCOPE_STACK_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("run"))
}

/// Why the seeded references could not be read.
#[derive(Debug)]
pub struct NotSeeded(pub String);

impl std::fmt::Display for NotSeeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} (start the stack with tests/stack/up)", self.0)
    }
}

impl std::error::Error for NotSeeded {}

/// The seeded references in `dir/seeded.json`.
pub fn seeded_in(dir: &Path) -> Result<Vec<Seeded>, NotSeeded> {
    let path = dir.join("seeded.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| NotSeeded(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text).map_err(|e| NotSeeded(format!("{}: {e}", path.display())))
}

/// The seeded references of the running stack ([`stack_dir`]).
pub fn seeded() -> Result<Vec<Seeded>, NotSeeded> {
    seeded_in(&stack_dir())
}

/// The facts as shell assignments (`REGISTRY_PORT=5000`, …, `SERVICE=…`) for the scripts.
pub fn shell() -> String {
    let mut out = String::new();
    for (name, address) in PORTS {
        out.push_str(&format!("{name}={}\n", port(address)));
    }
    out.push_str(&format!("SERVICE={SERVICE}\nISSUER={ISSUER}\n"));
    out.push_str(&format!("STACK_USER={USER}\nSTACK_PASSWORD={PASSWORD}\n"));
    out
}

/// The facts as JSON, for the browser tests (`run/stack.json`).
pub fn json() -> String {
    let ports: serde_json::Map<String, serde_json::Value> = PORTS
        .iter()
        .map(|(name, address)| ((*name).to_string(), serde_json::json!(address)))
        .collect();
    serde_json::json!({
        "addresses": ports,
        "service": SERVICE,
        "issuer": ISSUER,
        "realm": realm(),
        "user": USER,
        "password": PASSWORD,
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_come_from_the_addresses() {
        assert_eq!(port(REGISTRY), 5000);
        assert_eq!(port(SEED_REGISTRY), 5090);
        assert_eq!(port("host"), 0);
        assert_eq!(port("host:99999"), 0);
        assert_eq!(port("host:x1"), 0);
        assert!(shell().contains("REGISTRY_PORT=5000\n"));
        assert!(shell().contains("BASIC_PORT=5005\n"));
    }

    #[test]
    fn seeded_rows_read_back() {
        let dir = std::env::temp_dir().join(format!("regscope-facts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        std::fs::write(
            dir.join("seeded.json"),
            r#"[{"reference":"127.0.0.1:5000/private/app:1.0","repository":"private/app","tag":"1.0","digest":"sha256:00","media_type":"m","kind":"oci-manifest"}]"#,
        )
        .expect("write");
        let rows = seeded_in(&dir).expect("reads");
        assert!(rows[0].is_private());
        assert_eq!(
            rows[0].manifest_url(REGISTRY),
            "http://127.0.0.1:5000/v2/private/app/manifests/1.0"
        );
        std::fs::write(dir.join("seeded.json"), "[{}]").expect("write");
        assert!(seeded_in(&dir).is_err());
        std::fs::remove_dir_all(&dir).ok();
    }
}
