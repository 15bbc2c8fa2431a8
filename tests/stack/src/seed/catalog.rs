//! The fixed set of test images. Everything here is deterministic: same bytes, same
//! digests, on every machine and every run.

use std::collections::BTreeMap;

use anyhow::Result;

use super::attest;
use super::config::{Empty, RuntimeConfig};
use super::cosign;
use super::descriptor::Platform;
use super::files;
use super::hostile;
use super::image::{self, BuiltImage, Flavor, ImageSpec, Step};
use super::large;
use super::manifest::{ImageIndex, Kind, Manifest};
use super::media;
use super::plan::RepoPlan;
use super::schema1::{self, Schema1Spec};

/// The `org.opencontainers.image.source` label of every image.
const SOURCE: &str = "https://example.invalid/regscope/tests/stack";
/// The default `PATH`.
const PATH_ENV: &str = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
/// Number of versioned tags in `many/tags` (plus `latest`).
pub const MANY_TAGS: usize = 120;

/// Builds every repository's plan. `host` (e.g. `127.0.0.1:5000`) only appears in the
/// cosign payload's docker-reference.
pub fn build(host: &str) -> Result<Vec<RepoPlan>> {
    let mut plans = vec![
        alpine(host)?,
        single()?,
        docker_schema2()?,
        docker_list()?,
        docker_schema1()?,
        private_app()?,
        many_tags()?,
        large::wide_index()?,
        large::many_layers()?,
        large::long_history()?,
    ];
    plans.extend(files::plans()?);
    plans.extend(super::pairs::plans()?);
    plans.extend(hostile::plans()?);
    plans.extend(super::supply::plans(host)?);
    Ok(plans)
}

/// `library/alpine:latest` and `:3.20`: OCI index of amd64 + arm64/v8 with attestations,
/// plus a cosign signature of the amd64 manifest.
fn alpine(host: &str) -> Result<RepoPlan> {
    let repository = "library/alpine";
    let mut plan = RepoPlan::new(repository);
    let amd64 = image::build(&alpine_spec(Platform::linux("amd64", None), "3.20.0"))?;
    let arm64 = image::build(&alpine_spec(Platform::linux("arm64", Some("v8")), "3.20.0"))?;
    let mut entries = Vec::new();
    let mut attestations = Vec::new();
    for built in [&amd64, &arm64] {
        plan.add_blobs(built.blobs.clone());
        entries.push(built.manifest.index_entry());
        let attestation = attest::sbom_for(repository, &built.manifest)?;
        plan.add_blobs(attestation.blobs.clone());
        attestations.push(attestation);
    }
    entries.extend(attestations.iter().map(|a| a.entry.clone()));
    let index = Manifest::oci_index(entries)?;
    let signature = cosign::sign(&format!("{host}/{repository}"), &amd64.manifest)?;
    plan.add_blobs(signature.blobs.clone());
    plan.untagged(amd64.manifest);
    plan.untagged(arm64.manifest);
    for attestation in attestations {
        plan.untagged(attestation.manifest);
    }
    plan.tagged(index, &["latest", "3.20"]);
    alpine_edge(&mut plan)?;
    plan.pushes.push(super::plan::Push {
        manifest: signature.manifest,
        tags: vec![signature.tag],
        by_digest: true,
    });
    Ok(plan)
}

/// `library/alpine:edge`: another two-platform index in the same repository (different
/// content, no attestations), so a second image can be inspected with the token cached.
fn alpine_edge(plan: &mut RepoPlan) -> Result<()> {
    let mut entries = Vec::new();
    for platform in [
        Platform::linux("amd64", None),
        Platform::linux("arm64", Some("v8")),
    ] {
        let built = image::build(&alpine_spec(platform, "3.21.0"))?;
        plan.add_blobs(built.blobs.clone());
        entries.push(built.manifest.index_entry());
        plan.untagged(built.manifest);
    }
    let index = Manifest::oci_index(entries)?;
    plan.tagged(index, &["edge"]);
    Ok(())
}

