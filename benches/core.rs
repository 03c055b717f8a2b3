//! In-process benchmarks of the work behind the API. Run: `cargo bench --bench core`.
//! Results and the machine they ran on are recorded in docs/PERFORMANCE.md.

use std::hint::black_box;
use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use itsm_crosswalk::analysis::coverage::coverage;
use itsm_crosswalk::analysis::plan::{Control, ControlStatus, plan};
use itsm_crosswalk::analysis::search::SearchIndex;
use itsm_crosswalk::graphql::{build_schema, execute};
use itsm_crosswalk::load::load_embedded;
use itsm_crosswalk::model::Dataset;
use itsm_crosswalk::service::{HeavyPool, MAX_CONTROLS, Snapshot};

/// A small deterministic generator (xorshift), so every run plans the same inventory.
fn generator() -> impl FnMut(usize) -> usize {
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    move |bound: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % bound as u64) as usize
    }
}

/// The worst case the limits allow: [`MAX_CONTROLS`] controls, each naming 20 references:
/// broad 2018 headings (`8`, `8.5`, a whole subtree each), leaf refs, and full ids of 27001,
/// 9001 and 22301 clauses (resolved through the crosswalks or composed through one hop), with
/// many repeats within and across controls.
fn worst_case_inventory(data: &Dataset, size: usize) -> Vec<Control> {
    let ids_of = |standard: &str, full: bool| -> Vec<String> {
        data.standard(data.standard_by_id(standard).unwrap())
            .clauses
            .iter()
            .map(|c| {
                let clause = data.clause(*c);
                if full {
                    clause.id.clone()
                } else {
                    clause.reference.clone()
                }
            })
            .collect()
    };
    let mut pool = vec!["8".to_string(), "8.5".to_string(), "4".to_string()];
    pool.extend(ids_of("iso-iec-20000-1-2018", false));
    pool.extend(ids_of("iso-iec-27001-2022", true));
    pool.extend(ids_of("iso-9001-2015", true));
    pool.extend(ids_of("iso-22301-2019", true));
    let mut next = generator();
    (0..size)
        .map(|i| Control {
            id: format!("CTL-{i:05}"),
            title: None,
            clauses: (0..20)
                .map(|k| {
                    // Every fourth reference is a broad heading: the case that made plans quadratic.
                    if k % 4 == 0 {
                        pool[next(3)].clone()
                    } else {
                        pool[next(pool.len())].clone()
                    }
                })
                .collect(),
            status: ControlStatus::Implemented,
        })
        .collect()
}

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
    let mut next = generator();
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
    // The same kind of inventory at a fifth of the size: linear growth means a fifth of the time.
    for size in [MAX_CONTROLS / 5, MAX_CONTROLS] {
        let worst = worst_case_inventory(&data, size);
        c.bench_function(
            &format!("transition plan, worst case: {size} controls x 20 mixed refs, 2018 -> next"),
            |b| b.iter(|| plan(&data, from, next, black_box(&worst)).unwrap()),
        );
    }
    let sources = [
        data.standard_by_id("iso-iec-27001-2022").unwrap(),
        data.standard_by_id("iso-9001-2015").unwrap(),
    ];
    c.bench_function("coverage of 20000-1:2018 by 27001 + 9001", |b| {
        b.iter(|| coverage(&data, from, black_box(&sources)))
    });
    // With load and validate, most of the start-up: every text of every clause is stemmed.
    c.bench_function("search index build (start-up)", |b| {
        b.iter(|| SearchIndex::build(black_box(&data)))
    });
    let index = SearchIndex::build(&data);
    c.bench_function("search \"continuty plan\" (typo)", |b| {
        b.iter(|| index.search(&data, black_box("continuty plan"), None))
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let schema = build_schema();
    let snapshot = Snapshot::new(Arc::clone(&data));
    let heavy = HeavyPool::new(1);
    let persisted = itsm_crosswalk::graphql::persisted::PersistedQueries::default();
    let query = r#"{ clause(standard: "iso-iec-20000-1-2018", ref: "8.5.1.3") { id title ancestors { ref } mappings { target { id title } relationship strength change note } } }"#;
    c.bench_function("GraphQL clause query, in process", |b| {
        b.iter(|| {
            runtime.block_on(execute(
                &schema,
                &persisted,
                snapshot.clone(),
                heavy.clone(),
                async_graphql::Request::new(query),
            ))
        })
    });
}

criterion_group!(core, benches);
criterion_main!(core);
