//! Who is on the other end of a request: the client's IP and the scheme it
//! used, read from `X-Forwarded-For` and `X-Forwarded-Proto` only when the
//! TCP peer is a trusted proxy (`--trusted-proxy`). Anyone else can write
//! those headers, so from anyone else they are ignored.

use crate::app::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use ipnet::IpNet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};

const X_FORWARDED_FOR: &str = "x-forwarded-for";
const X_FORWARDED_PROTO: &str = "x-forwarded-proto";

/// Parses `10.0.0.0/8`, `fd00::/8` or a bare address (one host).
pub fn parse_cidr(s: &str) -> Result<IpNet, String> {
    let s = s.trim();
    if let Ok(net) = s.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    s.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| format!("{s:?} is neither an IP address nor a CIDR like 10.0.0.0/8"))
}

fn trusted(ip: IpAddr, proxies: &[IpNet]) -> bool {
    // An IPv4 peer on a dual-stack socket shows up as ::ffff:a.b.c.d.
    let ip = ip.to_canonical();
    proxies.iter().any(|net| net.contains(&ip))
}

/// One `X-Forwarded-For` entry: an address, maybe with a port.
fn parse_hop(s: &str) -> Option<IpAddr> {
    let s = s.trim();
    s.parse::<IpAddr>()
        .ok()
        .or_else(|| s.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The client's address: `peer`, or when `peer` is a trusted proxy, the
/// rightmost `X-Forwarded-For` hop that is not itself a trusted proxy
/// (hops left of it were written by whoever the client is, and may be lies).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, proxies: &[IpNet]) -> IpAddr {
    if !trusted(peer, proxies) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all(X_FORWARDED_FOR)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .collect();
    let mut ip = peer;
    for hop in hops.iter().rev() {
        let Some(hop) = parse_hop(hop) else {
            // Garbage in the chain: stop at the last hop we could vouch for.
            return ip;
        };
        ip = hop;
        if !trusted(hop, proxies) {
            return hop;
        }
    }
    ip
}

/// Whether the client used HTTPS: chatd's own TLS, or for a trusted proxy
/// the last `X-Forwarded-Proto` value (the one the nearest proxy set).
pub fn is_https(peer: Option<IpAddr>, headers: &HeaderMap, proxies: &[IpNet], tls: bool) -> bool {
    if let Some(peer) = peer
        && trusted(peer, proxies)
        && let Some(proto) = headers
            .get_all(X_FORWARDED_PROTO)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .next_back()
    {
        return proto.trim().eq_ignore_ascii_case("https");
    }
    tls
}

fn peer(parts: &Parts) -> Option<IpAddr> {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

/// The client's IP address, for per-IP limits and logs. `None` only when the
/// server runs without connection info (unit tests calling the router).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    /// Resolves the client's address for a request.
    pub fn of(parts: &Parts, st: &AppState) -> Self {
        Self(peer(parts).map(|p| client_ip(p, &parts.headers, &st.config.trusted_proxies)))
    }
}

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts, st))
    }
}

/// The scheme the client used, `http` or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Plain HTTP.
    Http,
    /// HTTPS (chatd's own TLS or a trusted proxy's).
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Http => "http",
            Self::Https => "https",
        }
    }

    /// The scheme of a request with these `headers` from `peer`.
    pub fn from_headers(peer: Option<IpAddr>, headers: &HeaderMap, st: &AppState) -> Self {
        if is_https(
            peer,
            headers,
            &st.config.trusted_proxies,
            st.config.tls.is_some(),
        ) {
            Self::Https
        } else {
            Self::Http
        }
    }

    /// The scheme of the request `parts` belong to.
    pub fn of(parts: &Parts, st: &AppState) -> Self {
        Self::from_headers(peer(parts), &parts.headers, st)
    }
}

impl FromRequestParts<AppState> for Scheme {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, st: &AppState) -> Result<Self, Self::Rejection> {
        Ok(Self::of(parts, st))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn xff(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append(X_FORWARDED_FOR, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn cidrs() {
        assert_eq!(parse_cidr("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(
            parse_cidr(" 127.0.0.1 ").unwrap().to_string(),
            "127.0.0.1/32"
        );
        assert_eq!(parse_cidr("::1").unwrap().to_string(), "::1/128");
        for bad in ["", "10.0.0.0/33", "example.com", "10.0.0/8"] {
            assert!(parse_cidr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn forwarded_for_only_from_trusted_proxies() {
        let proxies = [
            parse_cidr("127.0.0.1").unwrap(),
            parse_cidr("10.0.0.0/8").unwrap(),
        ];
        let cases: &[(&str, &[&str], &str)] = &[
            // Untrusted peer: headers ignored.
            ("203.0.113.9", &["198.51.100.1"], "203.0.113.9"),
            // Trusted peer, one hop.
            ("127.0.0.1", &["198.51.100.1"], "198.51.100.1"),
            // A client-written hop left of the real one is skipped.
            ("127.0.0.1", &["6.6.6.6, 198.51.100.1"], "198.51.100.1"),
            // Trusted hops are peeled off, across header lines too.
            (
                "127.0.0.1",
                &["198.51.100.1, 10.1.1.1", "10.2.2.2"],
                "198.51.100.1",
            ),
            // No header: the proxy itself.
            ("127.0.0.1", &[], "127.0.0.1"),
            // Garbage: the last hop we could vouch for.
            (
                "127.0.0.1",
                &["198.51.100.1, nonsense, 10.1.1.1"],
                "10.1.1.1",
            ),
            // Ports and IPv6.
            ("127.0.0.1", &["198.51.100.1:4711"], "198.51.100.1"),
            ("127.0.0.1", &["[2001:db8::1]:443"], "2001:db8::1"),
            ("127.0.0.1", &["2001:db8::1"], "2001:db8::1"),
            // Only trusted hops: the leftmost.
            ("127.0.0.1", &["10.9.9.9, 10.1.1.1"], "10.9.9.9"),
            // A v4-mapped peer is the v4 address.
            ("::ffff:127.0.0.1", &["198.51.100.1"], "198.51.100.1"),
        ];
        for (peer, headers, want) in cases {
            assert_eq!(
                client_ip(ip(peer), &xff(headers), &proxies),
                ip(want),
                "{peer} {headers:?}"
            );
        }
    }

    #[test]
    fn forwarded_proto_only_from_trusted_proxies() {
        let proxies = [parse_cidr("127.0.0.1").unwrap()];
        let mut h = HeaderMap::new();
        h.insert(X_FORWARDED_PROTO, HeaderValue::from_static("https"));
        assert!(is_https(Some(ip("127.0.0.1")), &h, &proxies, false));
        assert!(!is_https(Some(ip("192.0.2.1")), &h, &proxies, false));
        assert!(!is_https(None, &h, &proxies, false));
        assert!(is_https(Some(ip("192.0.2.1")), &h, &proxies, true));
        h.insert(X_FORWARDED_PROTO, HeaderValue::from_static("https, http"));
        assert!(!is_https(Some(ip("127.0.0.1")), &h, &proxies, true));
        assert!(is_https(
            Some(ip("127.0.0.1")),
            &HeaderMap::new(),
            &proxies,
            true
        ));
    }
}
