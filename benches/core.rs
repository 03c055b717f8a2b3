//! In-process benchmarks of the work behind the API. Run: `cargo bench --bench core`.
//! Results and the machine they ran on are recorded in docs/PERFORMANCE.md.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm_crosswalk::analysis::coverage::coverage;
use itsm_crosswalk::analysis::plan::{Control, ControlStatus, plan};
use itsm_crosswalk::analysis::search::SearchIndex;
use itsm_crosswalk::graphql::{build_schema, execute, snapshot_now};
use itsm_crosswalk::load::load_embedded;
use itsm_crosswalk::model::Dataset;

/// A deterministic 1,000-control inventory: each control names one to three 2018 clauses, and
/// every fifth one also a 27001:2022 clause that is resolved through the crosswalk.
fn inventory(data: &Dataset, size: usize) -> Vec<Control> {
    let refs: Vec<String> = data
        .standard(data.standard_by_id("iso-iec-20000-1-2018").unwrap())
        .clauses
        .iter()
        .map(|c| data.clause(*c).reference.clone())
        .collect();
    let controls_27001: Vec<String> = data
        .standard(data.standard_by_id("iso-iec-27001-2022").unwrap())
        .clauses
        .iter()
        .map(|c| data.clause(*c).id.clone())
        .collect();
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    };
    (0..size)
        .map(|i| {
            let mut clauses: Vec<String> = (0..1 + next(3))
                .map(|_| refs[next(refs.len())].clone())
                .collect();
            if i % 5 == 0 {
                clauses.push(controls_27001[next(controls_27001.len())].clone());
            }
            Control {
                id: format!("CTL-{i:04}"),
                title: None,
                clauses,
                status: [
                    ControlStatus::Implemented,
                    ControlStatus::Implemented,
                    ControlStatus::Partial,
                ][next(3)],
            }
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let data = Arc::new(load_embedded().unwrap());
    let from = data.standard_by_id("iso-iec-20000-1-2018").unwrap();
    let next = data.standard_by_id("iso-iec-20000-1-next").unwrap();
    let controls = inventory(&data, 1_000);

    c.bench_function("load and validate the embedded dataset", |b| {
        b.iter(|| load_embedded().unwrap())
    });
    c.bench_function("transition plan, 1,000 controls, 2018 -> next", |b| {
        b.iter(|| plan(&data, from, next, black_box(&controls)).unwrap())
    });
    let sources = [
        data.standard_by_id("iso-iec-27001-2022").unwrap(),
        data.standard_by_id("iso-9001-2015").unwrap(),
    ];
    c.bench_function("coverage of 20000-1:2018 by 27001 + 9001", |b| {
        b.iter(|| coverage(&data, from, black_box(&sources)))
    });
    let index = SearchIndex::build(&data);
    c.bench_function("search \"continuty plan\" (typo)", |b| {
        b.iter(|| index.search(&data, black_box("continuty plan"), None))
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let schema = build_schema();
    let snapshot = snapshot_now(Arc::clone(&data));
    let query = r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { id title ancestors { ref } mappings { target { id title } relationship strength change note } } }"#;
    c.bench_function("GraphQL clause query, in process", |b| {
        b.iter(|| {
            runtime.block_on(execute(
                &schema,
                snapshot.clone(),
                async_graphql::Request::new(query),
            ))
        })
    });
}

criterion_group!(core, benches);
criterion_main!(core);
