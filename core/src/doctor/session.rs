//! Pasted curl commands read together: which token request each registry request uses (by the
//! variable it is assigned to), the checks of both, and one corrected script.

use super::commands::Script;
use super::finding::{Finding, FindingKind, Severity};
use super::plan::{self, LinkedToken};
use super::request_checks::{self, RequestContext};
use super::token_checks;
use super::token_claims;
use super::understood::Understood;
use crate::paste::shell::variable_name;
use crate::paste::{ApiUrl, CurlCommand, CurlSession, TokenUrl, UrlTarget};

/// Findings, understanding and corrected commands of a curl session.
pub(crate) fn diagnose(
    session: &CurlSession,
    understood: &mut Understood,
    findings: &mut Vec<Finding>,
    script: &mut Script,
) {
    let mut tokens: Vec<(&CurlCommand, &TokenUrl)> = Vec::new();
    let mut requests: Vec<(&CurlCommand, &ApiUrl)> = Vec::new();
    for command in &session.commands {
        match &command.target {
            Some(UrlTarget::Token(token)) => tokens.push((command, token)),
            Some(UrlTarget::Api(api)) => requests.push((command, api)),
            Some(UrlTarget::Other(url)) => findings.push(Finding::new(
                FindingKind::NotARegistryUrl,
                Severity::Warning,
                format!("{url} is not a registry or token URL"),
                "Registry API URLs have a path starting with /v2/ (/v2/NAME/manifests/REFERENCE, /v2/NAME/blobs/DIGEST, /v2/NAME/tags/list, …); token URLs are a realm with ?service=…&scope=…. This URL is neither, so it is not checked.",
            )),
            None => findings.push(Finding::new(
                FindingKind::NotARegistryUrl,
                Severity::Warning,
                "A curl command without a URL",
                "curl was given no URL to ask.",
            )),
        }
    }
    for (command, token) in &tokens {
        findings.extend(token_checks::check(token, Some(command)));
    }
    if let Some((command, token)) = tokens.first() {
        understood.realm = Some(token.realm.clone());
        understood.service.clone_from(&token.service);
        understood.scope = (!token.scopes.is_empty()).then(|| token.scopes.join(" "));
        understood.plain_http |= token.plain_http;
        understood.method = Some(command.effective_method().to_string());
    }
    for (command, api) in &requests {
        let linked = link(command, &tokens);
        let context = RequestContext {
            command: Some(command),
            linked,
            variables: &session.variables,
        };
        findings.extend(request_checks::check(api, &context));
        plan::request(api, Some(command), linked, script);
    }
    if let Some((command, api)) = requests.first() {
        describe_request(api, understood);
        understood.method = Some(command.effective_method().to_string());
        understood.token_grants = grants(command, session);
    }
    if requests.is_empty() {
        for (command, token) in &tokens {
            let step = plan::token(token, Some(command));
            script.push(step.render());
            plan::hub_follow_up(&step, script);
        }
    }
}

/// Fills what a registry request says.
pub(crate) fn describe_request(api: &ApiUrl, understood: &mut Understood) {
    understood.registry = Some(api.registry.clone());
    understood.host = Some(api.host.clone());
    understood.repository.clone_from(&api.repository);
    understood.reference.clone_from(&api.target);
    understood.request = Some(api.kind);
    understood.plain_http |= api.plain_http;
}

/// The token request whose token `command` sends: the one assigned to the variable in its
/// `Authorization` header, else the last one of the session.
fn link<'a>(
    command: &CurlCommand,
    tokens: &[(&'a CurlCommand, &'a TokenUrl)],
) -> Option<LinkedToken<'a>> {
    let variable = command
        .authorization()
        .and_then(|value| value.split_once(' '))
        .and_then(|(_, credential)| variable_name(credential.trim()));
    let by_variable = variable.and_then(|name| {
        tokens
            .iter()
            .rev()
            .find(|(c, _)| c.assigned_to.as_deref() == Some(name))
    });
    by_variable
        .or(tokens.last())
        .map(|(command, url)| LinkedToken {
            url,
            command: Some(command),
        })
}

/// What the token a request sends grants, when it is a JWT written out (or in a variable).
fn grants(command: &CurlCommand, session: &CurlSession) -> Vec<String> {
    let Some(credential) = command
        .authorization()
        .and_then(|value| value.split_once(' '))
        .map(|(_, c)| c.trim())
    else {
        return Vec::new();
    };
    let token = match variable_name(credential) {
        Some(name) => session.variable(name),
        None => Some(credential),
    };
    token
        .and_then(token_claims::decode)
        .map(|claims| claims.access.iter().map(|a| a.as_scope()).collect())
        .unwrap_or_default()
}
