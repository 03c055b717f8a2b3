//! The server loop: accepts connections up to a cap, serves each with hyper's HTTP/1 connection
//! builder (a header read timeout that also ends idle keep-alive connections), reloads the
//! dataset on SIGHUP, and on Ctrl-C or SIGTERM stops accepting and drains what is in flight.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::ConnectInfo;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower::ServiceExt as _;

use super::{AppState, app};
use crate::service::Reload;

/// Serves `state` on `addr` (and `/metrics` on `admin`, when given, instead of on `addr`) until
/// Ctrl-C or SIGTERM. When the dataset comes from files, SIGHUP and file changes reload them;
/// files that fail validation are reported and the last good dataset is kept.
pub async fn serve(
    state: AppState,
    addr: SocketAddr,
    admin: Option<SocketAddr>,
) -> std::io::Result<()> {
    let bind = |addr: SocketAddr| async move {
        TcpListener::bind(addr).await.map_err(|error| {
            std::io::Error::new(error.kind(), format!("cannot listen on {addr}: {error}"))
        })
    };
    let listener = bind(addr).await?;
    let state = if admin.is_some() {
        state.with_metrics_elsewhere()
    } else {
        state
    };
    if let Some(admin) = admin {
        let admin_listener = bind(admin).await?;
        let router = super::admin_app(state.clone());
        tracing::info!("metrics at http://{}/metrics", admin_listener.local_addr()?);
        tokio::spawn(async move {
            if let Err(error) = axum::serve(admin_listener, router).await {
                tracing::error!("the admin address stopped: {error}");
            }
        });
    }
    // The SIGHUP handler is installed before the banner, so a reload asked for as soon as the
    // banner shows is never taken as the default "terminate".
    #[cfg(unix)]
    if state.service.source().can_reload() {
        let mut hangups = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())?;
        let state = state.clone();
        tokio::spawn(async move {
            while hangups.recv().await.is_some() {
                report_reload(
                    &state,
                    "SIGHUP",
                    &state.service.reload_off_the_workers().await,
                );
            }
        });
    }
    if state.service.source().can_reload() {
        let watching = state.clone();
        let interval = state.limits.watch_interval;
        tokio::spawn(async move {
            watching
                .service
                .watch(interval, |reload| {
                    report_reload(&watching, "file change", reload)
                })
                .await;
        });
    }
    let local = listener.local_addr()?;
    tracing::info!(
        "serving dataset {} at http://{local}/graphql (the page at http://{local}/app, GraphiQL at http://{local}/)",
        state.service.snapshot().dataset.version,
    );
    serve_listener(state, listener, shutdown_signal()).await
}

/// Serves on an already bound listener until `shutdown` completes, then drains.
pub async fn serve_listener(
    state: AppState,
    listener: TcpListener,
    shutdown: impl std::future::Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = Arc::clone(&state.limits);
    let connections = Arc::new(Semaphore::new(limits.effective_max_connections()));
    let graceful = GracefulShutdown::new();
    let router = app(state.clone());
    // Forget idle clients' rate state now and then, so the table does not grow without bound.
    let sweeper = {
        let state = state.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(60));
            loop {
                tick.tick().await;
                state.guard.forget_idle_clients();
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // At the cap, stop accepting: new clients wait in the listen backlog, and a place frees
        // at the latest when a held connection's header timeout ends it.
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => permit.expect("never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // Out of descriptors or a connection reset before it was accepted: wait a
                    // moment rather than spin, and go on.
                    tracing::warn!("accept failed: {error}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = router.clone().map_request(
            move |mut request: hyper::Request<hyper::body::Incoming>| {
                request.extensions_mut().insert(ConnectInfo(peer));
                request
            },
        );
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    sweeper.abort();
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.drain_timeout) => {
            tracing::warn!(
                "requests still in flight after {} s; closing them",
                limits.drain_timeout.as_secs()
            );
        }
    }
    Ok(())
}

fn report_reload(state: &AppState, cause: &str, reload: &Reload) {
    state.metrics.reload(reload);
    match reload {
        Reload::Accepted { version } => {
            tracing::info!("reloaded dataset {version} ({cause})");
        }
        Reload::Refused { serving, problems } => {
            tracing::warn!("reload refused ({cause}), still serving {serving}:\n{problems}")
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down; draining requests in flight");
}
