//! HTTPS and WSS served by chatd itself (rustls), with the certificate and
//! key re-read on SIGHUP.
//!
//! The certificate lives behind a [`ResolvesServerCert`], so a reload swaps
//! what the next handshake gets and leaves open connections alone. The TLS
//! handshake runs inside the connection's own task (see [`TlsIo`]): done in
//! `accept`, one slow client would hold up every other.

use crate::config::TlsFiles;
use rustls::ServerConfig;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use rustls::server::{ClientHello, ResolvesServerCert};
use rustls::sign::CertifiedKey;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, PoisonError, RwLock};
use std::task::{Context, Poll, ready};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

/// How long a client may take to finish the TLS handshake.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

/// The certificate or key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate file is missing, unreadable or not PEM.
    #[error("cannot read the TLS certificate {path}: {reason}")]
    Cert {
        /// Which file.
        path: String,
        /// Why.
        reason: String,
    },
    /// The key file is missing, unreadable or not a PEM private key.
    #[error("cannot read the TLS key {path}: {reason}")]
    Key {
        /// Which file.
        path: String,
        /// Why.
        reason: String,
    },
    /// Both files read, but rustls refuses the pair (e.g. the key is not the certificate's).
    #[error("TLS certificate {cert} with key {key}: {reason}")]
    Pair {
        /// The certificate file.
        cert: String,
        /// The key file.
        key: String,
        /// rustls' reason.
        reason: String,
    },
}

/// The provider chatd uses everywhere: aws-lc-rs, as reqwest and sqlx do.
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::aws_lc_rs::default_provider())
}

/// Reads and checks a certificate chain and its key.
fn read_pair(files: &TlsFiles, provider: &CryptoProvider) -> Result<CertifiedKey, TlsError> {
    let cert_path = files.cert.display().to_string();
    let key_path = files.key.display().to_string();
    let chain = CertificateDer::pem_file_iter(&files.cert)
        .and_then(|it| it.collect::<Result<Vec<_>, _>>())
        .map_err(|e| TlsError::Cert {
            path: cert_path.clone(),
            reason: e.to_string(),
        })?;
    if chain.is_empty() {
        return Err(TlsError::Cert {
            path: cert_path,
            reason: "no CERTIFICATE block in the file".into(),
        });
    }
    let key = PrivateKeyDer::from_pem_file(&files.key).map_err(|e| TlsError::Key {
        path: key_path.clone(),
        reason: e.to_string(),
    })?;
    CertifiedKey::from_der(chain, key, provider).map_err(|e| TlsError::Pair {
        cert: cert_path,
        key: key_path,
        reason: e.to_string(),
    })
}

/// The certificate new handshakes get; [`Self::reload`] replaces it.
#[derive(Debug)]
pub struct Certs {
    files: TlsFiles,
    provider: Arc<CryptoProvider>,
    current: RwLock<Arc<CertifiedKey>>,
}

impl Certs {
    /// Reads the certificate and key; any problem is an error naming the file.
    pub fn load(files: &TlsFiles) -> Result<Arc<Self>, TlsError> {
        let provider = provider();
        let pair = read_pair(files, &provider)?;
        Ok(Arc::new(Self {
            files: files.clone(),
            provider,
            current: RwLock::new(Arc::new(pair)),
        }))
    }

    /// Re-reads both files; on error the certificate in use stays.
    pub fn reload(&self) -> Result<(), TlsError> {
        let pair = Arc::new(read_pair(&self.files, &self.provider)?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = pair;
        Ok(())
    }

    /// The rustls server configuration answering with the current certificate.
    pub fn server_config(self: &Arc<Self>) -> Result<Arc<ServerConfig>, TlsError> {
        let mut config = ServerConfig::builder_with_provider(Arc::clone(&self.provider))
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError::Pair {
                cert: self.files.cert.display().to_string(),
                key: self.files.key.display().to_string(),
                reason: e.to_string(),
            })?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(self) as Arc<dyn ResolvesServerCert>);
        // axum serves HTTP/1.1 only (and WebSockets need it).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }
}

impl ResolvesServerCert for Certs {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        Some(Arc::clone(
            &self.current.read().unwrap_or_else(PoisonError::into_inner),
        ))
    }
}

