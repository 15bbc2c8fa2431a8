//! Names pinned to addresses (`--resolve NAME=ADDR[:PORT]`, like curl's `--resolve`): the
//! relay connects to ADDR for NAME instead of asking DNS, while the scheme comes from the URL
//! (unlike `--map-host`, which replaces it) and TLS still checks the certificate against NAME.
//! The port comes from the URL too when it names one; a PORT given here serves the URLs that
//! name none (a registry on the standard port, reached where a tunnel or a test serves it).
//! A pinned address may be private or loopback: the operator named it, as with
//! `--insecure-registry`; what a page asks for never picks it.

use std::net::IpAddr;
use std::str::FromStr;

/// One `--resolve` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    name: String,
    address: IpAddr,
    port: u16,
}

/// Why a `--resolve` entry could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "invalid --resolve {0:?}: expected NAME=ADDRESS[:PORT] with a host name and an IP address, e.g. harbor.local=127.0.0.1"
)]
pub struct PinError(String);

impl FromStr for Pin {
    type Err = PinError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || PinError(text.to_owned());
        let (name, address) = text.trim().split_once('=').ok_or_else(err)?;
        let address = address.trim();
        let (address, port) = match address.parse::<std::net::SocketAddr>() {
            Ok(socket) => (socket.ip(), socket.port()),
            Err(_) => {
                let bare = address
                    .strip_prefix('[')
                    .and_then(|a| a.strip_suffix(']'))
                    .unwrap_or(address);
                (bare.parse::<IpAddr>().map_err(|_| err())?, 0)
            }
        };
        let name = name.trim();
        if !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        {
            return Err(err());
        }
        let parsed = url::Url::parse(&format!("https://{name}/")).map_err(|_| err())?;
        let Some(url::Host::Domain(name)) = parsed.host() else {
            return Err(err());
        };
        if parsed.port().is_some() || name.is_empty() {
            return Err(err());
        }
        Ok(Self {
            name: name.trim_end_matches('.').to_ascii_lowercase(),
            address,
            port,
        })
    }
}

impl Pin {
    /// The pinned name (lowercase).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The address it is pinned to, with the port for URLs that name none (0: the scheme's).
    pub fn socket(&self) -> std::net::SocketAddr {
        std::net::SocketAddr::new(self.address, self.port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_addresses() {
        let pin: Pin = "Harbor.Local=127.0.0.1".parse().unwrap();
        assert_eq!(pin.name(), "harbor.local");
        assert_eq!(pin.socket(), "127.0.0.1:0".parse().unwrap());
        let v6: Pin = "registry.corp.test=[::1]".parse().unwrap();
        assert_eq!(v6.socket(), "[::1]:0".parse().unwrap());
        let ported: Pin = "harbor.local=[::1]:5112".parse().unwrap();
        assert_eq!(ported.socket(), "[::1]:5112".parse().unwrap());
    }

    #[test]
    fn refuses_what_is_not_a_name_and_an_address() {
        for bad in [
            "harbor.local",
            "harbor.local=",
            "harbor.local=not-an-ip",
            "=127.0.0.1",
            "127.0.0.2=127.0.0.1",
            "harbor.local:5000=127.0.0.1",
            "a/b=127.0.0.1",
            "harbor.local=127.0.0.1:99999",
        ] {
            assert!(bad.parse::<Pin>().is_err(), "{bad:?}");
        }
    }
}
