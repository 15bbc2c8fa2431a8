//! The images opened in this tab and the registry answers they give: the app's transport
//! sends each request for `file.invalid` here (see `crate::fetch_transport`), and
//! [`Shelf::answer`] answers it as a registry would (`/v2/`, manifests by tag or digest,
//! blobs, tags, an empty referrers list, the catalog), or says the file is not open.

use regscope_layers::local::files::Location;
use regscope_layers::local::image::{ArchiveKind, LocalImage, Resolved};
use serde_json::json;

use super::naming::{LOCAL_HOST, LocalName, names, slug};

const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

/// One opened file (or directory) and its image.
#[derive(Debug, Clone)]
pub struct Opened {
    /// The file's or directory's name, as the browser gave it.
    pub file_name: String,
    /// Its name in references ([`slug`]).
    pub slug: String,
    /// The archive read.
    pub image: LocalImage,
    /// The references it holds, as the app names them.
    pub names: Vec<LocalName>,
}

impl Opened {
    /// `image`, read from `file_name`.
    pub fn new(file_name: &str, image: LocalImage) -> Opened {
        let slug = slug(file_name);
        let names = names(&slug, &image.references);
        Opened {
            file_name: file_name.to_string(),
            slug,
            image,
            names,
        }
    }

    /// What the archive is, in words.
    pub fn kind_words(&self) -> &'static str {
        match self.image.kind {
            ArchiveKind::DockerSaveLegacy => "a docker save tarball (legacy layout)",
            ArchiveKind::DockerSaveOci => "a docker save tarball (OCI layout)",
            ArchiveKind::OciLayout => "an OCI image layout",
        }
    }
}

/// A registry answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Bytes held in memory (JSON, manifests).
    Bytes {
        /// HTTP status.
        status: u16,
        /// `Content-Type`.
        content_type: String,
        /// `Docker-Content-Digest`, for manifests and blobs.
        digest: Option<String>,
        /// The body.
        body: Vec<u8>,
    },
    /// Bytes of an opened file (configs, layers), read when needed.
    Stored {
        /// `Content-Type`.
        content_type: String,
        /// `Docker-Content-Digest`.
        digest: String,
        /// The opened file (an index into the shelf).
        from: usize,
        /// Where its bytes are.
        location: Location,
    },
    /// No opened file has this name: the words to show.
    NotOpen(String),
}

/// The opened files, newest last (opening a file of the same name again replaces it).
#[derive(Debug, Clone, Default)]
pub struct Shelf {
    opened: Vec<Opened>,
}

impl Shelf {
    /// Keeps `opened`, replacing a file of the same slug; returns its index.
    pub fn put(&mut self, opened: Opened) -> usize {
        match self.opened.iter().position(|o| o.slug == opened.slug) {
            Some(i) => {
                self.opened[i] = opened;
                i
            }
            None => {
                self.opened.push(opened);
                self.opened.len() - 1
            }
        }
    }

    /// The opened file at `index`.
    pub fn get(&self, index: usize) -> Option<&Opened> {
        self.opened.get(index)
    }

    /// The opened file whose slug starts `repository`, and its index.
    fn find(&self, repository: &str) -> Option<(usize, &Opened)> {
        let first = repository.split('/').next().unwrap_or_default();
        self.opened
            .iter()
            .enumerate()
            .find(|(_, o)| o.slug == first)
    }

