//! `regscope-stack`: the real registry test stack for regscope.
//!
//! One binary with subcommands: a Docker token server, a deterministic image seeder that
//! pushes fixed images over the registry HTTP API, and a static blob origin that receives
//! the registry's 307 blob redirects; and the zoo, emulations of public registries over the
//! seeded images; and https fronts with a company CA's and a self-signed certificate. The
//! `up` and `down` scripts beside this crate start and stop the whole stack around CNCF
//! distribution.

mod clock;
mod es256;
mod htpasswd;
mod httplog;
mod origin;
mod seed;
mod tls_front;
mod token;
mod zoo;

use clap::{Parser, Subcommand};
use regscope_stack::facts;

/// Command line of `regscope-stack`.
#[derive(Debug, Parser)]
#[command(name = "regscope-stack", version, about)]
struct Cli {
    /// What to run.
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    /// Serve Docker registry tokens (ES256 JWT with an x5c header).
    TokenServer(token::Args),
    /// Push the fixed test images to a registry without auth.
    Seed(seed::Args),
    /// Write the 540 MiB test layer (gzip blob and zstd copy) and push it as files/large.
    LargeLayer(seed::large_layer::Args),
    /// Print the fixed test images (digests) without pushing anything.
    Plan(seed::PlanArgs),
    /// Serve the registry storage root as a second origin for 307 blob redirects.
    BlobOrigin(origin::Args),
    /// Print an htpasswd line (bcrypt) for the Basic-auth registry.
    Htpasswd(htpasswd::Args),
    /// Serve https in front of a plain-http address with a given certificate.
    TlsFront(tls_front::Args),
    /// Serve the zoo: emulations of public registries (Docker Hub, GHCR, Quay, …), one port each.
    Zoo(zoo::Args),
    /// Print the stack's addresses and names (shell assignments, or JSON with `--json`).
    Facts {
        /// JSON for the browser tests instead of shell assignments.
        #[arg(long)]
        json: bool,
        /// The relay's `--map-host=HOST=URL` flags for the zoo, one per line.
        #[arg(long, conflicts_with = "json")]
        map_hosts: bool,
    },
}

fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::TokenServer(args) => token::run(args),
        Command::Seed(args) => seed::run(args),
        Command::Plan(args) => seed::plan(args),
        Command::LargeLayer(args) => seed::large_layer::run(args),
        Command::BlobOrigin(args) => origin::run(args),
        Command::Htpasswd(args) => htpasswd::run(args),
        Command::Zoo(args) => zoo::run(args),
        Command::TlsFront(args) => tls_front::run(args),
        Command::Facts { json, map_hosts } => {
            if json {
                println!("{}", facts::json());
            } else if map_hosts {
                for flag in facts::map_host_flags() {
                    println!("{flag}");
                }
            } else {
                print!("{}", facts::shell());
            }
            Ok(())
        }
    };
    match outcome {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("regscope-stack: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
