//! `/mcp`: the MCP streamable HTTP transport, stateless (no session: any replica answers any
//! request) with plain JSON answers. It is mounted beside the GraphQL routes, outside their
//! request timeout (each tool has its own), JSON error rewriting (MCP answers its own errors)
//! and CORS, but behind the same guard (URL length, client rate, requests in flight). The
//! `Host` and `Origin` checks against DNS rebinding are the SDK's, fed with our allow-lists.

use std::sync::Arc;

use axum::Router;
use rmcp::transport::streamable_http_server::session::never::NeverSessionManager;
use rmcp::transport::streamable_http_server::{StreamableHttpServerConfig, StreamableHttpService};

use super::{AppState, MAX_BODY_BYTES, limits};
use crate::mcp::CrosswalkMcp;

/// Which `Host` and `Origin` headers `/mcp` accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct McpAccess {
    /// Host names (any port) or `host:port` authorities a request may be addressed to.
    pub allowed_hosts: Vec<String>,
    /// Browser origins (`scheme://host:port`, `:*` for any port) a request may come from;
    /// requests without `Origin` (not from a browser) always pass.
    pub allowed_origins: Vec<String>,
}

impl Default for McpAccess {
    /// Loopback only, as the MCP specification asks of a server a browser can reach.
    fn default() -> Self {
        McpAccess {
            allowed_hosts: vec!["localhost".into(), "127.0.0.1".into(), "::1".into()],
            allowed_origins: vec![
                "http://localhost:*".into(),
                "http://127.0.0.1:*".into(),
                "http://[::1]:*".into(),
            ],
        }
    }
}

/// The `/mcp` route with its guard.
pub fn routes(state: &AppState) -> Router {
    let access = &state.mcp_access;
    let config = StreamableHttpServerConfig::default()
        .with_legacy_session_mode(false)
        .with_json_response(true)
        .with_sse_keep_alive(None)
        .with_max_request_body_bytes(MAX_BODY_BYTES)
        .with_allowed_hosts(access.allowed_hosts.clone())
        .with_allowed_origins(access.allowed_origins.clone())
        .enforce_origin_validation();
    let service = state.service.clone();
    let mcp = StreamableHttpService::new(
        move || Ok(CrosswalkMcp::new(service.clone())),
        Arc::new(NeverSessionManager::default()),
        config,
    );
    Router::new()
        .route_service("/mcp", mcp)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::guard,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::observe::observe,
        ))
}
