//! Scopes of the Docker token protocol, as the zoo's token endpoints read them: the core's
//! parser, bare scopes included (ECR Public asks for `aws`).

pub use regscope_core::token::scope::{Scope, parse_all};
