//! `docker pull`, `podman pull` and `nerdctl pull` lines: the image and the platform they ask
//! for, their other flags skipped.

use super::image::{ImageSource, PastedImage};

/// The tools whose `pull` subcommand is read.
const TOOLS: [&str; 3] = ["docker", "podman", "nerdctl"];
/// Options of the tools (before or after `pull`) that take a value as the next word.
const OPTIONS_WITH_VALUE: [&str; 16] = [
    "--platform",
    "--arch",
    "--os",
    "--variant",
    "--creds",
    "--authfile",
    "--cert-dir",
    "--decryption-key",
    "--retry",
    "--retry-delay",
    "-n",
    "--namespace",
    "--context",
    "-c",
    "--host",
    "-H",
];

/// The image a pull line names: `None` when `words` is not a pull command of a known tool,
/// `Some(Err(reason))` when it is but its image cannot be read.
pub(crate) fn read(words: &[String]) -> Option<Result<PastedImage, String>> {
    let mut words = words.iter().map(String::as_str).peekable();
    while words.next_if(|w| *w == "sudo" || *w == "$").is_some() {}
    let tool = words.next()?;
    let tool = tool.rsplit('/').next().unwrap_or(tool);
    if !TOOLS.contains(&tool) {
        return None;
    }
    // Global options, then `pull` or `image pull`.
    loop {
        let word = words.next()?;
        match word {
            "pull" => break,
            "image" => {}
            w if OPTIONS_WITH_VALUE.contains(&w) => {
                words.next();
            }
            w if w.starts_with('-') => {}
            _ => return None,
        }
    }
    let (mut quiet, mut all_tags) = (false, false);
    let (mut platform, mut arch, mut os, mut variant) = (None, None, None, None);
    let mut image = None;
    while let Some(word) = words.next() {
        let (name, inline) = match word.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (word, None),
        };
        let mut value = || inline.clone().or_else(|| words.next().map(str::to_string));
        match name {
            "-q" | "--quiet" => quiet = true,
            "-a" | "--all-tags" => all_tags = true,
            "--platform" => platform = value(),
            "--arch" => arch = value(),
            "--os" => os = value(),
            "--variant" => variant = value(),
            n if OPTIONS_WITH_VALUE.contains(&n) => {
                value();
            }
            n if n.starts_with('-') => {
                if n.len() > 2 && !n.starts_with("--") {
                    quiet |= n.contains('q');
                    all_tags |= n.contains('a');
                }
            }
            _ => {
                if image.is_none() {
                    image = Some(word);
                }
            }
        }
    }
    let platform = platform.or_else(|| {
        (os.is_some() || arch.is_some()).then(|| {
            let mut p = format!(
                "{}/{}",
                os.as_deref().unwrap_or("linux"),
                arch.as_deref().unwrap_or("amd64")
            );
            if let Some(v) = &variant {
                p.push('/');
                p.push_str(v);
            }
            p
        })
    });
    let Some(image) = image else {
        return Some(Err(format!("this `{tool} pull` names no image")));
    };
    let name = image.strip_prefix("docker://").unwrap_or(image);
    Some(
        name.parse()
            .map(|reference| PastedImage {
                reference,
                platform,
                source: ImageSource::PullCommand {
                    tool: tool.to_string(),
                    quiet,
                    all_tags,
                },
            })
            .map_err(|e| {
                format!("`{tool} pull` names {name:?}, which is not an image reference: {e}")
            }),
    )
}
