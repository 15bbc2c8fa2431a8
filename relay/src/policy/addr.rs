//! Which IP addresses the relay may connect to: public unicast only. Private, loopback,
//! link-local, shared, special-purpose and documentation ranges are refused. An IPv6 address
//! that carries an IPv4 address is judged by the IPv4 address it carries: IPv4-mapped
//! (`::ffff:a.b.c.d`), IPv4-compatible (`::a.b.c.d`), IPv4-translated (`::ffff:0:a.b.c.d`),
//! NAT64 (`64:ff9b::/96` and the local-use `64:ff9b:1::/48`, RFC 6052 positions), 6to4
//! (`2002::/16`) and Teredo (`2001::/32`, its server and its obfuscated client address).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// True when `ip` is a public unicast address the relay may connect to without the host being
/// configured insecure.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

/// IPv4 ranges that are never public, as (network, prefix length).
const REFUSED_V4: &[([u8; 4], u8)] = &[
    ([0, 0, 0, 0], 8),       // "this network", includes unspecified
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // CGNAT shared address space
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link-local, cloud metadata
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // TEST-NET-1 documentation
    ([192, 88, 99, 0], 24),  // deprecated 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // TEST-NET-2 documentation
    ([203, 0, 113, 0], 24),  // TEST-NET-3 documentation
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved, includes broadcast
];

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let bits = u32::from(ip);
    !REFUSED_V4.iter().any(|&(net, len)| {
        let mask = u32::MAX << (32 - u32::from(len));
        bits & mask == u32::from(Ipv4Addr::from(net)) & mask
    })
}

/// IPv6 ranges that are never public, as (network, prefix length). Ranges that embed an IPv4
/// address are handled separately in [`embedded_v4`].
const REFUSED_V6: &[(u128, u8)] = &[
    (0x0100_0000_0000_0000_0000_0000_0000_0000, 64), // discard-only
    (0x0064_ff9b_0000_0000_0000_0000_0000_0000, 32), // NAT64 space outside the embedding forms
    (0x2001_0000_0000_0000_0000_0000_0000_0000, 23), // IETF protocol assignments, Teredo, benchmarking
    (0x2001_0db8_0000_0000_0000_0000_0000_0000, 32), // documentation
    (0x3fff_0000_0000_0000_0000_0000_0000_0000, 20), // documentation
    (0x5f00_0000_0000_0000_0000_0000_0000_0000, 16), // SRv6 segment identifiers
    (0xfc00_0000_0000_0000_0000_0000_0000_0000, 7),  // unique local
    (0xfe80_0000_0000_0000_0000_0000_0000_0000, 10), // link-local
    (0xfec0_0000_0000_0000_0000_0000_0000_0000, 10), // deprecated site-local
    (0xff00_0000_0000_0000_0000_0000_0000_0000, 8),  // multicast
];

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if ip.is_unspecified() || ip.is_loopback() {
        return false;
    }
    let bits = u128::from(ip);
    if let Some(carried) = embedded_v4(bits) {
        return carried.iter().all(|&v4| is_public_v4(v4));
    }
    !REFUSED_V6.iter().any(|&(net, len)| {
        let mask = u128::MAX << (128 - u32::from(len));
        bits & mask == net & mask
    })
}

/// The well-known NAT64 prefix, `64:ff9b::/96`, as its top 96 bits.
const NAT64_WELL_KNOWN: u128 = 0x0064_ff9b_0000_0000_0000_0000;
/// The local-use NAT64 prefix, `64:ff9b:1::/48`, as its top 48 bits.
const NAT64_LOCAL_USE: u128 = 0x0064_ff9b_0001;
/// The Teredo prefix, `2001::/32`, as its top 32 bits.
const TEREDO: u128 = 0x2001_0000;
/// The 6to4 prefix, `2002::/16`, as its top 16 bits.
const SIX_TO_FOUR: u128 = 0x2002;

/// The IPv4 addresses an IPv6 address carries, when it is of a form that embeds one; each must
/// be public for the IPv6 address to be. `None` for every other address.
fn embedded_v4(bits: u128) -> Option<Vec<Ipv4Addr>> {
    let low32 = v4((bits & 0xffff_ffff) as u32);
    match bits >> 32 {
        // IPv4-compatible, IPv4-mapped, IPv4-translated, well-known NAT64.
        0 | 0xffff | 0xffff_0000 | NAT64_WELL_KNOWN => return Some(vec![low32]),
        _ => {}
    }
    if bits >> 80 == NAT64_LOCAL_USE {
        // The /96 form leaves bits 48..96 zero; otherwise the address may be of any RFC 6052
        // form within this /48, and each position it could carry an address in is judged.
        let middle = (bits >> 32) & 0xffff_ffff_ffff;
        if middle == 0 {
            return Some(vec![low32]);
        }
        return Some(
            [48, 56, 64, 96]
                .into_iter()
                .map(|prefix| rfc6052(bits, prefix))
                .collect(),
        );
    }
    if bits >> 96 == TEREDO {
        let server = v4(((bits >> 64) & 0xffff_ffff) as u32);
        let client = v4(!((bits & 0xffff_ffff) as u32));
        return Some(vec![server, client]);
    }
    if bits >> 112 == SIX_TO_FOUR {
        return Some(vec![v4(((bits >> 80) & 0xffff_ffff) as u32)]);
    }
    None
}

