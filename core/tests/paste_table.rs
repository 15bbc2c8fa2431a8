//! Table test of `paste::interpret`: one row per pasted form, each with the exact reading.

use regscope_core::paste::{ImageSource, Pasted, UrlTarget, interpret};

const D: &str = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

/// A compact, exact rendering of what was understood.
fn render(pasted: &Pasted) -> String {
    match pasted {
        Pasted::Image(i) => {
            let source = match &i.source {
                ImageSource::Reference => "ref".to_string(),
                ImageSource::PullCommand {
                    tool,
                    quiet,
                    all_tags,
                } => format!("pull:{tool}:q={quiet}:a={all_tags}"),
                ImageSource::HubPage {
                    tags_page,
                    tag_filter,
                } => format!("hub:tags={tags_page}:filter={tag_filter:?}"),
            };
            format!("image {} {:?} {source}", i.reference, i.platform)
        }
        Pasted::Registry(r) => format!(
            "registry {} host={} http={} path={:?}",
            r.registry, r.host, r.plain_http, r.api_path
        ),
        Pasted::ApiUrl(a) => format!(
            "api {} {} {:?} {:?} {:?} http={} q={:?}",
            a.registry, a.host, a.kind, a.repository, a.target, a.plain_http, a.query
        ),
        Pasted::Curl(s) => {
            let commands: Vec<String> = s
                .commands
                .iter()
                .map(|c| {
                    let target = match &c.target {
                        Some(UrlTarget::Api(a)) => format!("api:{:?}", a.kind),
                        Some(UrlTarget::Token(_)) => "token".to_string(),
                        Some(UrlTarget::Other(u)) => format!("other:{u}"),
                        None => "none".to_string(),
                    };
                    let headers: Vec<String> = c
                        .headers
                        .iter()
                        .map(|h| format!("{}={}", h.name, h.value))
                        .collect();
                    format!(
                        "{} {} {target} h={headers:?} u={:?} L={} ->{:?}",
                        c.effective_method(),
                        c.url.as_deref().unwrap_or("-"),
                        c.user,
                        c.location,
                        c.assigned_to
                    )
                })
                .collect();
            format!("curl {commands:?} vars={:?}", s.variables)
        }
        Pasted::TokenUrl(t) => format!(
            "token {} service={:?} scopes={:?} account={:?}",
            t.realm, t.service, t.scopes, t.account
        ),
        Pasted::Challenge(c) => {
            let list: Vec<String> = c
                .iter()
                .map(|c| {
                    format!(
                        "{} {:?} {:?} {:?}",
                        c.scheme(),
                        c.realm(),
                        c.service(),
                        c.scope()
                    )
                })
                .collect();
            format!("challenge {list:?}")
        }
        Pasted::ErrorBody(e) => {
            let codes: Vec<&str> = e.iter().map(|e| e.code.as_str()).collect();
            format!("errors {codes:?}")
        }
        Pasted::Unknown { reason } => format!("unknown: {reason}"),
    }
}

