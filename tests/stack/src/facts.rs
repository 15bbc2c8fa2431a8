//! The facts about the test stack that everything around it shares: where each service
//! listens, the token server's names, the one user, the zoo's emulated hosts and credentials,
//! and the seeded references `up` writes to `run/seeded.json`. The stack's scripts read them
//! from `regscope-stack facts`, the core's and the relay's tests from this module, the browser
//! tests from `run/stack.json`.

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

/// https in front of the zoo's MCR ([`TLS_UPSTREAM`]) with a certificate for [`CORP_TLS_NAME`]
/// signed by the stack's company CA ([`COMPANY_CA_FILE`]), as a company registry has.
pub const CORP_TLS: &str = "127.0.0.1:5116";
/// The name [`CORP_TLS`]'s certificate is for.
pub const CORP_TLS_NAME: &str = "registry.corp.test";
/// https in front of the zoo's MCR with a self-signed certificate for [`SELF_SIGNED_TLS_NAME`]
/// ([`SELF_SIGNED_CERT_FILE`]).
pub const SELF_SIGNED_TLS: &str = "127.0.0.1:5117";
/// The name [`SELF_SIGNED_TLS`]'s certificate is for.
pub const SELF_SIGNED_TLS_NAME: &str = "selfsigned.corp.test";
/// What both https listeners pass their connections to: the zoo's MCR (no auth).
pub const TLS_UPSTREAM: &str = "127.0.0.1:5115";
/// The company CA's certificate, relative to the stack's run folder (made by `up`).
pub const COMPANY_CA_FILE: &str = "tls/company-ca.pem";
/// The self-signed certificate of [`SELF_SIGNED_TLS`], relative to the run folder.
pub const SELF_SIGNED_CERT_FILE: &str = "tls/selfsigned.pem";
/// A repository both https listeners serve (the zoo MCR's), with the tag `latest`.
pub const TLS_REPOSITORY: &str = "regscope/alpine";

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

/// One emulated public registry host of the zoo (`regscope-stack zoo`): the real host name and
/// the loopback address that stands in for it (`--map-host HOST=http://ADDRESS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ZooHost {
    /// The real host name, e.g. `registry-1.docker.io`.
    pub host: &'static str,
    /// The loopback address the zoo serves it on.
    pub address: &'static str,
    /// What the host is, in a few words.
    pub what: &'static str,
}

/// Every host the zoo emulates, each on its own port.
pub const ZOO_HOSTS: [ZooHost; 16] = [
    zoo(
        "registry-1.docker.io",
        "127.0.0.1:5100",
        "Docker Hub registry",
    ),
    zoo(
        "auth.docker.io",
        "127.0.0.1:5101",
        "Docker Hub token server",
    ),
    zoo(
        "production.cloudflare.docker.com",
        "127.0.0.1:5102",
        "Docker Hub blob CDN",
    ),
    zoo(
        "ghcr.io",
        "127.0.0.1:5103",
        "GitHub Container Registry and its token endpoint",
    ),
    zoo(
        "quay.io",
        "127.0.0.1:5104",
        "Quay registry and its token endpoint",
    ),
    zoo("cdn03.quay.io", "127.0.0.1:5105", "Quay blob CDN"),
    zoo(
        "us-docker.pkg.dev",
        "127.0.0.1:5106",
        "Artifact Registry, multi-region us",
    ),
    zoo(
        "us-west1-docker.pkg.dev",
        "127.0.0.1:5107",
        "Artifact Registry, region us-west1",
    ),
    zoo(
        "registry.k8s.io",
        "127.0.0.1:5108",
        "registry.k8s.io redirector",
    ),
    zoo(
        ZOO_ECR_HOST,
        "127.0.0.1:5109",
        "Amazon ECR private registry",
    ),
    zoo(
        "public.ecr.aws",
        "127.0.0.1:5110",
        "Amazon ECR Public and its token endpoint",
    ),
    zoo(
        "regscope.azurecr.io",
        "127.0.0.1:5111",
        "Azure Container Registry",
    ),
    zoo("harbor.local", "127.0.0.1:5112", "Harbor over plain http"),
    zoo(
        "registry.gitlab.com",
        "127.0.0.1:5113",
        "GitLab container registry",
    ),
    zoo(
        "gitlab.com",
        "127.0.0.1:5114",
        "GitLab token endpoint (/jwt/auth)",
    ),
    zoo(
        "mcr.microsoft.com",
        "127.0.0.1:5115",
        "Microsoft Container Registry",
    ),
];

const fn zoo(host: &'static str, address: &'static str, what: &'static str) -> ZooHost {
    ZooHost {
        host,
        address,
        what,
    }
}

/// The zoo's control port: `/healthz`, and `POST /reset` to forget rate-limit counts.
pub const ZOO_CONTROL: &str = "127.0.0.1:5199";
/// The emulated ECR registry host (account 123456789012, region us-east-1).
pub const ZOO_ECR_HOST: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com";
/// The Basic user name ECR expects.
pub const ZOO_ECR_USER: &str = "AWS";
/// The one ECR authorization token (the Basic password) the emulated ECR accepts.
pub const ZOO_ECR_PASSWORD: &str = "regscope-ecr-authorization-token";
/// An ECR authorization token the emulated ECR treats as expired (403 `DENIED`).
pub const ZOO_ECR_EXPIRED_PASSWORD: &str = "regscope-ecr-expired-token";
/// The Basic user name Artifact Registry expects with an OAuth access token.
pub const ZOO_GOOGLE_USER: &str = "oauth2accesstoken";
/// The one Google OAuth access token the emulated Artifact Registry accepts.
pub const ZOO_GOOGLE_ACCESS_TOKEN: &str = "ya29.regscope-zoo-access-token";
/// Harbor's system administrator (Harbor's documented default account).
pub const ZOO_HARBOR_ADMIN: &str = "admin";
/// The Harbor administrator's password (Harbor's documented default).
pub const ZOO_HARBOR_PASSWORD: &str = "Harbor12345";

