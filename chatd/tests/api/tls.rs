//! Running in production (issue 9): chatd's own TLS and its reload on
//! SIGHUP, trusted proxies, and the security headers on every answer.

use crate::harness::{TestApp, chatd_command, run_command, spawn_app_with};
use futures_util::{SinkExt, StreamExt};
use proto::conversations::StartConversation;
use proto::frames::ClientFrame;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, Issuer, KeyPair, SerialNumber};
use rustls::pki_types::{CertificateDer, ServerName};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;
use tokio_tungstenite::tungstenite::Message as M;

const WAIT: Duration = Duration::from_secs(10);

/// A throwaway CA that signs server certificates for localhost and 127.0.0.1.
struct Pki {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    issuer: Issuer<'static, KeyPair>,
    dir: tempfile::TempDir,
}

/// A server certificate written to disk.
struct Leaf {
    cert: PathBuf,
    key: PathBuf,
    der: CertificateDer<'static>,
}

impl Pki {
    fn new() -> Self {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params
            .distinguished_name
            .push(DnType::CommonName, "chatd test CA");
        let ca = params.self_signed(&key).unwrap();
        Self {
            ca_pem: ca.pem(),
            ca_der: ca.der().clone(),
            issuer: Issuer::new(params, key),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Signs a certificate named `name` (its CN and the files' stem).
    fn leaf(&self, name: &str, serial: u64) -> Leaf {
        let key = KeyPair::generate().unwrap();
        let mut params =
            CertificateParams::new(vec!["localhost".to_string(), "127.0.0.1".to_string()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, name);
        params.serial_number = Some(SerialNumber::from(serial));
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(1);
        params.not_after = now + time::Duration::days(90);
        let cert = params.signed_by(&key, &self.issuer).unwrap();
        let leaf = Leaf {
            cert: self.dir.path().join(format!("{name}.crt")),
            key: self.dir.path().join(format!("{name}.key")),
            der: cert.der().clone(),
        };
        std::fs::write(&leaf.cert, cert.pem()).unwrap();
        std::fs::write(&leaf.key, key.serialize_pem()).unwrap();
        leaf
    }

    /// Copies `leaf` over the files chatd serves (`serving`).
    fn install(&self, leaf: &Leaf, serving: &Leaf) {
        std::fs::copy(&leaf.cert, &serving.cert).unwrap();
        std::fs::copy(&leaf.key, &serving.key).unwrap();
    }

    fn reqwest(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .tls_certs_only([reqwest::Certificate::from_pem(self.ca_pem.as_bytes()).unwrap()])
            .timeout(WAIT)
            .build()
            .unwrap()
    }

    fn rustls(&self) -> Arc<rustls::ClientConfig> {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(self.ca_der.clone()).unwrap();
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        Arc::new(
            rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .unwrap()
                .with_root_certificates(roots)
                .with_no_client_auth(),
        )
    }

    /// A TLS connection to `app` that verified the server against this CA.
    async fn connect(&self, app: &TestApp) -> TlsStream<TcpStream> {
        let tcp = TcpStream::connect(app.addr()).await.unwrap();
        let name = ServerName::try_from("localhost").unwrap();
        tokio::time::timeout(
            WAIT,
            tokio_rustls::TlsConnector::from(self.rustls()).connect(name, tcp),
        )
        .await
        .unwrap()
        .unwrap()
    }

    /// The certificate a new handshake with `app` gets.
    async fn served(&self, app: &TestApp) -> CertificateDer<'static> {
        let tls = self.connect(app).await;
        tls.get_ref().1.peer_certificates().unwrap()[0].clone()
    }
}

fn tls_args(leaf: &Leaf) -> Vec<String> {
    vec![
        "--tls-cert".into(),
        leaf.cert.display().to_string(),
        "--tls-key".into(),
        leaf.key.display().to_string(),
    ]
}

fn spawn_tls(leaf: &Leaf, extra: &[&str]) -> TestApp {
    let mut args = tls_args(leaf);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let app = spawn_app_with(&args);
    assert!(app.base().starts_with("https://"), "{}", app.base());
    app
}

/// One HTTP/1.1 request on an open connection; the status line.
async fn get_on(tls: &mut TlsStream<TcpStream>, path: &str) -> String {
    tls.write_all(format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").as_bytes())
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(WAIT, tls.read(&mut buf))
        .await
        .unwrap()
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    text.lines().next().unwrap_or_default().to_string()
}

#[tokio::test]
async fn https_and_a_wss_visitor_socket_with_a_generated_certificate() {
    let pki = Pki::new();
    let leaf = pki.leaf("chatd-one", 1);
    let app = spawn_tls(&leaf, &[]);
    let http = pki.reqwest();

    let resp = http.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()["strict-transport-security"],
        "max-age=31536000"
    );
    assert_eq!(pki.served(&app).await, leaf.der);
    // Plain HTTP on the TLS port gets no answer.
    let plain = app
        .http
        .get(format!("http://{}/healthz", app.addr()))
        .send();
    assert!(plain.await.is_err());

    // The REST client over https, then the visitor socket over wss.
    let client = proto::Client::with_http_client(app.base(), http.clone());
    let pair = client
        .login(crate::harness::ADMIN_EMAIL, &app.admin_password())
        .await
        .unwrap();
    let admin = client.with_token(pair.access_token);
    let demo = admin
        .list_widgets()
        .await
        .unwrap()
        .into_iter()
        .find(|w| w.name == "Demo")
        .unwrap();
    let started = client
        .start_conversation(&StartConversation {
            site_key: demo.site_key.clone(),
            ..Default::default()
        })
        .await
        .unwrap();
    let url = format!(
        "wss://localhost:{}/api/v1/public/ws?site_key={}",
        app.addr().port(),
        demo.site_key
    );
    let (mut ws, _) = tokio_tungstenite::client_async(url, pki.connect(&app).await)
        .await
        .unwrap();
    let hello = ClientFrame::Hello {
        token: started.visitor_token.clone(),
        last_seq: 0,
        epoch: None,
    };
    ws.send(M::text(serde_json::to_string(&hello).unwrap()))
        .await
        .unwrap();
    let first = tokio::time::timeout(WAIT, ws.next())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(first.to_text().unwrap()).unwrap();
    assert_eq!(v["type"], "welcome", "{v}");
    assert_eq!(
        v["conversation_id"],
        started.conversation_id.to_string(),
        "{v}"
    );
}

#[tokio::test]
async fn sighup_reloads_the_certificate_and_keeps_connections() {
    let pki = Pki::new();
    let one = pki.leaf("chatd-one", 1);
    let two = pki.leaf("chatd-two", 2);
    // chatd serves copies, so each test step can swap what is in them.
    let serving = Leaf {
        cert: pki.dir.path().join("serving.crt"),
        key: pki.dir.path().join("serving.key"),
        der: one.der.clone(),
    };
    pki.install(&one, &serving);
    let app = spawn_tls(&serving, &[]);
    let mut open = pki.connect(&app).await;
    assert_eq!(get_on(&mut open, "/healthz").await, "HTTP/1.1 200 OK");
    assert_eq!(pki.served(&app).await, one.der);

    pki.install(&two, &serving);
    app.signal("HUP");
    app.wait_for_log("reloaded the TLS certificate", 1);
    assert_eq!(
        pki.served(&app).await,
        two.der,
        "new handshakes get the new cert"
    );
    assert_eq!(
        get_on(&mut open, "/healthz").await,
        "HTTP/1.1 200 OK",
        "a connection from before the reload still works"
    );
    assert_eq!(
        open.get_ref().1.peer_certificates().unwrap()[0],
        one.der,
        "and still speaks under the old certificate"
    );

    // A broken file keeps the certificate in use.
    std::fs::write(&serving.cert, "not a certificate").unwrap();
    app.signal("HUP");
    app.wait_for_log("cannot reload the TLS certificate", 1);
    assert_eq!(pki.served(&app).await, two.der);
    // A key that is not the certificate's is refused too.
    std::fs::copy(&two.cert, &serving.cert).unwrap();
    std::fs::copy(&one.key, &serving.key).unwrap();
    app.signal("HUP");
    app.wait_for_log("cannot reload the TLS certificate", 2);
    assert_eq!(pki.served(&app).await, two.der);
    let resp = pki.reqwest().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(resp.status(), 200);
}

#[test]
fn bad_tls_settings_stop_chatd_at_startup() {
    let pki = Pki::new();
    let leaf = pki.leaf("chatd-one", 1);
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let mut cmd = chatd_command(dir.path());
        cmd.arg("--data-dir")
            .arg(dir.path().join("data"))
            .args(["--listen", "127.0.0.1:0"])
            .args(args);
        run_command(cmd, "")
    };
    let missing = dir.path().join("missing.pem");
    let missing = missing.to_str().unwrap();
    let key = leaf.key.to_str().unwrap();
    let cert = leaf.cert.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["--tls-cert", missing, "--tls-key", key],
            "cannot read the TLS certificate",
        ),
        (
            &["--tls-cert", cert, "--tls-key", missing],
            "cannot read the TLS key",
        ),
        (
            &["--tls-cert", cert, "--tls-key", cert],
            "cannot read the TLS key",
        ),
        (&["--tls-cert", cert], "tls_cert and tls_key go together"),
        (&["--trusted-proxy", "10.0.0.0/33"], "10.0.0.0/33"),
    ];
    for (args, want) in cases {
        let out = run(args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} started");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
    assert!(
        !dir.path().join("data").join("chatd.db").exists(),
        "a bad certificate stops chatd before it touches the database"
    );
}

/// Starts a conversation with a bogus site key from `forwarded_for`; the status.
async fn start_from(app: &TestApp, forwarded_for: &str, proto: Option<&str>) -> u16 {
    let mut req = app
        .http
        .post(app.url("/api/v1/public/conversations"))
        .header("x-forwarded-for", forwarded_for)
        .json(&serde_json::json!({ "site_key": "sk_nope" }));
    if let Some(p) = proto {
        req = req.header("x-forwarded-proto", p);
    }
    req.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn forwarded_for_counts_only_from_a_trusted_proxy() {
    // One request per address, then 429 (bursts are half the per-minute rate).
    let limit = ["--public-rate-per-min", "2"];
    let trusted = spawn_app_with(&[limit[0], limit[1], "--trusted-proxy", "127.0.0.1"]);
    assert_eq!(start_from(&trusted, "198.51.100.1", None).await, 404);
    assert_eq!(start_from(&trusted, "198.51.100.1", None).await, 429);
    assert_eq!(
        start_from(&trusted, "198.51.100.2", None).await,
        404,
        "another forwarded address has its own budget"
    );
    assert_eq!(
        start_from(&trusted, "198.51.100.1, 198.51.100.3", None).await,
        404,
        "the rightmost untrusted hop is the client"
    );

    let untrusted = spawn_app_with(&[limit[0], limit[1], "--trusted-proxy", "10.0.0.0/8"]);
    assert_eq!(start_from(&untrusted, "198.51.100.1", None).await, 404);
    assert_eq!(
        start_from(&untrusted, "198.51.100.2", None).await,
        429,
        "from an untrusted peer X-Forwarded-For is ignored"
    );
}

fn header<'a>(resp: &'a reqwest::Response, name: &str) -> &'a str {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no {name} on {}", resp.url()))
}

