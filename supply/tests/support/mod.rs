//! What the registry tests run against: a throw-away CNCF registry (Debian's
//! `docker-registry`, storage in a temporary folder, a free loopback port in 18400-18449)
//! seeded with the stack's `supply/*` images by `regscope-stack seed`, and a plain reqwest
//! transport for the core's client.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use regscope_core::{Client, Method, Request, Response, Transport, TransportError};
use serde_json::Value;

/// The test key's public half, as a user would paste it (TEST-ONLY key).
pub const COSIGN_TEST_PUBLIC_KEY: &str =
    include_str!("../../../tests/stack/src/seed/supply/cosign-test-key.pub");

/// A running throw-away registry, stopped and removed when dropped.
pub struct Registry {
    /// `127.0.0.1:PORT`.
    pub host: String,
    dir: PathBuf,
    child: Child,
}

fn free_port() -> u16 {
    (18400..18450)
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .expect("a free port in 18400-18449")
}

fn answers(port: u16) -> bool {
    use std::io::{Read as _, Write as _};
    let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut head = [0u8; 12];
    write!(stream, "GET /v2/ HTTP/1.0\r\n\r\n").is_ok()
        && stream.read_exact(&mut head).is_ok()
        && &head[9..12] == b"200"
}

impl Registry {
    /// Starts a registry and seeds `supply/*` into it with the stack's seeder.
    pub fn seeded() -> (Self, Vec<Value>) {
        let port = free_port();
        let dir =
            std::env::temp_dir().join(format!("regscope-supply-{port}-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("storage")).expect("storage folder");
        let config = dir.join("registry.yml");
        std::fs::write(
            &config,
            format!(
                "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n    rootdirectory: {}\n\
                 http:\n  addr: 127.0.0.1:{port}\n  secret: regscope-supply-test\n",
                dir.join("storage").display()
            ),
        )
        .expect("registry config");
        let log = std::fs::File::create(dir.join("registry.log")).expect("log");
        let child = Command::new("docker-registry")
            .arg("serve")
            .arg(&config)
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("docker-registry (apt-get install docker-registry) starts");
        let mut registry = Registry {
            host: format!("127.0.0.1:{port}"),
            dir,
            child,
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while !answers(port) {
            assert!(Instant::now() < deadline, "the registry did not start");
            assert!(
                registry.child.try_wait().expect("child").is_none(),
                "the registry exited"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let rows = registry.seed();
        (registry, rows)
    }

    fn seed(&self) -> Vec<Value> {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let built = Command::new(cargo)
            .args([
                "build",
                "-q",
                "-p",
                "regscope-stack",
                "--bin",
                "regscope-stack",
            ])
            .status()
            .expect("cargo builds the stack");
        assert!(built.success(), "building regscope-stack failed");
        let target = std::env::var("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"));
        let out = self.dir.join("seeded.json");
        let status = Command::new(target.join("debug/regscope-stack"))
            .args(["seed", "--registry", &format!("http://{}", self.host)])
            .args([
                "--reference-host",
                &self.host,
                "--only",
                "supply/",
                "--manifest-out",
            ])
            .arg(&out)
            .stdout(Stdio::null())
            .status()
            .expect("regscope-stack seed runs");
        assert!(status.success(), "seeding supply/* failed");
        serde_json::from_slice(&std::fs::read(&out).expect("seeded list")).expect("seeded JSON")
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The digest seeded for `repository:tag`.
pub fn digest_of(rows: &[Value], repository: &str, tag: &str) -> String {
    rows.iter()
        .find(|r| r["repository"] == repository && r["tag"] == tag)
        .and_then(|r| r["digest"].as_str())
        .unwrap_or_else(|| panic!("{repository}:{tag} was not seeded"))
        .to_string()
}

/// Plain HTTP over reqwest.
pub struct NativeTransport(reqwest::Client);

impl Transport for NativeTransport {
    async fn send(&self, request: Request) -> Result<Response, TransportError> {
        let method = match request.method {
            Method::Get => reqwest::Method::GET,
            Method::Head => reqwest::Method::HEAD,
        };
        let mut builder = self.0.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = builder
            .send()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(n, v)| {
                (
                    n.to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let body = response
            .bytes()
            .await
            .map_err(|e| TransportError::Network(e.to_string()))?
            .to_vec();
        Ok(Response {
            status,
            headers,
            body,
            path: "direct".into(),
        })
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// A client over plain HTTP.
pub fn client() -> Client<NativeTransport> {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .expect("a reqwest client");
    Client::new(NativeTransport(http), now_ms)
}
