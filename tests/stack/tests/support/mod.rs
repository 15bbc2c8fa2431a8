//! The throw-away registry and blob origin the seeding tests run: Debian's `docker-registry`
//! with a config and storage in a temporary folder, and `regscope-stack blob-origin` over that
//! storage, each on a free loopback port in 18600-18639; both stopped when dropped.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The stack binary under test.
const BIN: &str = env!("CARGO_BIN_EXE_regscope-stack");

/// A free port in 18600-18639 (bound and released; the caller starts a server on it).
fn free_port() -> u16 {
    (18600..18640)
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .expect("a free port in 18600-18639")
}

/// The status code `GET path` gets from `port` (HTTP/1.0 over a plain socket), if any.
fn status_of(port: u16, path: &str) -> Option<u16> {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// Waits until `GET path` on `port` answers `status`, while the process runs.
fn wait_for(child: &mut Child, port: u16, path: &str, status: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        assert!(
            child.try_wait().expect("child").is_none(),
            "the server on {port} exited before answering {path}"
        );
        if status_of(port, path) == Some(status) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!("{path} on {port} did not answer {status} within 30 s");
}

/// A running throw-away registry.
pub struct Registry {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    dir: PathBuf,
    child: Child,
}

impl Registry {
    /// Starts `docker-registry` with its storage in a new temporary folder.
    pub fn start() -> Self {
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("regscope-seed-test-{port}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("storage")).expect("storage folder");
        let config = dir.join("registry.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n  \
                 maintenance:\n    uploadpurging:\n      enabled: false\nhttp:\n  addr: 127.0.0.1:{port}\n  \
                 secret: regscope-seed-test\ncompatibility:\n  schema1:\n    enabled: true\n",
                dir.join("storage").display()
            ),
        )
        .expect("registry config");
        let log = std::fs::File::create(dir.join("registry.log")).expect("log file");
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("docker-registry (apt-get install docker-registry) starts");
        let mut registry = Self {
            base: format!("http://127.0.0.1:{port}"),
            dir,
            child,
        };
        // Started before waiting, so a registry that never answers is still stopped.
        wait_for(&mut registry.child, port, "/v2/", 200);
        registry
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Runs `regscope-stack seed` into `registry` for the repositories under `prefixes` and
/// returns the seeded list.
pub fn seed(registry: &Registry, prefixes: &[&str]) -> Vec<Value> {
    let out = registry.dir.join("seeded.json");
    let status = Command::new(BIN)
        .args(["seed", "--registry", &registry.base, "--manifest-out"])
        .arg(&out)
        .args(prefixes.iter().flat_map(|prefix| ["--only", prefix]))
        .stdout(Stdio::null())
        .status()
        .expect("regscope-stack seed runs");
    assert!(status.success(), "seeding failed");
    serde_json::from_slice(&std::fs::read(&out).expect("seeded list")).expect("seeded JSON")
}

/// A running `regscope-stack blob-origin` over a registry's storage.
pub struct Origin {
    base: String,
    child: Child,
}

impl Origin {
    /// Starts the blob origin over `registry`'s storage.
    pub fn start(registry: &Registry) -> Self {
        let port = free_port();
        let child = Command::new(BIN)
            .args([
                "blob-origin",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--root",
            ])
            .arg(registry.dir.join("storage"))
            .stdout(Stdio::null())
            .spawn()
            .expect("blob-origin starts");
        let mut origin = Self {
            base: format!("http://127.0.0.1:{port}"),
            child,
        };
        wait_for(&mut origin.child, port, "/healthz", 404);
        origin
    }

    /// The bytes served for the blob `digest` at its storage path (as 5003's 307 names it).
    pub async fn get_blob(&self, http: &reqwest::Client, digest: &str) -> Vec<u8> {
        let hex = digest.trim_start_matches("sha256:");
        let url = format!(
            "{}/docker/registry/v2/blobs/sha256/{}/{hex}/data",
            self.base,
            &hex[..2]
        );
        let response = http.get(url).send().await.expect("origin GET");
        assert_eq!(response.status(), 200);
        response.bytes().await.expect("origin body").to_vec()
    }
}

impl Drop for Origin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