#[tokio::test]
async fn security_headers_on_api_widget_and_demo() {
    let app = spawn_app_with(&["--trusted-proxy", "127.0.0.1"]);
    let get = |path: &str| app.http.get(app.url(path)).send();

    for path in [
        "/healthz",
        "/api/v1/widgets",
        "/no/such/route",
        "/openapi.json",
    ] {
        let r = get(path).await.unwrap();
        assert_eq!(header(&r, "x-content-type-options"), "nosniff", "{path}");
        assert_eq!(header(&r, "x-frame-options"), "DENY", "{path}");
        assert_eq!(header(&r, "referrer-policy"), "no-referrer", "{path}");
        let csp = header(&r, "content-security-policy");
        assert!(csp.contains("default-src 'none'"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert_eq!(
            header(&r, "cross-origin-resource-policy"),
            "same-origin",
            "{path}"
        );
        assert!(
            r.headers().get("strict-transport-security").is_none(),
            "no HSTS over plain HTTP ({path})"
        );
    }

    // Loaded by <script> from other sites.
    let r = get("/widget.js").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "cross-origin-resource-policy"), "cross-origin");
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    assert!(header(&r, "content-type").starts_with("application/javascript"));

    // Public answers are read cross-origin (CORS), so they may be.
    let r = app
        .http
        .get(app.url("/api/v1/public/widgets/sk_nope"))
        .header("origin", "https://shop.example")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, "cross-origin-resource-policy"), "cross-origin");
    assert_eq!(
        header(&r, "access-control-allow-origin"),
        "https://shop.example"
    );

    // The demo page may run its own script and reach its own origin, nothing else.
    let r = get("/demo").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(header(&r, "x-frame-options"), "DENY");
    assert_eq!(
        header(&r, "referrer-policy"),
        "strict-origin-when-cross-origin"
    );
    let csp = header(&r, "content-security-policy").to_string();
    let host = app.base().trim_start_matches("http://").to_string();
    for want in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'sha256-",
        &format!("connect-src 'self' ws://{host}"),
        "frame-ancestors 'none'",
    ] {
        assert!(csp.contains(want), "{want:?} not in {csp}");
    }
    assert!(!csp.contains("unsafe"), "{csp}");
    let html = r.text().await.unwrap();
    assert!(html.contains("<script async src=\"/widget.js\""));

    // HSTS when a trusted proxy says the client came over HTTPS, and the
    // demo then names wss://.
    let r = app
        .http
        .get(app.url("/demo"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert_eq!(header(&r, "strict-transport-security"), "max-age=31536000");
    assert!(header(&r, "content-security-policy").contains(&format!("wss://{host}")));
    let untrusted = spawn_app_with(&[]);
    let r = untrusted
        .http
        .get(untrusted.url("/healthz"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
}