/// The alpine-like image of one platform: three layers and metadata-only steps.
fn alpine_spec(platform: Platform, version: &str) -> ImageSpec {
    let short = version
        .rsplit_once('.')
        .map_or(version, |(major_minor, _)| major_minor);
    let label = platform.label();
    let arch = platform.architecture.clone();
    let os_release = format!(
        "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID={version}\n\
         PRETTY_NAME=\"Alpine Linux v{short} (regscope test image, {label})\"\n"
    );
    ImageSpec {
        platform,
        flavor: Flavor::Oci,
        steps: vec![
            Step::layer(
                &format!("ADD alpine-minirootfs-{version}-{arch}.tar.gz / # buildkit"),
                &[
                    (
                        "bin/busybox",
                        format!("regscope busybox stub for {label}\n"),
                    ),
                    ("etc/alpine-release", format!("{version}\n")),
                    ("etc/os-release", os_release),
                ],
            ),
            Step::meta("CMD [\"/bin/sh\"]"),
            Step::layer(
                "RUN /bin/sh -c echo hello > /srv/hello.txt # buildkit",
                &[("srv/hello.txt", format!("hello from {label}\n"))],
            ),
            Step::meta("ENV APP_MODE=test"),
            Step::meta(&format!("LABEL org.opencontainers.image.source={SOURCE}")),
            Step::layer(
                "COPY motd /etc/motd # buildkit",
                &[(
                    "etc/motd",
                    format!("Welcome to the regscope test image ({label}).\n"),
                )],
            ),
            Step::meta("EXPOSE map[8080/tcp:{}]"),
            Step::meta("VOLUME [/data]"),
            Step::meta("WORKDIR /srv"),
            Step::meta("USER 1000:1000"),
            Step::meta("ENTRYPOINT [\"/bin/sh\" \"-c\"]"),
            Step::meta("CMD [\"cat /srv/hello.txt\"]"),
        ],
        runtime: RuntimeConfig {
            user: Some("1000:1000".to_owned()),
            exposed_ports: BTreeMap::from([("8080/tcp".to_owned(), Empty {})]),
            env: vec![PATH_ENV.to_owned(), "APP_MODE=test".to_owned()],
            entrypoint: vec!["/bin/sh".to_owned(), "-c".to_owned()],
            cmd: vec!["cat /srv/hello.txt".to_owned()],
            volumes: BTreeMap::from([("/data".to_owned(), Empty {})]),
            working_dir: Some("/srv".to_owned()),
            labels: labels("alpine", version),
        },
    }
}

/// The standard labels.
fn labels(title: &str, version: &str) -> BTreeMap<String, String> {
    BTreeMap::from([
        (
            "org.opencontainers.image.description".to_owned(),
            format!("regscope test image {title}"),
        ),
        (
            "org.opencontainers.image.source".to_owned(),
            SOURCE.to_owned(),
        ),
        (
            "org.opencontainers.image.title".to_owned(),
            title.to_owned(),
        ),
        (
            "org.opencontainers.image.version".to_owned(),
            version.to_owned(),
        ),
    ])
}

/// A small two-step image named `title` (one layer, one metadata step).
fn small(title: &str, platform: Platform, flavor: Flavor) -> Result<BuiltImage> {
    let label = platform.label();
    image::build(&ImageSpec {
        steps: vec![
            Step::layer(
                &format!("ADD rootfs-{title}.tar /"),
                &[
                    ("bin/sh", format!("regscope shell stub for {label}\n")),
                    (
                        "etc/regscope/image.txt",
                        format!("image {title} for {label}\n"),
                    ),
                ],
            ),
            Step::meta("CMD [\"/bin/sh\"]"),
        ],
        runtime: RuntimeConfig {
            env: vec![PATH_ENV.to_owned()],
            cmd: vec!["/bin/sh".to_owned()],
            labels: labels(title, "1.0"),
            ..RuntimeConfig::default()
        },
        platform,
        flavor,
    })
}

