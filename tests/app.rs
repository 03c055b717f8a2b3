//! The web page at `/app`, as HTTP sees it: index.html for every deep link, versioned immutable
//! assets, gzip with `Vary` and per-encoding ETags, `304` on revalidation, the strict
//! Content-Security-Policy on the page's routes only, and a first view under 200 KB.
//! (What the page does in a browser is tested by `tests/browser/run.sh`.)

mod common;

use std::io::Read as _;

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode, header};

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .map(|v| v.to_str().unwrap())
            .unwrap_or("")
    }

    fn vary(&self) -> Vec<String> {
        self.headers
            .get_all(header::VARY)
            .iter()
            .flat_map(|v| v.to_str().unwrap().split(','))
            .map(|v| v.trim().to_ascii_lowercase())
            .collect()
    }
}

async fn fetch(uri: &str, headers: &[(header::HeaderName, &str)]) -> Answer {
    let mut request = Request::get(uri);
    for (name, value) in headers {
        request = request.header(name, *value);
    }
    let (status, headers, body) =
        common::send_to(&common::router(), request.body(Body::empty()).unwrap()).await;
    Answer {
        status,
        headers,
        body,
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

/// The asset URLs index.html refers to (`href="..."` and `src="..."` under `/app/assets/`).
fn asset_urls(index: &str) -> Vec<String> {
    let mut urls = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for (start, _) in index.match_indices(attribute) {
            let rest = &index[start + attribute.len()..];
            let url = &rest[..rest.find('"').unwrap()];
            if url.starts_with("/app/assets/") && !urls.iter().any(|u| u == url) {
                urls.push(url.to_string());
            }
        }
    }
    urls
}

async fn index() -> String {
    String::from_utf8(fetch("/app", &[]).await.body).unwrap()
}

#[tokio::test]
async fn the_page_and_every_deep_link_answer_index_html() {
    let page = fetch("/app", &[]).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.header(header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    for uri in [
        "/app/",
        "/app/compare?from=iso-iec-20000-1-2018&to=iso-iec-27001-2022",
        "/app/explore?standard=iso-iec-27001-2022&clause=A.5.24",
        "/app/plan",
        "/app/some/deeper/path",
    ] {
        let deep = fetch(uri, &[]).await;
        assert_eq!(deep.status, StatusCode::OK, "{uri}");
        assert_eq!(deep.body, page.body, "{uri}");
    }
}

#[tokio::test]
async fn index_html_has_no_inline_script_or_style_and_names_versioned_assets() {
    let index = index().await;
    assert!(!index.contains("<style"), "no inline style element");
    assert!(!index.contains("style="), "no style attribute");
    for script in index.split("<script").skip(1) {
        let tag = &script[..script.find('>').unwrap()];
        assert!(
            tag.contains("src=\""),
            "every script has a src: <script{tag}>"
        );
        assert!(
            script[tag.len() + 1..].starts_with("</script>"),
            "no inline code"
        );
    }
    assert!(!index.contains("{{"), "every placeholder is filled");
    let urls = asset_urls(&index);
    let version = urls[0].split('/').nth(3).unwrap().to_string();
    assert_eq!(version.len(), 16, "a 16-hex-digit content hash: {version}");
    assert!(
        urls.iter()
            .all(|u| u.starts_with(&format!("/app/assets/{version}/")))
    );
    for file in ["main.js", "style.css", "vendor/preact/preact.mjs"] {
        assert!(
            urls.contains(&format!("/app/assets/{version}/{file}")),
            "{file} in {urls:?}"
        );
    }
}

#[tokio::test]
async fn assets_are_immutable_and_typed() {
    let index = index().await;
    for url in asset_urls(&index) {
        let asset = fetch(&url, &[]).await;
        assert_eq!(asset.status, StatusCode::OK, "{url}");
        assert_eq!(
            asset.header(header::CACHE_CONTROL),
            "public, max-age=31536000, immutable",
            "{url}"
        );
        let expected_type = match url.rsplit('.').next().unwrap() {
            "js" | "mjs" => "text/javascript; charset=utf-8",
            "css" => "text/css; charset=utf-8",
            "svg" => "image/svg+xml",
            other => panic!("unexpected asset type {other}"),
        };
        assert_eq!(asset.header(header::CONTENT_TYPE), expected_type, "{url}");
        assert!(!asset.body.is_empty(), "{url}");
    }
    let version = asset_urls(&index)[0].split('/').nth(3).unwrap().to_string();
    let template = fetch(&format!("/app/assets/{version}/inventory-2018.csv"), &[]).await;
    assert_eq!(template.status, StatusCode::OK);
    assert_eq!(
        template.body,
        std::fs::read("examples/inventory-2018.csv").unwrap(),
        "the inventory template is the example"
    );
}

#[tokio::test]
async fn unknown_versions_and_files_are_not_found() {
    let index = index().await;
    let version = asset_urls(&index)[0].split('/').nth(3).unwrap().to_string();
    for uri in [
        "/app/assets/0000000000000000/main.js".to_string(),
        format!("/app/assets/{version}/no-such-file.js"),
        format!("/app/assets/{version}/../index.html"),
    ] {
        let answer = fetch(&uri, &[]).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{uri}");
        let body: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
        assert_eq!(common::error_codes(&body), ["NOT_FOUND"], "{uri}");
        assert_eq!(answer.header(header::CONTENT_SECURITY_POLICY), CSP, "{uri}");
    }
}

#[tokio::test]
async fn gzip_is_served_when_accepted_with_its_own_etag() {
    let index = index().await;
    let main_js = asset_urls(&index)
        .into_iter()
        .find(|u| u.ends_with("/main.js"))
        .unwrap();
    for uri in ["/app".to_string(), main_js] {
        let plain = fetch(&uri, &[]).await;
        let zipped = fetch(&uri, &[(header::ACCEPT_ENCODING, "gzip, deflate, br")]).await;
        let refused = fetch(&uri, &[(header::ACCEPT_ENCODING, "gzip;q=0, br")]).await;
        assert_eq!(plain.header(header::CONTENT_ENCODING), "", "{uri}");
        assert_eq!(zipped.header(header::CONTENT_ENCODING), "gzip", "{uri}");
        assert_eq!(refused.header(header::CONTENT_ENCODING), "", "{uri}");
        assert_eq!(gunzip(&zipped.body), plain.body, "{uri}");
        assert_eq!(refused.body, plain.body, "{uri}");
        for answer in [&plain, &zipped, &refused] {
            assert!(
                answer.vary().contains(&"accept-encoding".to_string()),
                "{uri}"
            );
        }
        assert_ne!(
            plain.header(header::ETAG),
            zipped.header(header::ETAG),
            "{uri}"
        );
        assert!(plain.header(header::ETAG).starts_with('"'), "{uri}");
        assert_eq!(
            plain.header(header::ETAG),
            refused.header(header::ETAG),
            "{uri}"
        );
    }
}

#[tokio::test]
async fn index_html_is_revalidated_with_its_etag() {
    let plain = fetch("/app", &[]).await;
    assert_eq!(plain.header(header::CACHE_CONTROL), "no-cache");
    let etag = plain.header(header::ETAG).to_string();
    let current = fetch("/app/plan", &[(header::IF_NONE_MATCH, &etag)]).await;
    assert_eq!(current.status, StatusCode::NOT_MODIFIED);
    assert!(current.body.is_empty());
    assert_eq!(current.header(header::ETAG), etag);
    assert_eq!(current.header(header::CACHE_CONTROL), "no-cache");

    let zipped = fetch("/app", &[(header::ACCEPT_ENCODING, "gzip")]).await;
    let gzip_etag = zipped.header(header::ETAG).to_string();
    let revalidated = fetch(
        "/app",
        &[
            (header::ACCEPT_ENCODING, "gzip"),
            (header::IF_NONE_MATCH, &gzip_etag),
        ],
    )
    .await;
    assert_eq!(revalidated.status, StatusCode::NOT_MODIFIED);
    assert!(revalidated.vary().contains(&"accept-encoding".to_string()));

    // A cached copy in the other encoding is not this one.
    let other = fetch("/app", &[(header::IF_NONE_MATCH, &gzip_etag)]).await;
    assert_eq!(other.status, StatusCode::OK);
    let stale = fetch("/app", &[(header::IF_NONE_MATCH, "\"0000\"")]).await;
    assert_eq!(stale.status, StatusCode::OK);
}

#[tokio::test]
async fn app_routes_carry_the_strict_policy_and_graphiql_keeps_its_own() {
    let index = index().await;
    let mut uris = vec!["/app".to_string(), "/app/compare?from=x".to_string()];
    uris.extend(asset_urls(&index));
    for uri in &uris {
        let answer = fetch(uri, &[]).await;
        assert_eq!(answer.header(header::CONTENT_SECURITY_POLICY), CSP, "{uri}");
        assert_eq!(
            answer.header(header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{uri}"
        );
        assert_eq!(
            answer.header(header::REFERRER_POLICY),
            "no-referrer",
            "{uri}"
        );
    }
    // GraphiQL runs an inline script: the page's policy must not reach it.
    let graphiql = fetch("/", &[]).await;
    assert_eq!(graphiql.status, StatusCode::OK);
    assert_eq!(graphiql.header(header::CONTENT_SECURITY_POLICY), "");
    let api = fetch("/graphql?query=%7Bdataset%7Bversion%7D%7D", &[]).await;
    assert_eq!(api.header(header::CONTENT_SECURITY_POLICY), "");
}

#[tokio::test]
async fn the_first_view_transfers_less_than_200_kb() {
    // Everything the first view can load: index.html and every asset it names (the modules are
    // all preloaded), as transferred with gzip.
    let gzip = [(header::ACCEPT_ENCODING, "gzip")];
    let index = fetch("/app", &gzip).await;
    let mut total = index.body.len();
    for url in asset_urls(&String::from_utf8(gunzip(&index.body)).unwrap()) {
        total += fetch(&url, &gzip).await.body.len();
    }
    assert!(total < 200 * 1024, "first view is {total} bytes");
}

#[tokio::test]
async fn the_pages_own_modules_never_write_markup() {
    // Titles, summaries and notes come from datasets nobody here reviewed: the page's own code
    // renders them through Preact as text and has no way to write HTML.
    let index = index().await;
    for url in asset_urls(&index) {
        if !url.ends_with(".js") || url.contains("/vendor/") {
            continue;
        }
        let code = String::from_utf8(fetch(&url, &[]).await.body).unwrap();
        for forbidden in [
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "dangerouslySetInnerHTML",
            "document.write",
            "eval(",
            "new Function",
        ] {
            assert!(!code.contains(forbidden), "{url} uses {forbidden}");
        }
    }
}

#[tokio::test]
async fn every_module_import_resolves_to_a_served_asset() {
    let index = index().await;
    let urls = asset_urls(&index);
    for url in urls.iter().filter(|u| u.ends_with(".js")) {
        let code = String::from_utf8(fetch(url, &[]).await.body).unwrap();
        let directory = &url[..url.rfind('/').unwrap()];
        for (start, _) in code.match_indices("from \"./") {
            let rest = &code[start + "from \"./".len()..];
            let target = format!("{directory}/{}", &rest[..rest.find('"').unwrap()]);
            assert!(
                urls.contains(&target),
                "{url} imports {target}, not preloaded"
            );
            assert_eq!(fetch(&target, &[]).await.status, StatusCode::OK, "{target}");
        }
    }
}
