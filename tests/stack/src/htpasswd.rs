//! Writes an htpasswd line (bcrypt, the only scheme distribution accepts) for the registry
//! variant that challenges with HTTP Basic.

use anyhow::{Context, Result};

/// Arguments of `regscope-stack htpasswd`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The username.
    pub user: String,
    /// The password.
    pub password: String,
}

/// Prints `user:$2b$…` for an htpasswd file.
pub fn run(args: Args) -> Result<()> {
    // Cost 5 keeps logins fast in tests; the file never leaves the test stack.
    let hash = bcrypt::hash(&args.password, 5).context("hashing the password with bcrypt")?;
    println!("{}:{hash}", args.user);
    Ok(())
}