/// A plan with one image under `tags`.
fn one_image(repository: &str, built: BuiltImage, tags: &[&str]) -> RepoPlan {
    let mut plan = RepoPlan::new(repository);
    plan.add_blobs(built.blobs);
    plan.tagged(built.manifest, tags);
    plan
}

/// `oci/single:1.0`: one OCI image manifest, linux/amd64.
fn single() -> Result<RepoPlan> {
    let built = small("oci-single", Platform::linux("amd64", None), Flavor::Oci)?;
    Ok(one_image("oci/single", built, &["1.0"]))
}

/// `docker/schema2:latest`: one Docker schema2 manifest, linux/amd64.
fn docker_schema2() -> Result<RepoPlan> {
    let built = small(
        "docker-schema2",
        Platform::linux("amd64", None),
        Flavor::Docker,
    )?;
    Ok(one_image("docker/schema2", built, &["latest"]))
}

/// `docker/list:latest`: Docker manifest list of linux/amd64 and linux/arm/v7.
fn docker_list() -> Result<RepoPlan> {
    let mut plan = RepoPlan::new("docker/list");
    let mut entries = Vec::new();
    for platform in [
        Platform::linux("amd64", None),
        Platform::linux("arm", Some("v7")),
    ] {
        let built = small("docker-list", platform, Flavor::Docker)?;
        plan.add_blobs(built.blobs);
        entries.push(built.manifest.index_entry());
        plan.untagged(built.manifest);
    }
    let list = Manifest::from_document(
        media::DOCKER_LIST,
        Kind::DockerList,
        &ImageIndex {
            schema_version: 2,
            media_type: media::DOCKER_LIST.to_owned(),
            manifests: entries,
        },
    )?;
    plan.tagged(list, &["latest"]);
    Ok(plan)
}

/// `docker/schema1:latest`: a signed schema1 manifest with two layers.
fn docker_schema1() -> Result<RepoPlan> {
    let file = |path: &str, text: &str| (path.to_owned(), text.as_bytes().to_vec());
    let spec = Schema1Spec {
        name: "docker/schema1".to_owned(),
        tag: "latest".to_owned(),
        platform: Platform::linux("amd64", None),
        layers: vec![
            (
                "#(nop) ADD file:regscope-schema1-rootfs in /".to_owned(),
                vec![file("bin/sh", "regscope schema1 shell stub\n")],
            ),
            (
                "echo legacy > /etc/legacy.txt".to_owned(),
                vec![file("etc/legacy.txt", "legacy schema1 image\n")],
            ),
        ],
        runtime: RuntimeConfig {
            env: vec![PATH_ENV.to_owned()],
            cmd: vec!["/bin/sh".to_owned()],
            labels: labels("docker-schema1", "1.0"),
            ..RuntimeConfig::default()
        },
    };
    let (blobs, manifest) = schema1::build(&spec)?;
    let mut plan = RepoPlan::new("docker/schema1");
    plan.add_blobs(blobs);
    plan.tagged(manifest, &["latest"]);
    Ok(plan)
}

/// `private/app:1.0`: an OCI image only `alice` may pull.
fn private_app() -> Result<RepoPlan> {
    let built = small("private-app", Platform::linux("amd64", None), Flavor::Oci)?;
    Ok(one_image("private/app", built, &["1.0"]))
}

/// `many/tags`: `v1.0.0` … `v1.11.9` (120 tags) and `latest`, all one manifest.
fn many_tags() -> Result<RepoPlan> {
    let built = small("many-tags", Platform::linux("amd64", None), Flavor::Oci)?;
    let tags: Vec<String> = (0..MANY_TAGS)
        .map(|n| format!("v1.{}.{}", n / 10, n % 10))
        .chain(std::iter::once("latest".to_owned()))
        .collect();
    let tags: Vec<&str> = tags.iter().map(String::as_str).collect();
    Ok(one_image("many/tags", built, &tags))
}
