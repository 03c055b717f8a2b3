//! One test over real TCP with a real HTTP client: the server as a user meets it.

mod common;

use itsm_crosswalk::http::{Limits, serve_listener};
use serde_json::json;

#[tokio::test]
async fn a_real_client_queries_the_server_over_tcp() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(serve_listener(
        common::state(Limits::default()),
        listener,
        std::future::pending(),
    ));

    let client = reqwest::Client::new();
    let health = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200);

    let answer = common::json_over_tcp(
        client
            .post(format!("http://{addr}/graphql"))
            .json(&json!({ "query": r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { title ancestors { ref } } }"# })),
    )
    .await;
    assert_eq!(
        answer["data"]["clause"]["title"],
        "Change management activities"
    );
    assert_eq!(answer["data"]["clause"]["ancestors"][0]["ref"], "8.5.1");
    server.abort();
}