    /// The answer to a `GET` or `HEAD` of `url` (a URL under [`LOCAL_HOST`]).
    pub fn answer(&self, url: &str) -> Answer {
        let path = url.split(['?', '#']).next().unwrap_or_default();
        let api = path.split_once("/v2/").map(|(_, api)| api);
        let Some(api) = api else {
            return not_found("NOT_FOUND", "only the registry API (/v2/) is answered");
        };
        if api.is_empty() {
            return json_answer(200, json!({}));
        }
        if api == "_catalog" {
            let repositories: Vec<&str> = self
                .opened
                .iter()
                .flat_map(|o| o.names.iter().map(|n| n.repository.as_str()))
                .collect();
            return json_answer(200, json!({ "repositories": repositories }));
        }
        let split = [
            ("/manifests/", "manifests"),
            ("/blobs/", "blobs"),
            ("/referrers/", "referrers"),
        ]
        .into_iter()
        .find_map(|(sep, what)| api.rsplit_once(sep).map(|(r, rest)| (r, what, rest)));
        let (repository, what, rest) = match split {
            Some(found) => found,
            None => match api.strip_suffix("/tags/list") {
                Some(r) => (r, "tags", ""),
                None => return not_found("NOT_FOUND", "not a registry API path"),
            },
        };
        let Some((from, opened)) = self.find(repository) else {
            return Answer::NotOpen(not_open_words(repository));
        };
        let known = opened.names.iter().any(|n| n.repository == repository);
        if !known && what != "blobs" {
            return not_found(
                "NAME_UNKNOWN",
                &format!("{} holds no repository {repository}", opened.file_name),
            );
        }
        match what {
            "tags" => {
                let tags: Vec<&str> = opened
                    .names
                    .iter()
                    .filter(|n| n.repository == repository)
                    .filter_map(|n| n.tag.as_deref())
                    .collect();
                json_answer(200, json!({ "name": repository, "tags": tags }))
            }
            "referrers" => Answer::Bytes {
                status: 200,
                content_type: OCI_INDEX.into(),
                digest: None,
                body: serde_json::to_vec(&json!({
                    "schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": []
                }))
                .unwrap_or_default(),
            },
            "manifests" => {
                let digest = if rest.contains(':') {
                    Some(rest.to_string())
                } else {
                    opened
                        .names
                        .iter()
                        .find(|n| n.repository == repository && n.tag.as_deref() == Some(rest))
                        .map(|n| n.digest.clone())
                };
                match digest.and_then(|d| opened.image.blob(&d)) {
                    Some(Resolved::Bytes {
                        digest,
                        media_type,
                        bytes,
                    }) => Answer::Bytes {
                        status: 200,
                        content_type: media_type,
                        digest: Some(digest),
                        body: bytes,
                    },
                    _ => not_found(
                        "MANIFEST_UNKNOWN",
                        &format!(
                            "{} holds no manifest {rest} in {repository}",
                            opened.file_name
                        ),
                    ),
                }
            }
            _ => match opened.image.blob(rest) {
                Some(Resolved::Bytes {
                    digest,
                    media_type,
                    bytes,
                }) => Answer::Bytes {
                    status: 200,
                    content_type: media_type,
                    digest: Some(digest),
                    body: bytes,
                },
                Some(Resolved::Stored {
                    digest,
                    media_type,
                    location,
                }) => Answer::Stored {
                    content_type: if media_type.is_empty() {
                        "application/octet-stream".into()
                    } else {
                        media_type
                    },
                    digest,
                    from,
                    location,
                },
                None => not_found(
                    "BLOB_UNKNOWN",
                    &format!("{} holds no blob {rest}", opened.file_name),
                ),
            },
        }
    }
}

/// The words for a reference to a file this tab has not opened.
pub fn not_open_words(repository: &str) -> String {
    let file = repository.split('/').next().unwrap_or_default();
    format!(
        "{LOCAL_HOST}/{repository} names an image read from a file named like \"{file}\", which is not open in this tab. \
         Files are read in the browser and never uploaded, so a reloaded page or a link opened elsewhere cannot reach it: \
         drop {file} on this page again (or pick it on the start page)"
    )
}

fn json_answer(status: u16, value: serde_json::Value) -> Answer {
    Answer::Bytes {
        status,
        content_type: "application/json".into(),
        digest: None,
        body: serde_json::to_vec(&value).unwrap_or_default(),
    }
}

