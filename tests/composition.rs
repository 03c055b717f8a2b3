//! The composition algebra is sound (what it claims always holds) and maximal (where it says
//! indeterminate, nothing useful always holds), checked against real finite sets.

use std::collections::BTreeSet;

use itsm_crosswalk::analysis::compose::{SET_RELATIONSHIPS, compose, compose_path};
use itsm_crosswalk::model::Relationship::{self, *};
use proptest::prelude::*;

type Set = BTreeSet<u8>;

/// The stored (strict) relationship between two non-empty sets.
fn relation(a: &Set, b: &Set) -> Relationship {
    if a == b {
        Equal
    } else if a.is_subset(b) {
        SubsetOf
    } else if a.is_superset(b) {
        SupersetOf
    } else if a.is_disjoint(b) {
        NotRelated
    } else {
        IntersectsWith
    }
}

/// Whether a composed claim holds between two sets (a composed INTERSECTS_WITH claims overlap only).
fn claim_holds(claim: Relationship, a: &Set, c: &Set) -> bool {
    match claim {
        IntersectsWith => !a.is_disjoint(c),
        other => relation(a, c) == other,
    }
}

/// Every non-empty subset of {0..n}.
fn all_sets(n: u8) -> Vec<Set> {
    (1u32..(1 << n))
        .map(|bits| (0..n).filter(|i| bits & (1 << i) != 0).collect())
        .collect()
}

#[test]
fn the_table_is_sound_and_maximal_over_every_triple_of_subsets_of_five_elements() {
    let sets = all_sets(5);
    // For each (r1, r2): every relation A-C that actually occurs.
    let mut occurring: std::collections::BTreeMap<
        (Relationship, Relationship),
        BTreeSet<Relationship>,
    > = Default::default();
    for a in &sets {
        for b in &sets {
            let r1 = relation(a, b);
            for c in &sets {
                let r2 = relation(b, c);
                let actual = relation(a, c);
                if let Some(claim) = compose(r1, r2) {
                    assert!(
                        claim_holds(claim, a, c),
                        "{r1:?} ∘ {r2:?} = {claim:?} fails for {a:?} {b:?} {c:?}"
                    );
                }
                occurring.entry((r1, r2)).or_default().insert(actual);
            }
        }
    }
    for r1 in SET_RELATIONSHIPS {
        for r2 in SET_RELATIONSHIPS {
            let seen = &occurring[&(r1, r2)];
            // The strongest claim that holds for everything seen: a single relation if only one
            // occurs; "overlap" if no occurring relation is disjointness; otherwise nothing.
            let strongest = if seen.len() == 1 {
                seen.iter().next().copied()
            } else if !seen.contains(&NotRelated) {
                Some(IntersectsWith)
            } else {
                None
            };
            assert_eq!(
                compose(r1, r2),
                strongest,
                "{r1:?} ∘ {r2:?} (seen {seen:?})"
            );
        }
    }
}

#[test]
fn documented_examples_hold() {
    assert_eq!(compose(Equal, SupersetOf), Some(SupersetOf));
    assert_eq!(compose(SubsetOf, SubsetOf), Some(SubsetOf));
    assert_eq!(compose(SupersetOf, SubsetOf), Some(IntersectsWith));
    assert_eq!(compose(SubsetOf, SupersetOf), None);
    assert_eq!(compose(SubsetOf, NotRelated), Some(NotRelated));
}

#[test]
fn supportive_links_are_never_chained() {
    for r in SET_RELATIONSHIPS {
        assert_eq!(compose(Supports, r), None);
        assert_eq!(compose(r, SupportedBy), None);
    }
    assert_eq!(compose_path([Supports]), None);
    assert_eq!(compose_path([Equal, Equal, SubsetOf]), Some(SubsetOf));
}

fn non_empty_set() -> impl Strategy<Value = Set> {
    proptest::collection::btree_set(0u8..24, 1..12)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4000, ..ProptestConfig::default() })]

    #[test]
    fn composition_is_sound_on_random_sets(a in non_empty_set(), b in non_empty_set(), c in non_empty_set()) {
        let (r1, r2) = (relation(&a, &b), relation(&b, &c));
        if let Some(claim) = compose(r1, r2) {
            prop_assert!(claim_holds(claim, &a, &c), "{:?} ∘ {:?} = {:?}", r1, r2, claim);
        }
    }

    #[test]
    fn paths_compose_soundly_on_random_sets(sets in proptest::collection::vec(non_empty_set(), 2..6)) {
        let steps: Vec<Relationship> = sets.windows(2).map(|w| relation(&w[0], &w[1])).collect();
        if let Some(claim) = compose_path(steps.clone()) {
            prop_assert!(claim_holds(claim, &sets[0], sets.last().unwrap()), "{:?} -> {:?}", steps, claim);
        }
    }
}

/// The consistency check's RCC5 table (`analysis::consistency`) is exact: for every pair of
/// stored relationships, the relations it allows between A and C are exactly those that occur
/// over every triple of non-empty subsets of a five-element set.
#[test]
fn the_consistency_table_allows_exactly_what_occurs() {
    use itsm_crosswalk::analysis::consistency::Atoms;
    let sets = all_sets(5);
    let mut occurring = std::collections::BTreeMap::new();
    for a in &sets {
        for b in &sets {
            for c in &sets {
                let key = (relation(a, b), relation(b, c));
                let atoms: &mut Vec<Relationship> = occurring.entry(key).or_default();
                let ac = relation(a, c);
                if !atoms.contains(&ac) {
                    atoms.push(ac);
                }
            }
        }
    }
    for ((r1, r2), seen) in occurring {
        let allowed = Atoms::of(r1).unwrap().then(Atoms::of(r2).unwrap());
        for r3 in SET_RELATIONSHIPS {
            assert_eq!(
                allowed.allows(Atoms::of(r3).unwrap()),
                seen.contains(&r3),
                "{r1:?} then {r2:?}: {r3:?}"
            );
        }
    }
}
