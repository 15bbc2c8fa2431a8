//! Error responses: the registry error JSON (`{"errors":[{code,message,detail}]}`, fields in
//! that order) and the few plain-text answers real registries give.

use axum::body::Body;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde::Serialize;

/// The content type distribution and most registries give their JSON errors.
pub const JSON: &str = "application/json; charset=utf-8";

/// One entry of `errors`.
#[derive(Debug, Serialize)]
struct Entry<'a> {
    code: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Detail::is_omitted")]
    detail: Detail,
}

/// The `detail` of an error entry.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Detail {
    /// No `detail` field at all.
    Omitted,
    /// `"detail": null`.
    Null,
    /// `"detail": "text"`.
    Text(String),
    /// `"detail": {…}`, an object of strings (`{}` when empty).
    Object(std::collections::BTreeMap<String, String>),
    /// `"detail": [{"Type":…,"Class":…,"Name":…,"Action":…}]`, distribution's access detail.
    Access(Vec<AccessDetail>),
}

impl Detail {
    fn is_omitted(&self) -> bool {
        matches!(self, Self::Omitted)
    }

    /// `"detail": {}`.
    pub fn empty_object() -> Self {
        Self::Object(std::collections::BTreeMap::new())
    }

    /// `"detail": {"name": NAME}`, distribution's detail for an unknown repository.
    pub fn name(name: &str) -> Self {
        Self::Object(std::collections::BTreeMap::from([(
            "name".to_owned(),
            name.to_owned(),
        )]))
    }

    /// distribution's detail for a refused pull of `name`; `class` adds the `"Class":""`
    /// field Docker Hub sends.
    pub fn pull_access(name: &str, class: bool) -> Self {
        Self::Access(vec![AccessDetail {
            kind: "repository".into(),
            class: class.then(String::new),
            name: name.into(),
            action: "pull".into(),
        }])
    }

    /// distribution's detail for a refused catalog listing.
    pub fn catalog_access(class: bool) -> Self {
        Self::Access(vec![AccessDetail {
            kind: "registry".into(),
            class: class.then(String::new),
            name: "catalog".into(),
            action: "*".into(),
        }])
    }
}

/// One resource in distribution's access detail.
#[derive(Debug, Clone, Serialize)]
pub struct AccessDetail {
    #[serde(rename = "Type")]
    kind: String,
    #[serde(rename = "Class", skip_serializing_if = "Option::is_none")]
    class: Option<String>,
    #[serde(rename = "Name")]
    name: String,
    #[serde(rename = "Action")]
    action: String,
}

/// The JSON body `{"errors":[{code,message[,detail]}]}`.
pub fn body(code: &str, message: &str, detail: Detail) -> String {
    #[derive(Serialize)]
    struct Errors<'a> {
        errors: [Entry<'a>; 1],
    }
    serde_json::to_string(&Errors {
        errors: [Entry {
            code,
            message,
            detail,
        }],
    })
    .unwrap_or_default()
}

/// A registry error response; the body ends with a newline, as Go's and Flask's JSON
/// encoders write it.
pub fn registry(status: StatusCode, code: &str, message: &str, detail: Detail) -> Response {
    with_type(status, format!("{}\n", body(code, message, detail)), JSON)
}

/// A response of `status` with `text` as body and `content_type`.
pub fn with_type(status: StatusCode, text: impl Into<Body>, content_type: &str) -> Response {
    let mut response = Response::new(text.into());
    *response.status_mut() = status;
    if let Ok(value) = HeaderValue::from_str(content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// Go's `http.Error`: plain text with a newline and `nosniff` (registry.k8s.io, unknown paths).
pub fn go_text(status: StatusCode, text: &str) -> Response {
    let mut response = with_type(status, format!("{text}\n"), "text/plain; charset=utf-8");
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// distribution's answer to a path it has no route for.
pub fn not_found_page() -> Response {
    go_text(StatusCode::NOT_FOUND, "404 page not found")
}

/// distribution's answer for a repository it does not know.
pub fn name_unknown(name: &str) -> Response {
    registry(
        StatusCode::NOT_FOUND,
        "NAME_UNKNOWN",
        "repository name not known to registry",
        Detail::name(name),
    )
}

/// The answer when the stack's registry behind the zoo did not answer.
pub fn upstream_down(error: &str) -> Response {
    registry(
        StatusCode::BAD_GATEWAY,
        "UNKNOWN",
        "the stack registry behind the zoo did not answer",
        Detail::Text(error.to_owned()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_keep_field_order_and_detail_shapes() {
        assert_eq!(
            body("UNAUTHORIZED", "authentication required", Detail::Null),
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#
        );
        assert_eq!(
            body("UNAUTHORIZED", "authentication required", Detail::Omitted),
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}"#
        );
        assert_eq!(
            body(
                "MANIFEST_UNKNOWN",
                "manifest unknown",
                Detail::Text("unknown tag=x".into())
            ),
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":"unknown tag=x"}]}"#
        );
        assert_eq!(
            body(
                "UNAUTHORIZED",
                "m",
                Detail::pull_access("library/alpine", true)
            ),
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"m","detail":[{"Type":"repository","Class":"","Name":"library/alpine","Action":"pull"}]}]}"#
        );
        assert_eq!(
            body("UNAUTHORIZED", "m", Detail::catalog_access(false)),
            r#"{"errors":[{"code":"UNAUTHORIZED","message":"m","detail":[{"Type":"registry","Name":"catalog","Action":"*"}]}]}"#
        );
        assert_eq!(
            body(
                "MANIFEST_UNKNOWN",
                "manifest unknown",
                Detail::empty_object()
            ),
            r#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{}}]}"#
        );
    }
}
