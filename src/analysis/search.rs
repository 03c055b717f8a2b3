//! Ranked clause search over refs, titles, summaries and themes, tolerant of word forms
//! (Snowball stemming: "incidents" finds "incident") and typos (edit distance: "continuty" finds
//! "continuity"). A typed word is compared with the words of the dataset as well as with their
//! stems, because a typo can keep a word from stemming ("incidnet", a swapped pair, does not
//! stem to "incid", and is then too far from it). The index is built once per dataset.

use std::collections::{BTreeSet, HashMap};

use rust_stemmers::{Algorithm, Stemmer};

use crate::model::{ClauseIdx, Dataset, EditionStatus, StandardIdx};

/// How much a match in each field counts.
const WEIGHT_TITLE: f64 = 3.0;
const WEIGHT_THEME: f64 = 2.0;
const WEIGHT_SUMMARY: f64 = 1.0;
const WEIGHT_STANDARD: f64 = 0.5;
/// A query that is exactly a clause's ref.
const WEIGHT_REF: f64 = 20.0;
/// How much an inexact match counts against an exact one.
const QUALITY_PREFIX: f64 = 0.8;
const QUALITY_TYPO: f64 = 0.6;

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
    "on", "or", "the", "to", "with", "what", "which", "how",
];

#[derive(Debug)]
struct Entry {
    clause: ClauseIdx,
    reference: String,
    /// Stem -> best field weight in which it occurs.
    stems: HashMap<String, f64>,
    title: String,
    /// The distinct stems of the title, to prefer titles the query fills ("Incident management"
    /// over "Information security changes and incidents").
    title_stems: Vec<String>,
    /// Small preference for current editions over withdrawn ones.
    status_bonus: f64,
}

/// The search index of one dataset.
pub struct SearchIndex {
    entries: Vec<Entry>,
    /// Every stem of the dataset with its length in characters and its letters, for typo and
    /// prefix matching.
    vocabulary: Vec<(String, usize, Letters)>,
    /// Every word of the dataset as written (lower-cased), its length, its letters and its stem,
    /// for typos that keep a word from stemming.
    words: Vec<(String, usize, Letters, String)>,
    stemmer: Stemmer,
}

/// One hit.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub clause: ClauseIdx,
    pub score: f64,
}

impl SearchIndex {
    pub fn build(data: &Dataset) -> SearchIndex {
        let stemmer = Stemmer::create(Algorithm::English);
        // Every distinct word with its stem, stemmed once: the same words recur across a
        // thousand clauses (and each clause repeats its standard's designation), and stemming
        // was most of the start-up time.
        let mut stem_of: HashMap<String, String> = HashMap::new();
        let mut stems_of = |text: &str| -> Vec<String> {
            words_of(text)
                .map(|word| {
                    stem_of
                        .entry(word)
                        .or_insert_with_key(|word| stemmer.stem(word).into_owned())
                        .clone()
                })
                .collect()
        };
        let mut vocabulary: BTreeSet<String> = BTreeSet::new();
        let entries = data
            .clauses
            .iter()
            .enumerate()
            .map(|(i, clause)| {
                let title = clause.title.as_deref().unwrap_or("");
                let mut title_stems = stems_of(title);
                let mut stems: HashMap<String, f64> = HashMap::new();
                for stem in &title_stems {
                    stems.insert(stem.clone(), WEIGHT_TITLE);
                }
                let mut add =
                    |stems_of: &mut dyn FnMut(&str) -> Vec<String>, text: &str, weight: f64| {
                        for stem in stems_of(text) {
                            let slot = stems.entry(stem).or_insert(0.0);
                            *slot = slot.max(weight);
                        }
                    };
                add(
                    &mut stems_of,
                    clause.summary.as_deref().unwrap_or(""),
                    WEIGHT_SUMMARY,
                );
                for theme in &clause.themes {
                    add(&mut stems_of, theme, WEIGHT_THEME);
                    if let Some(term) = data.theme(theme) {
                        add(&mut stems_of, &term.title, WEIGHT_THEME);
                    }
                }
                let standard = data.standard(clause.standard);
                add(&mut stems_of, &standard.designation, WEIGHT_STANDARD);
                for stem in stems.keys() {
                    if !vocabulary.contains(stem) {
                        vocabulary.insert(stem.clone());
                    }
                }
                title_stems.sort();
                title_stems.dedup();
                Entry {
                    clause: ClauseIdx(i as u32),
                    reference: clause.reference.to_lowercase(),
                    stems,
                    title: title.to_lowercase(),
                    title_stems,
                    status_bonus: match standard.status {
                        EditionStatus::Published => 0.5,
                        EditionStatus::Withdrawn => 0.0,
                        EditionStatus::Draft | EditionStatus::Anticipated => 0.25,
                    },
                }
            })
            .collect();
        let mut words: Vec<(String, String)> = stem_of.into_iter().collect();
        words.sort_unstable();
        SearchIndex {
            entries,
            vocabulary: vocabulary
                .into_iter()
                .map(|stem| {
                    let length = stem.chars().count();
                    let letters = Letters::of(&stem);
                    (stem, length, letters)
                })
                .collect(),
            words: words
                .into_iter()
                .map(|(word, stem)| {
                    let length = word.chars().count();
                    let letters = Letters::of(&word);
                    (word, length, letters, stem)
                })
                .collect(),
            stemmer,
        }
    }

