//! Serving the router over HTTP/1.1, so that idle and slow clients cannot exhaust Pulse.
//!
//! `axum::serve` sets no timeouts, so one silent connection stays open for ever and enough
//! of them use up the process's file descriptors — then the store cannot open a file
//! either. Here every connection:
//! - waits for a free place among [`ServerLimits::max_connections`] before it is accepted
//!   (the rest wait in the kernel's listen queue);
//! - is closed when no complete request head arrives within
//!   [`ServerLimits::header_timeout`] — a new connection, or one kept alive between
//!   requests (hyper's header-read timer runs whenever it waits for a head);
//! - gets `408` when a request body has not arrived within [`ServerLimits::body_timeout`].
//!
//! At shutdown connections finish the request they are on and close.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How much the server lets clients hold.
#[derive(Debug, Clone, Copy)]
pub struct ServerLimits {
    /// The most connections served at once.
    pub max_connections: usize,
    /// The longest wait for a complete request head (also the keep-alive idle time).
    pub header_timeout: Duration,
    /// The longest wait for a request body.
    pub body_timeout: Duration,
}

/// Serves `router` on `listener` until `shutdown`, then lets open connections finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ServerLimits,
    shutdown: CancellationToken,
) {
    let router = router.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.body_timeout,
    ));
    let places = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let connections = TaskTracker::new();
    let mut was_full = false;
    loop {
        let full = places.available_permits() == 0;
        if full && !was_full {
            tracing::warn!(
                max_connections = limits.max_connections,
                "the HTTP server is at its connection limit; new connections wait"
            );
        }
        was_full = full;
        let place = tokio::select! {
            place = places.clone().acquire_owned() => match place {
                Ok(place) => place,
                Err(_) => break,
            },
            () = shutdown.cancelled() => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of file descriptors, or the like: wait a little, do not spin.
                    tracing::warn!(error = %error, "accepting an HTTP connection failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = shutdown.cancelled() => break,
        };
        let (stream, peer) = stream;
        // Each request carries the peer's address (the API's limits and access log read it).
        let service = TowerToHyperService::new(tower::ServiceExt::map_request(
            router.clone(),
            move |mut request: axum::http::Request<hyper::body::Incoming>| {
                request
                    .extensions_mut()
                    .insert(axum::extract::ConnectInfo(peer));
                request
            },
        ));
        let stopping = shutdown.clone();
        connections.spawn(async move {
            let _place = place;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_timeout)
                .keep_alive(true);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            let served = tokio::select! {
                served = connection.as_mut() => served,
                () = stopping.cancelled() => {
                    connection.as_mut().graceful_shutdown();
                    connection.await
                }
            };
            if let Err(error) = served {
                tracing::debug!(error = %error, "an HTTP connection ended with an error");
            }
        });
    }
    connections.close();
    connections.wait().await;
}
