//! The web page for people at `/app`: `index.html` for `/app` and every deep link below it (the
//! page reads its state from the URL, so bookmarks work), and the page's files, compiled into
//! the binary by `build.rs`, at `/app/assets/<version>/<file>`.
//!
//! `<version>` is a content hash of every file, computed once, so an asset URL never changes
//! meaning: assets are cached for a year as immutable, `index.html` is revalidated with an ETag.
//! Each body is gzipped once, at its first request that accepts gzip. Every `/app` response
//! carries a strict Content-Security-Policy: the page has no inline script or style and talks
//! only to this service. (GraphiQL at `/` keeps its own headers: it needs an inline script.)

use std::io::Write as _;
use std::sync::OnceLock;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha1::{Digest, Sha1};

use super::error_response;
use crate::graphql::ErrorCode;

mod files {
    include!(concat!(env!("OUT_DIR"), "/app_assets.rs"));
}

/// The policy on every `/app` response: scripts, styles and connections from this origin only.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Assets are named by the content hash of the whole set, so they never change under a name.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Where `index.html` writes the asset directory, replaced by `/app/assets/<version>`.
const ASSET_BASE_PLACEHOLDER: &str = "{{assets}}";
/// Where `index.html` wants `<link rel="modulepreload">` for every module, so the browser
/// fetches the module graph at once instead of one import level at a time.
const MODULE_PRELOAD_PLACEHOLDER: &str = "<!-- {{modulepreload}} -->";

/// The routes of `/app` and below, with their security headers (merged into `http::app`).
pub fn routes<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new()
        .route("/app", get(index))
        .route("/app/", get(index))
        .route("/app/assets/{version}/{*file}", get(asset))
        .route("/app/{*deep_link}", get(index))
        .layer(axum::middleware::map_response(security_headers))
}

/// One body as served: its bytes, and their gzip, made at the first request that accepts it.
struct Served {
    content_type: &'static str,
    identity: Bytes,
    gzip: OnceLock<Option<Bytes>>,
}

impl Served {
    fn new(content_type: &'static str, identity: Bytes) -> Self {
        Served {
            content_type,
            identity,
            gzip: OnceLock::new(),
        }
    }

    /// The gzipped bytes, unless gzip would not make them smaller.
    fn gzip(&self) -> Option<&Bytes> {
        self.gzip
            .get_or_init(|| {
                let mut encoder =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                encoder.write_all(&self.identity).ok()?;
                let compressed = encoder.finish().ok()?;
                (compressed.len() < self.identity.len()).then(|| Bytes::from(compressed))
            })
            .as_ref()
    }
}

/// The page as served: the version and every body, built once.
struct Page {
    version: String,
    index: Served,
    assets: Vec<(&'static str, Served)>,
}

fn page() -> &'static Page {
    static PAGE: OnceLock<Page> = OnceLock::new();
    PAGE.get_or_init(|| {
        let version = content_hash(files::FILES);
        let base = format!("/app/assets/{version}");
        let mut index = None;
        let mut assets = Vec::new();
        for (path, bytes) in files::FILES {
            if *path == "index.html" {
                index = Some(String::from_utf8_lossy(bytes).into_owned());
            } else {
                let body = Served::new(content_type(path), Bytes::from_static(bytes));
                assets.push((*path, body));
            }
        }
        let preloads: String = assets
            .iter()
            .filter(|(path, _)| path.ends_with(".js") || path.ends_with(".mjs"))
            .map(|(path, _)| format!("<link rel=\"modulepreload\" href=\"{base}/{path}\">\n"))
            .collect();
        let index = index
            .unwrap_or_default()
            .replace(MODULE_PRELOAD_PLACEHOLDER, preloads.trim_end())
            .replace(ASSET_BASE_PLACEHOLDER, &base);
        Page {
            version,
            index: Served::new("text/html; charset=utf-8", Bytes::from(index)),
            assets,
        }
    })
}

/// The asset version: a hash of every file's path and bytes (16 hex digits).
fn content_hash(files: &[(&str, &[u8])]) -> String {
    let mut hasher = Sha1::new();
    for (path, bytes) in files {
        hasher.update((path.len() as u64).to_le_bytes());
        hasher.update(path.as_bytes());
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, extension)| extension) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        _ => "text/plain; charset=utf-8",
    }
}

/// `index.html` for `/app` and every path below it that is not an asset.
async fn index(headers: HeaderMap) -> Response {
    let page = page();
    respond(&headers, &page.index, &page.version, "no-cache")
}

async fn asset(Path((version, file)): Path<(String, String)>, headers: HeaderMap) -> Response {
    let page = page();
    let found = page.assets.iter().find(|(path, _)| *path == file);
    match found {
        // An old version is refused rather than answered with today's bytes, which a cache
        // would then keep for a year under the old name.
        Some((_, body)) if version == page.version => {
            respond(&headers, body, &page.version, IMMUTABLE)
        }
        _ => error_response(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "no such asset in this version of the page",
        ),
    }
}

/// Answers with `body`, gzipped when the client accepts it, or `304` when the client's copy is
/// current. The ETag names the version and the encoding, since the bytes differ per encoding.
fn respond(request: &HeaderMap, body: &Served, version: &str, cache_control: &str) -> Response {
    let gzip = accepts_gzip(request).then(|| body.gzip()).flatten();
    let etag = match gzip {
        Some(_) => format!("\"{version}-gzip\""),
        None => format!("\"{version}\""),
    };
    let mut response = if super::if_none_match(request, &etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let bytes = gzip.unwrap_or(&body.identity).clone();
        let mut response = Response::new(Body::from(bytes));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(body.content_type),
        );
        if gzip.is_some() {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        }
        response
    };
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if let Ok(value) = HeaderValue::from_str(cache_control) {
        headers.insert(header::CACHE_CONTROL, value);
    }
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether `Accept-Encoding` allows gzip: named (or `*`) with a quality above zero.
fn accepts_gzip(request: &HeaderMap) -> bool {
    let mut gzip = None;
    let mut any = None;
    for value in request.get_all(header::ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            match coding.as_str() {
                "gzip" | "x-gzip" => gzip = Some(quality > 0.0),
                "*" => any = Some(quality > 0.0),
                _ => {}
            }
        }
    }
    gzip.or(any).unwrap_or(false)
}

async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn accept_encoding_is_read_with_its_qualities() {
        let cases = [
            ("gzip", true),
            ("gzip, deflate, br", true),
            ("br;q=1.0, gzip;q=0.8", true),
            ("GZIP", true),
            ("x-gzip", true),
            ("*", true),
            ("gzip;q=0", false),
            ("gzip; q=0.0, *", false),
            ("*;q=0", false),
            ("identity", false),
            ("br", false),
            ("", false),
        ];
        for (value, expected) in cases {
            assert_eq!(
                accepts_gzip(&with(header::ACCEPT_ENCODING, value)),
                expected,
                "{value:?}"
            );
        }
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