    /// Clauses matching `query`, best first (ties in dataset order), optionally only of `standards`.
    pub fn search(
        &self,
        data: &Dataset,
        query: &str,
        standards: Option<&[StandardIdx]>,
    ) -> Vec<Hit> {
        let query_lower = query.trim().to_lowercase();
        // Short numbers are fragments of clause refs ("A.5.24" gives "5" and "24"); they match
        // through the ref, not as words.
        let typed: Vec<String> = words_of(&query_lower)
            .filter(|w| !(w.len() <= 3 && w.chars().all(|c| c.is_ascii_digit())))
            .collect();
        let terms: Vec<String> = typed
            .iter()
            .map(|w| self.stemmer.stem(w).into_owned())
            .collect();
        // For each query term: the dataset stems it matches, and how well; through its stem,
        // and through the word as typed.
        let expansions: Vec<Vec<(&str, f64)>> = typed
            .iter()
            .zip(&terms)
            .map(|(word, term)| {
                let mut found = self.expand(term);
                for (stem, quality) in self.expand_word(word) {
                    match found.iter_mut().find(|(s, _)| *s == stem) {
                        Some(existing) => existing.1 = existing.1.max(quality),
                        None => found.push((stem, quality)),
                    }
                }
                found
            })
            .collect();
        let mut hits: Vec<Hit> = Vec::new();
        for entry in &self.entries {
            if standards.is_some_and(|s| !s.contains(&data.clause(entry.clause).standard)) {
                continue;
            }
            let mut score = 0.0;
            let mut matched = 0;
            let mut title_hits: Vec<&str> = Vec::new();
            for expansion in &expansions {
                let best = expansion
                    .iter()
                    .filter_map(|(stem, quality)| {
                        entry.stems.get(*stem).map(|weight| weight * quality)
                    })
                    .fold(0.0, f64::max);
                if best > 0.0 {
                    matched += 1;
                    score += best;
                }
                title_hits.extend(
                    expansion
                        .iter()
                        .map(|(stem, _)| *stem)
                        .filter(|stem| entry.title_stems.iter().any(|t| t == stem)),
                );
            }
            title_hits.sort_unstable();
            title_hits.dedup();
            if !entry.title_stems.is_empty() {
                score += 2.0 * title_hits.len() as f64 / entry.title_stems.len() as f64;
            }
            let is_ref = !query_lower.is_empty()
                && (entry.reference == query_lower
                    || query_lower
                        .split_whitespace()
                        .any(|word| word == entry.reference));
            if is_ref {
                score += WEIGHT_REF;
            }
            if matched == 0 && !is_ref {
                continue;
            }
            if !terms.is_empty() {
                // Prefer clauses that match every term of the query, then the phrase in the title.
                let share = matched as f64 / terms.len() as f64;
                score += 5.0 * share * share;
                if terms.len() > 1 && entry.title.contains(&query_lower) {
                    score += 3.0;
                }
            }
            hits.push(Hit {
                clause: entry.clause,
                score: score + entry.status_bonus,
            });
        }
        hits.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.clause.cmp(&b.clause)));
        hits
    }

    /// The stems of the dataset words a typed word is a near miss of (a swapped pair is one
    /// edit: optimal string alignment, which is also cheaper than full Damerau-Levenshtein), for
    /// typos that keep the word from stemming like the word meant.
    fn expand_word(&self, word: &str) -> Vec<(&str, f64)> {
        let chars = word.chars().count();
        let max_typos = typo_budget(chars);
        if max_typos == 0 {
            return Vec::new();
        }
        let letters = Letters::of(word);
        self.words
            .iter()
            .filter(|(known, length, known_letters, _)| {
                known != word
                    && length.abs_diff(chars) <= max_typos
                    && known_letters.apart(&letters) <= 2 * max_typos
                    && strsim::osa_distance(known, word) <= max_typos
            })
            .map(|(_, _, _, stem)| (stem.as_str(), QUALITY_TYPO))
            .collect()
    }

    /// The dataset stems a query term matches: itself, words it begins, and near misses.
    fn expand(&self, term: &str) -> Vec<(&str, f64)> {
        let term_chars = term.chars().count();
        let max_typos = typo_budget(term_chars);
        let letters = Letters::of(term);
        self.vocabulary
            .iter()
            .filter_map(|(stem, length, stem_letters)| {
                if stem == term {
                    Some((stem.as_str(), 1.0))
                } else if term.len() >= 3 && stem.starts_with(term) {
                    Some((stem.as_str(), QUALITY_PREFIX))
                } else if max_typos > 0
                    // The edit distance is at least the difference in length, so most stems are
                    // ruled out without computing it.
                    && length.abs_diff(term_chars) <= max_typos
                    && stem_letters.apart(&letters) <= 2 * max_typos
                    && strsim::osa_distance(stem, term) <= max_typos
                {
                    Some((stem.as_str(), QUALITY_TYPO))
                } else {
                    None
                }
            })
            .collect()
    }
}

/// Lower-cased, stop-word-free words of a text.
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
}

/// How many times each letter occurs in a word (a to z, then everything else): a cheap lower
/// bound of the edit distance between two words, so that most words are ruled out before the
/// distance is computed.
#[derive(Debug, Clone, Copy)]
struct Letters([u8; 27]);

impl Letters {
    fn of(word: &str) -> Letters {
        let mut counts = [0u8; 27];
        for c in word.chars() {
            let slot = if c.is_ascii_lowercase() {
                (c as u8 - b'a') as usize
            } else {
                26
            };
            counts[slot] = counts[slot].saturating_add(1);
        }
        Letters(counts)
    }

    /// How many letters one word has that the other lacks, both ways: a substitution changes
    /// this by at most 2, an insertion or deletion by 1, a swap not at all, so it is at most
    /// twice the edit distance.
    fn apart(&self, other: &Letters) -> usize {
        self.0
            .iter()
            .zip(other.0.iter())
            .map(|(a, b)| usize::from(a.abs_diff(*b)))
            .sum()
    }
}

/// How many typos a word of `chars` characters may hold.
fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}
