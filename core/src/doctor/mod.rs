//! The request doctor: what is wrong with a pasted registry request, why the registry answers
//! what it does, and the commands that work. [`diagnose`] takes what
//! [`crate::paste::interpret`] made of the paste and returns plain data with all the wording
//! in it: what was understood, the findings, and a copyable script.

mod commands;
mod finding;
pub mod known_registries;
mod plan;
mod replies;
mod request_checks;
mod session;
mod shell_quote;
mod token_checks;
pub mod token_claims;
mod understood;

pub use commands::{MANIFEST_TYPES, manifest_accept_header};
pub use finding::{Finding, FindingKind, Severity};
pub use shell_quote::quote;
pub use understood::Understood;

use commands::{RequestStep, Script};
use request_checks::RequestContext;

use crate::contract::PlainHttpHosts;
use crate::endpoints;
use crate::paste::{ApiUrl, ImageSource, Pasted, RequestKind};

/// The doctor's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnosis {
    /// A heading: how many problems, or that none was found.
    pub title: String,
    /// What was understood of the paste.
    pub understood: Understood,
    /// What was found, errors first.
    pub findings: Vec<Finding>,
    /// A heading for [`Self::commands`].
    pub commands_title: Option<String>,
    /// Commands that make the request correctly (the corrected ones when something was
    /// wrong), one per line, ready to copy into a POSIX shell; comment lines start with `#`.
    pub commands: Option<String>,
}

impl Diagnosis {
    /// The kinds of the findings, in order.
    pub fn kinds(&self) -> Vec<FindingKind> {
        self.findings.iter().map(|f| f.kind).collect()
    }
}

/// Diagnoses a paste.
pub fn diagnose(pasted: &Pasted) -> Diagnosis {
    let mut understood = Understood::default();
    let mut findings = Vec::new();
    let mut script = Script::default();
    match pasted {
        Pasted::Curl(curl) => session::diagnose(curl, &mut understood, &mut findings, &mut script),
        Pasted::ApiUrl(api) => api_url(api, &mut understood, &mut findings, &mut script),
        Pasted::TokenUrl(token) => {
            understood.realm = Some(token.realm.clone());
            understood.service.clone_from(&token.service);
            understood.scope = (!token.scopes.is_empty()).then(|| token.scopes.join(" "));
            understood.plain_http = token.plain_http;
            findings.extend(token_checks::check(token, None));
            let step = plan::token(token, None);
            script.push(step.render());
            plan::hub_follow_up(&step, &mut script);
        }
        Pasted::Challenge(challenges) => {
            replies::challenges(challenges, &mut understood, &mut findings, &mut script);
        }
        Pasted::ErrorBody(errors) => {
            replies::errors(errors, &mut understood, &mut findings, &mut script);
        }
        Pasted::Image(image) => {
            let reference = &image.reference;
            understood.registry = Some(reference.registry().to_string());
            understood.host = Some(reference.api_host().to_string());
            understood.repository = Some(reference.repository().to_string());
            understood.reference = Some(reference.manifest_target().to_string());
            understood.request = Some(RequestKind::Manifest);
            understood.platform.clone_from(&image.platform);
            understood.plain_http = reference.default_scheme() == "http";
            if let Some(api) = ApiUrl::parse(&endpoints::manifest(
                &PlainHttpHosts::default(),
                reference,
                reference.manifest_target(),
            )) {
                plan::request(&api, None, None, &mut script);
            }
            if let ImageSource::PullCommand { all_tags: true, .. } = image.source {
                let mut step = RequestStep::get(endpoints::tags(
                    &PlainHttpHosts::default(),
                    reference,
                    None,
                    None,
                ));
                step.auth = if reference.is_docker_hub() {
                    commands::RequestAuth::Bearer
                } else {
                    commands::RequestAuth::None
                };
                script.push("# --all-tags: the tags of the repository".to_string());
                script.push(step.render());
            }
        }
        Pasted::Registry(registry) => {
            understood.registry = Some(registry.registry.clone());
            understood.host = Some(registry.host.clone());
            understood.request = Some(RequestKind::Base);
            understood.plain_http = registry.plain_http;
            let scheme = if registry.plain_http { "http" } else { "https" };
            let path = registry.api_path.clone().unwrap_or_else(|| "/v2/".into());
            let api = ApiUrl::parse(&format!("{scheme}://{}{path}", registry.host));
            if let Some(api) = api {
                api_url(&api, &mut understood, &mut findings, &mut script);
            }
        }
        Pasted::Unknown { reason } => findings.push(Finding::new(
            FindingKind::NotUnderstood,
            Severity::Error,
            "Not understood",
            reason.clone(),
        )),
    }
    finish(understood, findings, script)
}

fn api_url(
    api: &ApiUrl,
    understood: &mut Understood,
    findings: &mut Vec<Finding>,
    script: &mut Script,
) {
    session::describe_request(api, understood);
    let context = RequestContext {
        command: None,
        linked: None,
        variables: &[],
    };
    findings.extend(request_checks::check(api, &context));
    if api.kind == RequestKind::Base {
        let mut step = RequestStep::get(format!(
            "{}://{}/v2/",
            if api.plain_http { "http" } else { "https" },
            api.host
        ));
        step.include = true;
        script.push("# the answer's WWW-Authenticate header names the token endpoint".to_string());
        script.push(step.render());
    } else {
        plan::request(api, None, None, script);
    }
}

fn finish(understood: Understood, mut findings: Vec<Finding>, script: Script) -> Diagnosis {
    let mut seen = Vec::new();
    findings.retain(|f| {
        let key = (f.kind, f.title.clone());
        let new = !seen.contains(&key);
        seen.push(key);
        new
    });
    findings.sort_by_key(|f| f.severity);
    let problems = findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .count();
    let title = match problems {
        0 => "Nothing wrong found".to_string(),
        1 => "1 problem found".to_string(),
        n => format!("{n} problems found"),
    };
    let commands = script.text();
    let commands_title = commands.as_ref().map(|_| {
        if problems > 0 {
            "Corrected commands".to_string()
        } else {
            "Commands that make this request".to_string()
        }
    });
    Diagnosis {
        title,
        understood,
        findings,
        commands_title,
        commands,
    }
}
