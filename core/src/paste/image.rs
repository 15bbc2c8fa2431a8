//! An image named by what was pasted: a reference, a pull command or a Docker Hub page.

use crate::reference::Reference;

/// Where a pasted image name came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImageSource {
    /// An image reference typed as such (`alpine`, `ghcr.io/org/app:1.2`).
    Reference,
    /// A `docker pull` line (or podman's, nerdctl's).
    PullCommand {
        /// The tool: `docker`, `podman` or `nerdctl`.
        tool: String,
        /// `-q` / `--quiet` was given.
        quiet: bool,
        /// `-a` / `--all-tags` was given.
        all_tags: bool,
    },
    /// A Docker Hub web page.
    HubPage {
        /// The page is the repository's tag list.
        tags_page: bool,
        /// The tag list's `name=` filter.
        tag_filter: Option<String>,
    },
}

/// An image named by the pasted text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PastedImage {
    /// The image, parsed with Docker's rules.
    pub reference: Reference,
    /// The platform asked for (`--platform linux/arm64`), when one was.
    pub platform: Option<String>,
    /// Where the name came from.
    pub source: ImageSource,
}

impl PastedImage {
    /// An image from a reference typed as such.
    pub fn typed(reference: Reference) -> PastedImage {
        PastedImage {
            reference,
            platform: None,
            source: ImageSource::Reference,
        }
    }
}
