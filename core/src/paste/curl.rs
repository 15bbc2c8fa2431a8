//! `curl` command lines: the URL, the method, the headers, the credentials and the flags that
//! matter to a registry request, read from the shell words as curl reads its options.

use super::target::UrlTarget;

/// Options that take a value (the next word, or the rest of a short-option cluster), other
/// than the ones read into fields. Their values are skipped.
const SKIPPED_WITH_VALUE: [&str; 38] = [
    "-d",
    "--data",
    "--data-raw",
    "--data-binary",
    "--data-urlencode",
    "-F",
    "--form",
    "-T",
    "--upload-file",
    "-A",
    "--user-agent",
    "-b",
    "--cookie",
    "-c",
    "--cookie-jar",
    "-e",
    "--referer",
    "-E",
    "--cert",
    "--key",
    "--cacert",
    "--capath",
    "-m",
    "--max-time",
    "--connect-timeout",
    "-x",
    "--proxy",
    "-w",
    "--write-out",
    "--resolve",
    "--connect-to",
    "--retry",
    "--retry-delay",
    "--max-redirs",
    "-r",
    "--range",
    "-K",
    "--config",
];
/// Short options that take a value, for reading clusters such as `-sSLH 'Accept: …'`.
const SHORT_WITH_VALUE: &str = "HuXodFTAbceEmxwrK";

/// One header given with `-H`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The name as written.
    pub name: String,
    /// The value, trimmed.
    pub value: String,
}

/// One `curl` command.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CurlCommand {
    /// The URL as written (the first one when several are given).
    pub url: Option<String>,
    /// What the URL is: registry API, token endpoint or something else.
    pub target: Option<UrlTarget>,
    /// `-X` / `--request`.
    pub method: Option<String>,
    /// `-I` / `--head`.
    pub head: bool,
    /// `-H` / `--header`, in order (`--oauth2-bearer T` is read as `Authorization: Bearer T`).
    pub headers: Vec<Header>,
    /// `-u` / `--user`, as written (`user:password`).
    pub user: Option<String>,
    /// `-L` / `--location`.
    pub location: bool,
    /// `-i` / `--include`.
    pub include: bool,
    /// `-v` / `--verbose`.
    pub verbose: bool,
    /// `-o` / `--output`.
    pub output: Option<String>,
    /// Whether a request body is sent (`-d`, `--data…`, `-F`, `-T`).
    pub sends_body: bool,
    /// The variable the command's output is assigned to (`TOKEN=$(curl …)`).
    pub assigned_to: Option<String>,
}

impl CurlCommand {
    /// Reads the words after `curl`.
    pub fn from_args(args: &[String]) -> CurlCommand {
        let mut command = CurlCommand::default();
        let mut args = args.iter();
        let mut options_done = false;
        while let Some(arg) = args.next() {
            if options_done || !arg.starts_with('-') || arg == "-" {
                command.add_url(arg);
                continue;
            }
            if arg == "--" {
                options_done = true;
                continue;
            }
            if let Some(long) = arg.strip_prefix("--") {
                let (name, inline) = match long.split_once('=') {
                    Some((name, value)) => (name, Some(value.to_string())),
                    None => (long, None),
                };
                let name = format!("--{name}");
                let takes_value = command.takes_value(&name);
                let value = if takes_value {
                    inline.or_else(|| args.next().cloned())
                } else {
                    None
                };
                command.apply(&name, value);
                continue;
            }
            // A cluster of short options: flags, then at most one option with a value.
            let cluster: Vec<char> = arg.chars().skip(1).collect();
            for (i, c) in cluster.iter().enumerate() {
                if SHORT_WITH_VALUE.contains(*c) {
                    let rest: String = cluster[i + 1..].iter().collect();
                    let value = if rest.is_empty() {
                        args.next().cloned()
                    } else {
                        Some(rest)
                    };
                    command.apply(&format!("-{c}"), value);
                    break;
                }
                command.apply(&format!("-{c}"), None);
            }
        }
        command
    }

    fn takes_value(&self, name: &str) -> bool {
        matches!(
            name,
            "--header" | "--user" | "--request" | "--url" | "--output" | "--oauth2-bearer"
        ) || SKIPPED_WITH_VALUE.contains(&name)
    }

    fn add_url(&mut self, url: &str) {
        if self.url.is_none() {
            self.url = Some(url.to_string());
            self.target = Some(UrlTarget::classify(url));
        }
    }

    fn apply(&mut self, name: &str, value: Option<String>) {
        match (name, value) {
            ("-H" | "--header", Some(header)) => {
                let (name, value) = header.split_once(':').unwrap_or((&header, ""));
                self.headers.push(Header {
                    name: name.trim().to_string(),
                    value: value.trim().to_string(),
                });
            }
            ("--oauth2-bearer", Some(token)) => self.headers.push(Header {
                name: "Authorization".into(),
                value: format!("Bearer {token}"),
            }),
            ("-u" | "--user", Some(user)) => self.user = Some(user),
            ("-X" | "--request", Some(method)) => self.method = Some(method.to_ascii_uppercase()),
            ("--url", Some(url)) => self.add_url(&url),
            ("-o" | "--output", Some(output)) => self.output = Some(output),
            ("-I" | "--head", _) => self.head = true,
            ("-L" | "--location", _) => self.location = true,
            ("-i" | "--include", _) => self.include = true,
            ("-v" | "--verbose", _) => self.verbose = true,
            ("-d" | "--data" | "--data-raw" | "--data-binary" | "--data-urlencode", _)
            | ("-F" | "--form" | "-T" | "--upload-file", _) => self.sends_body = true,
            _ => {}
        }
    }

    /// The method curl sends: `-X`, else `HEAD` for `-I`, `POST` with a body, else `GET`.
    pub fn effective_method(&self) -> &str {
        match (&self.method, self.head, self.sends_body) {
            (Some(method), _, _) => method,
            (None, true, _) => "HEAD",
            (None, false, true) => "POST",
            (None, false, false) => "GET",
        }
    }

    /// The values of every header named `name` (case-insensitive), in order.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers
            .iter()
            .filter(move |h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    }

    /// The last `Authorization` header's value.
    pub fn authorization(&self) -> Option<&str> {
        self.header_values("authorization").last()
    }
}

/// Whether a command's program is curl (`curl`, `/usr/bin/curl`, `curl.exe`).
pub(crate) fn is_curl(program: &str) -> bool {
    let base = program.rsplit(['/', '\\']).next().unwrap_or(program);
    base == "curl" || base.eq_ignore_ascii_case("curl.exe")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn short_clusters_long_options_and_inline_values() {
        let c = CurlCommand::from_args(&args(&[
            "-sSLH",
            "Accept: a",
            "--user=u:p",
            "-XHEAD",
            "--header",
            "X-A:b",
            "-o",
            "out",
            "https://h.io/v2/",
        ]));
        assert_eq!(c.url.as_deref(), Some("https://h.io/v2/"));
        assert!(c.location);
        assert_eq!(c.user.as_deref(), Some("u:p"));
        assert_eq!(c.effective_method(), "HEAD");
        assert_eq!(c.header_values("accept").collect::<Vec<_>>(), ["a"]);
        assert_eq!(c.header_values("x-a").collect::<Vec<_>>(), ["b"]);
        assert_eq!(c.output.as_deref(), Some("out"));
    }
}