fn not_found(code: &str, message: &str) -> Answer {
    json_answer(
        404,
        json!({ "errors": [{ "code": code, "message": message }] }),
    )
}

#[cfg(test)]
mod tests {
    use regscope_layers::build::archive::{
        ArchiveImage, ArchiveLayer, OCI_LAYER_TAR, config_json, docker_save_legacy, layer_tar,
    };
    use regscope_layers::lazy::check::sha256;
    use regscope_layers::local::read_at::load_tar_bytes;

    use super::*;

    fn legacy() -> (Vec<u8>, Shelf) {
        let layer = layer_tar(&[("etc/hello".into(), b"hi\n".to_vec())]);
        let diff_id = sha256(&layer);
        let image = ArchiveImage {
            config: config_json("linux", "amd64", std::slice::from_ref(&diff_id)),
            layers: vec![ArchiveLayer {
                media_type: OCI_LAYER_TAR.into(),
                blob: layer,
            }],
            platform: ("linux".into(), "amd64".into(), None),
        };
        let tar = docker_save_legacy(&[(vec!["example.com/app:1.0".into()], image)]);
        let mut shelf = Shelf::default();
        shelf.put(Opened::new("App Save.tar", load_tar_bytes(&tar).unwrap()));
        (tar, shelf)
    }

    fn status(a: &Answer) -> u16 {
        match a {
            Answer::Bytes { status, .. } => *status,
            Answer::Stored { .. } => 200,
            Answer::NotOpen(_) => 0,
        }
    }

    #[test]
    fn a_legacy_save_answers_as_a_registry() {
        let (tar, shelf) = legacy();
        let base = "https://file.invalid/v2/app-save.tar/example.com/app";
        assert_eq!(status(&shelf.answer("https://file.invalid/v2/")), 200);
        let Answer::Bytes {
            digest: Some(digest),
            body,
            content_type,
            ..
        } = shelf.answer(&format!("{base}/manifests/1.0"))
        else {
            panic!("no manifest");
        };
        assert_eq!(sha256(&body), digest);
        assert_eq!(
            content_type,
            "application/vnd.docker.distribution.manifest.v2+json"
        );
        let manifest: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let by_digest = shelf.answer(&format!("{base}/manifests/{digest}"));
        assert!(matches!(by_digest, Answer::Bytes { status: 200, .. }));
        let config = manifest["config"]["digest"].as_str().unwrap();
        let Answer::Stored { location, .. } = shelf.answer(&format!("{base}/blobs/{config}"))
        else {
            panic!("config not stored");
        };
        let bytes = &tar[location.range.start as usize..location.range.end as usize];
        assert_eq!(sha256(bytes), config);
        let layer = manifest["layers"][0]["digest"].as_str().unwrap();
        assert!(matches!(
            shelf.answer(&format!("{base}/blobs/{layer}")),
            Answer::Stored { .. }
        ));
        let Answer::Bytes { body, .. } = shelf.answer(&format!("{base}/tags/list")) else {
            panic!("no tags");
        };
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&body).unwrap()["tags"],
            json!(["1.0"])
        );
        assert_eq!(status(&shelf.answer(&format!("{base}/manifests/2.0"))), 404);
        assert_eq!(
            status(&shelf.answer(&format!("{base}/blobs/sha256:{}", "0".repeat(64)))),
            404
        );
        assert_eq!(
            status(&shelf.answer("https://file.invalid/v2/app-save.tar/other/manifests/1.0")),
            404
        );
        assert_eq!(
            status(&shelf.answer(&format!("{base}/referrers/{digest}"))),
            200
        );
    }

    #[test]
    fn a_file_not_open_is_named() {
        let (_, shelf) = legacy();
        let Answer::NotOpen(words) =
            shelf.answer("https://file.invalid/v2/alpine.tar/alpine/manifests/3")
        else {
            panic!("answered");
        };
        assert!(
            words.contains("drop alpine.tar on this page again"),
            "{words}"
        );
    }
}
