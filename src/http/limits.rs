//! What one client, one connection and one request may take, and the guard that enforces the
//! per-request part (URL length, rate, requests in flight). The values and the reasons for them
//! are in docs/RELIABILITY.md; every one can be changed at start (`serve --help`), and the tests
//! use small ones instead of waiting.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use governor::{DefaultKeyedRateLimiter, Quota};
use tokio::sync::Semaphore;

use super::{AppState, error_response};
use crate::service::ErrorCode;

/// Largest request body accepted (a 5,000-control inventory is about 500 KiB as JSON).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Longest request URL (path and query) answered; hyper itself refuses URLs over 64 KiB with a
/// bare 414 before we see them.
pub const MAX_URI_BYTES: usize = 16 * 1024;

#[derive(Debug, Clone)]
pub struct Limits {
    /// Longest a request may run, its body included.
    pub request_timeout: Duration,
    /// Longest a client may take to send a request's headers, and longest an idle keep-alive
    /// connection is kept open.
    pub header_timeout: Duration,
    /// Most connections open at once; further clients wait in the listen backlog.
    pub max_connections: usize,
    /// Most requests in flight at once; further ones get 503 OVERLOADED at once.
    pub max_in_flight: usize,
    /// Requests per second one client address may make on average (0 turns the limit off).
    pub rate_per_second: u32,
    /// Requests one client address may make in a burst above its average.
    pub rate_burst: u32,
    /// Whether clients on loopback are rate limited too (off: a local proxy would be one client).
    pub rate_limit_loopback: bool,
    /// How long a shutdown waits for requests in flight before closing their connections.
    pub drain_timeout: Duration,
    /// How often data directories given with `--data` are polled for changes to reload (zero:
    /// only on SIGHUP).
    pub watch_interval: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            request_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            max_connections: 1024,
            max_in_flight: 256,
            rate_per_second: 50,
            rate_burst: 100,
            rate_limit_loopback: false,
            drain_timeout: Duration::from_secs(10),
            watch_interval: Duration::from_secs(5),
        }
    }
}

impl Limits {
    /// The connection cap actually used: the configured one, kept below the process's limit of
    /// open files so that accepting never fails for want of a descriptor (64 are kept for the
    /// listener, the data files and the runtime).
    pub fn effective_max_connections(&self) -> usize {
        match open_file_limit() {
            Some(limit) => self.max_connections.min(limit.saturating_sub(64).max(1)),
            None => self.max_connections,
        }
    }
}

#[cfg(unix)]
fn open_file_limit() -> Option<usize> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct we pass and reads nothing else.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0;
    (ok && limit.rlim_cur != libc::RLIM_INFINITY).then_some(limit.rlim_cur as usize)
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<usize> {
    None
}

/// The state the request guard keeps: permits for requests in flight and the per-client rates.
pub struct Guard {
    in_flight: Arc<Semaphore>,
    rates: Option<DefaultKeyedRateLimiter<IpAddr>>,
    rate_limit_loopback: bool,
}

impl Guard {
    pub fn new(limits: &Limits) -> Guard {
        let rates = NonZeroU32::new(limits.rate_per_second).map(|per_second| {
            let burst = NonZeroU32::new(limits.rate_burst).unwrap_or(per_second);
            DefaultKeyedRateLimiter::keyed(Quota::per_second(per_second).allow_burst(burst))
        });
        Guard {
            in_flight: Arc::new(Semaphore::new(limits.max_in_flight.max(1))),
            rates,
            rate_limit_loopback: limits.rate_limit_loopback,
        }
    }

    /// Forgets clients whose rate state is back to full, so the table stays as small as the set
    /// of recently active clients.
    pub fn forget_idle_clients(&self) {
        if let Some(rates) = &self.rates {
            rates.retain_recent();
            rates.shrink_to_fit();
        }
    }

    /// How long `client` must wait, or `None` when it may go ahead.
    fn rate_limited(&self, client: Option<IpAddr>) -> Option<Duration> {
        let (rates, client) = (self.rates.as_ref()?, client?);
        if client.is_loopback() && !self.rate_limit_loopback {
            return None;
        }
        rates.check_key(&client).err().map(|not_until| {
            not_until.wait_time_from(governor::clock::Clock::now(
                &governor::clock::DefaultClock::default(),
            ))
        })
    }
}

/// Refuses, in this order, a URL that is too long (414), a client over its rate (429) and a
/// request beyond the in-flight cap (503), each with its code and, for the last two, a
/// `Retry-After`. Liveness and readiness probes are never shed, so an overloaded replica still
/// says it is alive.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let uri_bytes = request
        .uri()
        .path_and_query()
        .map_or(0, |pq| pq.as_str().len());
    if uri_bytes > MAX_URI_BYTES {
        return error_response(
            StatusCode::URI_TOO_LONG,
            ErrorCode::UriTooLong,
            &format!(
                "the URL is {uri_bytes} bytes; at most {MAX_URI_BYTES} are accepted: send long GraphQL queries with POST"
            ),
        );
    }
    let client = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(wait) = state.guard.rate_limited(client) {
        let seconds = wait.as_secs_f64().ceil().max(1.0) as u64;
        let mut response = error_response(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            &format!("too many requests from this address; retry in {seconds} s"),
        );
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return response;
    }
    let probe = matches!(request.uri().path(), "/healthz" | "/readyz");
    let _permit = if probe {
        None
    } else {
        match Arc::clone(&state.guard.in_flight).try_acquire_owned() {
            Ok(permit) => Some(permit),
            Err(_) => {
                let mut response = error_response(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Overloaded,
                    "the server is at its limit of requests in flight; retry shortly",
                );
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(1));
                return response;
            }
        }
    };
    next.run(request).await
}