#[test]
fn every_pasted_form_is_read() {
    let long_tag = format!("docker.io/library/alpine@{D}");
    let rows: Vec<(String, String)> = vec![
        // References.
        ("alpine".into(), "image docker.io/library/alpine None ref".into()),
        ("  ghcr.io/org/app:1.2\n".into(), "image ghcr.io/org/app:1.2 None ref".into()),
        (format!("host:5000/team/svc@{D}"), format!("image host:5000/team/svc@{D} None ref")),
        // Pull lines.
        ("docker pull --platform linux/arm64 alpine:3.20".into(), "image docker.io/library/alpine:3.20 Some(\"linux/arm64\") pull:docker:q=false:a=false".into()),
        ("podman pull -q --platform=linux/amd64 docker://quay.io/org/app".into(), "image quay.io/org/app Some(\"linux/amd64\") pull:podman:q=true:a=false".into()),
        ("sudo nerdctl -n k8s.io pull --all-tags nginx".into(), "image docker.io/library/nginx None pull:nerdctl:q=false:a=true".into()),
        ("docker image pull -qa redis".into(), "image docker.io/library/redis None pull:docker:q=true:a=true".into()),
        ("docker pull".into(), "unknown: this `docker pull` names no image".into()),
        // Docker Hub pages.
        ("https://hub.docker.com/_/alpine".into(), "image docker.io/library/alpine None hub:tags=false:filter=None".into()),
        ("hub.docker.com/r/org/app".into(), "image docker.io/org/app None hub:tags=false:filter=None".into()),
        ("https://hub.docker.com/r/org/app/tags".into(), "image docker.io/org/app None hub:tags=true:filter=None".into()),
        ("https://hub.docker.com/_/alpine/tags?name=3".into(), "image docker.io/library/alpine None hub:tags=true:filter=Some(\"3\")".into()),
        (format!("hub.docker.com/layers/library/alpine/3.20/images/sha256-{}", &D[7..]), format!("image docker.io/library/alpine:3.20@{D} None hub:tags=false:filter=None")),
        ("https://hub.docker.com/search?q=x".into(), "unknown: this Docker Hub page (/search) shows no image: paste the page of a repository, such as https://hub.docker.com/_/alpine or https://hub.docker.com/r/NAMESPACE/NAME".into()),
        // Registry API URLs.
        ("https://registry-1.docker.io/v2/library/alpine/manifests/3.20".into(), "api docker.io registry-1.docker.io Manifest Some(\"library/alpine\") Some(\"3.20\") http=false q=None".into()),
        (format!("https://ghcr.io/v2/org/app/blobs/{D}"), format!("api ghcr.io ghcr.io Blob Some(\"org/app\") Some(\"{D}\") http=false q=None")),
        ("http://127.0.0.1:5000/v2/a/b/tags/list?n=10".into(), "api 127.0.0.1:5000 127.0.0.1:5000 Tags Some(\"a/b\") None http=true q=Some(\"n=10\")".into()),
        (format!("https://index.docker.io/v2/org/app/referrers/{D}"), format!("api docker.io index.docker.io Referrers Some(\"org/app\") Some(\"{D}\") http=false q=None")),
        ("https://quay.io/v2/_catalog".into(), "api quay.io quay.io Catalog None None http=false q=None".into()),
        ("https://h.io/v2/a/nothing/here".into(), "unknown: /v2/a/nothing/here is a registry API path, but not one of its endpoints (/v2/, /v2/_catalog, /v2/NAME/manifests/REFERENCE, /v2/NAME/blobs/DIGEST, /v2/NAME/tags/list, /v2/NAME/referrers/DIGEST)".into()),
        // Registry addresses.
        ("https://ghcr.io".into(), "registry ghcr.io host=ghcr.io http=false path=None".into()),
        ("harbor.local:5000/".into(), "registry harbor.local:5000 host=harbor.local:5000 http=false path=None".into()),
        ("host.corp/v2/".into(), "registry host.corp host=host.corp http=false path=Some(\"/v2/\")".into()),
        ("http://registry-1.docker.io/v2".into(), "registry docker.io host=registry-1.docker.io http=true path=Some(\"/v2\")".into()),
        // Token URLs.
        ("https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/alpine:pull".into(), "token https://auth.docker.io/token service=Some(\"registry.docker.io\") scopes=[\"repository:library/alpine:pull\"] account=None".into()),
        ("https://git.corp/jwt/auth?account=me&scope=repository%3Aa%2Fb%3Apull%2Cpush".into(), "token https://git.corp/jwt/auth service=None scopes=[\"repository:a/b:pull,push\"] account=Some(\"me\")".into()),
        // Challenges.
        ("WWW-Authenticate: Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"".into(), "challenge [\"Bearer Some(\\\"https://auth.docker.io/token\\\") Some(\\\"registry.docker.io\\\") Some(\\\"repository:library/alpine:pull\\\")\"]".into()),
        ("< www-authenticate: Basic realm=\"x\"".into(), "challenge [\"Basic Some(\\\"x\\\") None None\"]".into()),
        ("Bearer realm=\"https://r/t\",error=\"insufficient_scope\"".into(), "challenge [\"Bearer Some(\\\"https://r/t\\\") None None\"]".into()),
        ("WWW-Authenticate: Bearer realm=\"open".into(), "unknown: this looks like a WWW-Authenticate value but it does not parse: the quoted string opened at position 14 of the WWW-Authenticate header is not closed".into()),
        // Error bodies.
        ("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\",\"detail\":[{\"Type\":\"repository\",\"Name\":\"alpine\",\"Action\":\"pull\"}]}]}".into(), "errors [\"UNAUTHORIZED\"]".into()),
        ("{\"errors\":[{\"code\":\"DENIED\",\"message\":\"insufficient_scope\"},{\"code\":\"NAME_UNKNOWN\"}]}".into(), "errors [\"DENIED\", \"NAME_UNKNOWN\"]".into()),
        ("{\"token\":\"x\"}".into(), "unknown: this is a token response: send its token as `Authorization: Bearer TOKEN` to the registry, or paste the curl command that failed".into()),
        ("{\"a\":1}".into(), "unknown: this JSON has no `errors` list, so it is not a registry error body".into()),
        ("{oops".into(), "unknown: this starts like JSON but is not valid JSON: key must be a string at line 1 column 2".into()),
        // Curl commands.
        ("curl -sSL -H 'Accept: a, b' -u \"$U:$P\" https://h.io/v2/x/manifests/1".into(), "curl [\"GET https://h.io/v2/x/manifests/1 api:Manifest h=[\\\"Accept=a, b\\\"] u=Some(\\\"$U:$P\\\") L=true ->None\"] vars=[]".into()),
        ("curl -I --url https://h.io/v2/ -H \"Authorization: Bearer ${T}\"".into(), "curl [\"HEAD https://h.io/v2/ api:Base h=[\\\"Authorization=Bearer ${T}\\\"] u=None L=false ->None\"] vars=[]".into()),
        ("TOKEN=$(curl -s \"https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/alpine:pull\" | jq -r .token) && \\\n  curl -X HEAD -H \"Authorization: Bearer $TOKEN\" \\\n  https://registry-1.docker.io/v2/library/alpine/manifests/latest".into(), "curl [\"GET https://auth.docker.io/token?service=registry.docker.io&scope=repository:library/alpine:pull token h=[] u=None L=false ->Some(\\\"TOKEN\\\")\", \"HEAD https://registry-1.docker.io/v2/library/alpine/manifests/latest api:Manifest h=[\\\"Authorization=Bearer $TOKEN\\\"] u=None L=false ->None\"] vars=[]".into()),
        ("export T=abc; curl https://example.com/x | head; curl".into(), "curl [\"GET https://example.com/x other:https://example.com/x h=[] u=None L=false ->None\", \"GET - none h=[] u=None L=false ->None\"] vars=[(\"T\", \"abc\")]".into()),
        ("curl -H 'Accept: x".into(), "unknown: the pasted command cannot be read: the ' quote opened at character 9 is never closed".into()),
        ("curl \"a $(echo".into(), "unknown: the pasted command cannot be read: the command substitution opened at character 9 is never closed".into()),
        // Anything else.
        ("".into(), "unknown: nothing was pasted".into()),
        ("  \n\t ".into(), "unknown: nothing was pasted".into()),
        ("Alpine".into(), "unknown: this is not an image reference (uppercase letters are not allowed in a repository name: \"Alpine\" (use \"alpine\")), nor a registry or Docker Hub URL, a pull or curl command, a WWW-Authenticate value or a registry error body".into()),
        ("hello world".into(), "unknown: this is not an image reference (invalid character ' ' at position 6 of the reference), nor a registry or Docker Hub URL, a pull or curl command, a WWW-Authenticate value or a registry error body".into()),
        ("a\0b".into(), "unknown: this is not an image reference (invalid character '\\0' at position 2 of the reference), nor a registry or Docker Hub URL, a pull or curl command, a WWW-Authenticate value or a registry error body".into()),
        ("ftp://h/x".into(), "unknown: this is not an image reference (the port of the registry \"ftp:\" must be a number), nor a registry or Docker Hub URL, a pull or curl command, a WWW-Authenticate value or a registry error body".into()),
        (long_tag.clone(), format!("image {long_tag} None ref")),
    ];
    let mut failures = Vec::new();
    for (input, expected) in &rows {
        let got = render(&interpret(input));
        if &got != expected {
            failures.push(format!(
                "{input:?}\n  expected {expected}\n  got      {got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn hostile_inputs_are_refused_in_words() {
    let megabyte = "a".repeat(1 << 20);
    let cases = [
        megabyte.clone(),
        format!("curl '{megabyte}"),
        format!("curl {}", "$(".repeat(1000)),
        format!("curl {}x{}", "$(".repeat(20), ")".repeat(20)),
        "\0\0\0".to_string(),
        format!("{{\"errors\":{}", "[".repeat(10_000)),
    ];
    for input in &cases {
        let pasted = interpret(input);
        let Pasted::Unknown { reason } = &pasted else {
            panic!(
                "{:?} read as {}",
                &input[..20.min(input.len())],
                render(&pasted)
            );
        };
        assert!(!reason.is_empty());
    }
}