/// Reloads `certs` on every SIGHUP until `stop` is cancelled. The handler is
/// installed by this call, so a SIGHUP right after it returns is not lost.
pub fn reload_on_sighup(
    certs: Option<Arc<Certs>>,
    stop: tokio_util::sync::CancellationToken,
) -> impl Future<Output = ()> + Send + 'static {
    use tokio::signal::unix::{SignalKind, signal};
    let hup = match signal(SignalKind::hangup()) {
        Ok(s) => Some(s),
        Err(e) => {
            tracing::error!(error = %e, "cannot listen for SIGHUP; certificates will not reload");
            None
        }
    };
    async move {
        let Some(mut hup) = hup else { return };
        loop {
            tokio::select! {
                () = stop.cancelled() => return,
                got = hup.recv() => if got.is_none() { return },
            }
            match &certs {
                None => tracing::info!("SIGHUP: nothing to reload (TLS is off)"),
                Some(c) => match c.reload() {
                    Ok(()) => tracing::info!(
                        cert = %c.files.cert.display(),
                        "reloaded the TLS certificate"
                    ),
                    Err(e) => tracing::error!(
                        error = %e,
                        "cannot reload the TLS certificate; still serving the previous one"
                    ),
                },
            }
        }
    }
}

/// A TCP listener whose connections speak TLS.
pub struct TlsListener {
    tcp: TcpListener,
    acceptor: TlsAcceptor,
}

impl TlsListener {
    /// Wraps `tcp`; handshakes use `config`.
    pub fn new(tcp: TcpListener, config: Arc<ServerConfig>) -> Self {
        Self {
            tcp,
            acceptor: TlsAcceptor::from(config),
        }
    }
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsIo;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (tcp, addr) = axum::serve::Listener::accept(&mut self.tcp).await;
        // Chat frames are small and latency matters (see lib.rs).
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let handshake = tokio::time::timeout(HANDSHAKE_TIMEOUT, self.acceptor.accept(tcp));
        (
            TlsIo {
                state: State::Handshake(Box::pin(handshake)),
                peer: addr,
            },
            addr,
        )
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.tcp.local_addr()
    }
}

type Handshake = Pin<
    Box<
        dyn Future<Output = Result<io::Result<TlsStream<TcpStream>>, tokio::time::error::Elapsed>>
            + Send,
    >,
>;

enum State {
    Handshake(Handshake),
    Ready(Box<TlsStream<TcpStream>>),
    Failed,
}

/// A server TLS connection that completes its handshake on first use.
pub struct TlsIo {
    state: State,
    peer: SocketAddr,
}

impl TlsIo {
    /// Drives the handshake if it is still running; the stream once done.
    fn stream(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<&mut TlsStream<TcpStream>>> {
        if let State::Handshake(h) = &mut self.state {
            let done = ready!(h.as_mut().poll(cx));
            self.state = match done {
                Ok(Ok(s)) => State::Ready(Box::new(s)),
                Ok(Err(e)) => {
                    tracing::debug!(peer = %self.peer, error = %e, "TLS handshake failed");
                    State::Failed
                }
                Err(_) => {
                    tracing::debug!(peer = %self.peer, "TLS handshake timed out");
                    State::Failed
                }
            };
        }
        match &mut self.state {
            State::Ready(s) => Poll::Ready(Ok(s)),
            _ => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "TLS handshake failed",
            ))),
        }
    }
}

impl AsyncRead for TlsIo {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let s = ready!(self.get_mut().stream(cx))?;
        Pin::new(s).poll_read(cx, buf)
    }
}

impl AsyncWrite for TlsIo {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let s = ready!(self.get_mut().stream(cx))?;
        Pin::new(s).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let s = ready!(self.get_mut().stream(cx))?;
        Pin::new(s).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        // hyper asks once, before the handshake; rustls takes vectored writes.
        true
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let s = ready!(self.get_mut().stream(cx))?;
        Pin::new(s).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        // A connection whose handshake never finished has nothing to close politely.
        if !matches!(this.state, State::Ready(_)) {
            return Poll::Ready(Ok(()));
        }
        let s = ready!(this.stream(cx))?;
        Pin::new(s).poll_shutdown(cx)
    }
}