/// The zoo address standing in for the real `host`, if the zoo emulates it.
pub fn zoo_address(host: &str) -> Option<&'static str> {
    ZOO_HOSTS
        .iter()
        .find(|zoo| zoo.host.eq_ignore_ascii_case(host))
        .map(|zoo| zoo.address)
}

/// The relay flags that point every emulated host at the zoo, one per host:
/// `--map-host=registry-1.docker.io=http://127.0.0.1:5100`.
pub fn map_host_flags() -> Vec<String> {
    ZOO_HOSTS
        .iter()
        .map(|zoo| format!("--map-host={}=http://{}", zoo.host, zoo.address))
        .collect()
}

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
pub const PORTS: [(&str, &str); 9] = [
    ("REGISTRY_PORT", REGISTRY),
    ("TOKEN_PORT", TOKEN_SERVER),
    ("CORS_PORT", CORS_REGISTRY),
    ("REDIRECT_PORT", REDIRECT_REGISTRY),
    ("ORIGIN_PORT", BLOB_ORIGIN),
    ("BASIC_PORT", BASIC_REGISTRY),
    ("SEED_PORT", SEED_REGISTRY),
    ("CORP_TLS_PORT", CORP_TLS),
    ("SELF_SIGNED_TLS_PORT", SELF_SIGNED_TLS),
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
    out.push_str(&format!(
        "CORP_TLS_NAME={CORP_TLS_NAME}\nSELF_SIGNED_TLS_NAME={SELF_SIGNED_TLS_NAME}\nTLS_UPSTREAM={TLS_UPSTREAM}\n"
    ));
    out.push_str(&format!("STACK_USER={USER}\nSTACK_PASSWORD={PASSWORD}\n"));
    let zoo_ports: Vec<String> = ZOO_HOSTS
        .iter()
        .map(|zoo| port(zoo.address).to_string())
        .collect();
    out.push_str(&format!(
        "ZOO_CONTROL_PORT={}\nZOO_PORTS=\"{}\"\n",
        port(ZOO_CONTROL),
        zoo_ports.join(" ")
    ));
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
        "zoo": zoo_json(),
        "tls": {
            "corp": CORP_TLS,
            "corp_name": CORP_TLS_NAME,
            "self_signed": SELF_SIGNED_TLS,
            "self_signed_name": SELF_SIGNED_TLS_NAME,
            "company_ca": COMPANY_CA_FILE,
            "self_signed_cert": SELF_SIGNED_CERT_FILE,
            "repository": TLS_REPOSITORY,
        },
    })
    .to_string()
}

/// The zoo's part of [`json`]: host to address, the relay flags, the control port and the
/// credentials each emulated registry accepts.
fn zoo_json() -> serde_json::Value {
    let hosts: serde_json::Map<String, serde_json::Value> = ZOO_HOSTS
        .iter()
        .map(|zoo| (zoo.host.to_string(), serde_json::json!(zoo.address)))
        .collect();
    serde_json::json!({
        "hosts": hosts,
        "map_hosts": map_host_flags(),
        "control": ZOO_CONTROL,
        "credentials": {
            "user": USER,
            "password": PASSWORD,
            "ecr_user": ZOO_ECR_USER,
            "ecr_password": ZOO_ECR_PASSWORD,
            "ecr_expired_password": ZOO_ECR_EXPIRED_PASSWORD,
            "google_user": ZOO_GOOGLE_USER,
            "google_access_token": ZOO_GOOGLE_ACCESS_TOKEN,
            "harbor_admin": ZOO_HARBOR_ADMIN,
            "harbor_password": ZOO_HARBOR_PASSWORD,
        },
    })
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
    fn zoo_hosts_have_distinct_ports_and_flags() {
        let mut ports: Vec<u16> = ZOO_HOSTS.iter().map(|zoo| port(zoo.address)).collect();
        ports.push(port(ZOO_CONTROL));
        let count = ports.len();
        ports.sort_unstable();
        ports.dedup();
        assert_eq!(ports.len(), count, "every zoo host needs its own port");
        assert!(ports.iter().all(|p| (5100..5200).contains(p)));
        assert_eq!(zoo_address("GHCR.io"), Some("127.0.0.1:5103"));
        assert_eq!(zoo_address("example.com"), None);
        assert_eq!(
            map_host_flags()[0],
            "--map-host=registry-1.docker.io=http://127.0.0.1:5100"
        );
        assert!(shell().contains("ZOO_CONTROL_PORT=5199\n"));
        let json: serde_json::Value = serde_json::from_str(&json()).expect("json");
        assert_eq!(json["zoo"]["hosts"]["harbor.local"], "127.0.0.1:5112");
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
