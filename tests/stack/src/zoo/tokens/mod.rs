//! The zoo's tokens: claims, signing, scopes, grants, and the token endpoints.

pub mod claims;
pub mod codec;
pub mod grants;
mod hmac;
pub mod scope;
pub mod service;
