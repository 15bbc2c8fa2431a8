//! Structured logs: one event per relayed request with named fields, as text (`key=value`) or
//! as one JSON object per line. The level comes from `RUST_LOG` (default `info`), but the HTTP
//! and TLS libraries are held at `warn` whatever it says: their debug and trace output may
//! describe requests, and the relay never logs headers, tokens or credentials.

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::Directive;
use tracing_subscriber::fmt::MakeWriter;

/// The level used when `RUST_LOG` is unset or invalid.
pub const DEFAULT_LEVEL: &str = "info";

/// Libraries held at `warn`, whatever `RUST_LOG` says.
pub const CAPPED_TARGETS: [&str; 6] = ["hyper", "hyper_util", "h2", "reqwest", "rustls", "tower"];

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines with `key=value` fields.
    #[default]
    Text,
    /// One JSON object per line (`timestamp`, `level`, `target`, `fields`).
    Json,
}

/// The filter for `directives` (the `RUST_LOG` syntax; `None` for the default level), with
/// the [`CAPPED_TARGETS`] held at `warn`.
pub fn filter(directives: Option<&str>) -> EnvFilter {
    let mut filter = directives
        .and_then(|d| EnvFilter::try_new(d).ok())
        .unwrap_or_else(|| EnvFilter::new(DEFAULT_LEVEL));
    // The targets are constants that always parse; a failure would only lose the cap.
    for cap in CAPPED_TARGETS
        .iter()
        .filter_map(|target| format!("{target}=warn").parse::<Directive>().ok())
    {
        filter = filter.add_directive(cap);
    }
    filter
}

/// The subscriber writing to `writer` in `format`, filtered by [`filter`] of `directives`.
pub fn subscriber<W>(
    format: LogFormat,
    directives: Option<&str>,
    writer: W,
    ansi: bool,
) -> Box<dyn tracing::Subscriber + Send + Sync>
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_env_filter(filter(directives));
    match format {
        LogFormat::Text => Box::new(builder.with_ansi(ansi).finish()),
        LogFormat::Json => Box::new(builder.json().with_ansi(false).finish()),
    }
}

/// Installs the global subscriber: stderr, `RUST_LOG`, `format`. Fails if one is installed.
pub fn init(format: LogFormat) -> Result<(), tracing::subscriber::SetGlobalDefaultError> {
    let directives = std::env::var("RUST_LOG").ok();
    let ansi = format == LogFormat::Text && std::io::stderr().is_terminal();
    tracing::subscriber::set_global_default(subscriber(
        format,
        directives.as_deref(),
        std::io::stderr,
        ansi,
    ))
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    /// A writer appending to a shared buffer.
    #[derive(Clone, Default)]
    struct Capture(Arc<Mutex<Vec<u8>>>);

    impl Write for Capture {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn captured(format: LogFormat, directives: Option<&str>, emit: impl FnOnce()) -> String {
        let capture = Capture::default();
        let writer = capture.clone();
        let subscriber = subscriber(format, directives, move || writer.clone(), false);
        tracing::subscriber::with_default(subscriber, emit);
        String::from_utf8(capture.0.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn http_libraries_stay_quiet_even_at_trace() {
        let out = captured(LogFormat::Text, Some("trace"), || {
            tracing::trace!(target: "hyper::proto::h1::role", "authorization: Bearer secret-1");
            tracing::debug!(target: "reqwest::connect", "secret-2");
            tracing::trace!(target: "h2::codec::framed_write", "secret-3");
            tracing::info!(target: "rustls::client::hs", "secret-4");
            tracing::debug!(target: "hyper_util::client::legacy::pool", "secret-5");
            tracing::debug!(target: "regscope_relay::relay", "visible");
            tracing::warn!(target: "hyper::server", "warnings pass");
        });
        assert!(!out.contains("secret"), "{out}");
        assert!(
            out.contains("visible") && out.contains("warnings pass"),
            "{out}"
        );
    }

    #[test]
    fn default_and_invalid_directives_mean_info() {
        for directives in [None, Some("=!bad[")] {
            let out = captured(LogFormat::Text, directives, || {
                tracing::info!(target: "regscope_relay::relay", "shown");
                tracing::debug!(target: "regscope_relay::relay", "hidden");
            });
            assert!(out.contains("shown") && !out.contains("hidden"), "{out}");
        }
    }

    #[test]
    fn json_lines_carry_named_fields() {
        let out = captured(LogFormat::Json, None, || {
            tracing::info!(target: "regscope_relay::relay", status = 200u16, host = "r.example", "relay");
        });
        let line: serde_json::Value = serde_json::from_str(out.trim()).expect("one JSON line");
        assert_eq!(line["level"], "INFO");
        assert_eq!(line["fields"]["status"], 200);
        assert_eq!(line["fields"]["host"], "r.example");
        assert_eq!(line["fields"]["message"], "relay");
    }
}