/// The IPv4 address at the place RFC 6052 puts it after a prefix of `prefix` bits (32, 40, 48,
/// 56, 64 or 96): right after the prefix, skipping bits 64..72 (the `u` octet).
fn rfc6052(bits: u128, prefix: u32) -> Ipv4Addr {
    if prefix >= 96 {
        return v4((bits & 0xffff_ffff) as u32);
    }
    // The 120 bits that remain once the `u` octet is taken out.
    let squeezed = ((bits >> 64) << 56) | (bits & ((1u128 << 56) - 1));
    v4(((squeezed >> (120 - prefix - 32)) & 0xffff_ffff) as u32)
}

fn v4(bits: u32) -> Ipv4Addr {
    Ipv4Addr::from(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_every_special_range() {
        let refused = [
            "0.0.0.0",
            "0.1.2.3",
            "10.0.0.1",
            "10.255.255.255",
            "100.64.0.1",
            "100.127.255.254",
            "127.0.0.1",
            "127.1.2.3",
            "169.254.169.254",
            "169.254.0.1",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.0.8",
            "192.0.2.1",
            "192.88.99.1",
            "192.168.1.1",
            "198.18.0.1",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.9",
            "224.0.0.1",
            "239.255.255.250",
            "240.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "fec0::1",
            "ff02::1",
            "2001:db8::1",
            "3fff::1",
            "100::1",
            "2001::1",
            "64:ff9b:1::1",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "::10.0.0.1",
            "64:ff9b::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:0001::1",
            "2002:c0a8:0101::1",
        ];
        for text in refused {
            let ip: IpAddr = text.parse().expect(text);
            assert!(!is_public(ip), "{text} must be refused");
        }
    }

    #[test]
    fn embedded_ipv4_is_judged_by_the_address_carried() {
        // (address, public?) for every form that carries an IPv4 address.
        let rows: &[(&str, bool)] = &[
            // IPv4-mapped.
            ("::ffff:127.0.0.1", false),
            ("::ffff:7f00:1", false),
            ("::ffff:192.168.1.1", false),
            ("::ffff:1.1.1.1", true),
            // IPv4-compatible.
            ("::169.254.169.254", false),
            ("::8.8.4.4", true),
            // IPv4-translated.
            ("::ffff:0:127.0.0.1", false),
            ("::ffff:0:10.1.2.3", false),
            ("::ffff:0:169.254.169.254", false),
            ("::ffff:0:8.8.8.8", true),
            // Well-known NAT64.
            ("64:ff9b::10.0.0.1", false),
            ("64:ff9b::192.168.0.1", false),
            ("64:ff9b::1.1.1.1", true),
            // Local-use NAT64, /96 form and other RFC 6052 positions.
            ("64:ff9b:1::127.0.0.1", false),
            ("64:ff9b:1::a9fe:a9fe", false),
            ("64:ff9b:1::8.8.8.8", true),
            ("64:ff9b:1:7f00:1::", false),      // /48 form of 127.0.0.1
            ("64:ff9b:1:a:a00:1::", false),     // 10.0.0.1 in the /56 position
            ("64:ff9b:1:808:8:808:0:0", false), // 8.8.8.8 at /48, 0.0.0.0 at /96
            ("64:ff9b:1:808:8:808:808:808", true), // 8.8.8.8 at every position
            // Other NAT64 space carries no defined form: refused.
            ("64:ff9b:2::8.8.8.8", false),
            // 6to4.
            ("2002:a9fe:a9fe::", false),
            ("2002:0a00:0001::1", false),
            ("2002:0101:0101::1", true),
            // Teredo: server in bits 32..64, client inverted in the last 32 bits.
            ("2001:0:4136:e378:8000:63bf:80ff:fffe", false), // client 127.0.0.1
            ("2001:0:4136:e378:8000:63bf:f5ff:fffe", false), // client 10.0.0.1
            ("2001:0:4136:e378:8000:63bf:5601:5601", false), // client 169.254.169.254
            ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", true),  // client 8.8.8.8
            ("2001:0:7f00:1:8000:63bf:f7f7:f7f7", false),    // server 127.0.0.1
        ];
        for (text, public) in rows {
            let ip: IpAddr = text.parse().expect(text);
            assert_eq!(is_public(ip), *public, "{text}");
        }
    }

    #[test]
    fn allows_public_unicast() {
        let allowed = [
            "1.1.1.1",
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.1",
            "198.20.0.1",
            "2606:4700::1111",
            "2a00:1450:4001::1",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:0808:0808::1",
        ];
        for text in allowed {
            let ip: IpAddr = text.parse().expect(text);
            assert!(is_public(ip), "{text} must be allowed");
        }
    }
}
