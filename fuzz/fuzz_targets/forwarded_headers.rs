//! `X-Forwarded-For` and `X-Forwarded-Proto` (`chatd::http::client_ip`):
//! believed only from a trusted proxy. Lines of the input are header
//! values; the first byte picks the peer. Properties: an untrusted peer's
//! headers change nothing; the address found is the peer or one of the
//! hops written in the headers.
#![no_main]

use axum::http::{HeaderMap, HeaderValue};
use chatd::http::client_ip::{client_ip, is_https, parse_cidr};
use libfuzzer_sys::fuzz_target;
use std::net::IpAddr;
use std::sync::LazyLock;

static PROXIES: LazyLock<Vec<ipnet::IpNet>> = LazyLock::new(|| {
    ["10.0.0.0/8", "fd00::/8", "127.0.0.1"]
        .iter()
        .map(|s| parse_cidr(s).expect("a valid CIDR"))
        .collect()
});

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let peer: IpAddr = match pick % 4 {
        0 => "10.1.2.3".parse().unwrap(),
        1 => "::ffff:10.9.9.9".parse().unwrap(),
        2 => "127.0.0.1".parse().unwrap(),
        _ => "198.51.100.20".parse().unwrap(),
    };
    let mut headers = HeaderMap::new();
    for (i, line) in rest.split(|&b| b == b'\n').enumerate() {
        let Ok(v) = HeaderValue::from_bytes(line) else {
            return;
        };
        let name = if i % 3 == 2 {
            "x-forwarded-proto"
        } else {
            "x-forwarded-for"
        };
        headers.append(name, v);
    }
    let ip = client_ip(peer, &headers, &PROXIES);
    let https = is_https(Some(peer), &headers, &PROXIES, false);
    if pick % 4 == 3 {
        assert_eq!(ip, peer, "an untrusted peer's X-Forwarded-For was believed");
        assert!(!https, "an untrusted peer's X-Forwarded-Proto was believed");
    }
    if ip != peer {
        let text: String = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect::<Vec<_>>()
            .join(",");
        let hops: Vec<IpAddr> = text
            .split(',')
            .filter_map(|h| {
                let h = h.trim();
                h.parse::<IpAddr>()
                    .ok()
                    .or_else(|| h.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
            })
            .collect();
        assert!(hops.contains(&ip), "{ip} is not a hop of {text:?}");
    }
    assert!(is_https(None, &headers, &PROXIES, true));
});
