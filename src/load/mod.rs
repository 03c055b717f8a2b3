//! The loader: reads dataset directories (or the copy embedded in the binary), overlays them,
//! validates everything and builds the immutable [`Dataset`]. Every problem is collected and
//! reported as `file:line: message`; a dataset with any problem is refused whole.

mod build;
mod cells;
mod mappings;
mod merge;
mod releases;
mod rows;
mod side;
mod table;
mod tables;
mod transitions;
mod trees;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::{Dataset, Origin};

/// The folders of a dataset directory that hold its files: the top level, `clauses/`,
/// `mappings/` and `releases/` (`build.rs` embeds the same ones).
pub const DATASET_FOLDERS: [&str; 4] = ["", "clauses", "mappings", "releases"];

/// Every `*.csv` file of a dataset directory, as (path relative to it, path), links followed:
/// a mounted Kubernetes ConfigMap shows its files as links into a `..data` directory that the
/// kubelet swaps on every update. A missing sub-folder holds nothing; a missing directory is an
/// error.
pub fn dataset_files(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let mut files = Vec::new();
    for sub in DATASET_FOLDERS {
        let path = dir.join(sub);
        if !sub.is_empty() && !path.is_dir() {
            continue;
        }
        for entry in std::fs::read_dir(&path)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.ends_with(".csv") && std::fs::metadata(entry.path())?.is_file() {
                let relative = if sub.is_empty() {
                    name
                } else {
                    format!("{sub}/{name}")
                };
                files.push((relative, entry.path()));
            }
        }
    }
    files.sort();
    Ok(files)
}

/// One problem in the input, located at a file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    pub line: u64,
    pub message: String,
}

impl Problem {
    pub fn at(file: &str, line: u64, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file, self.line, self.message)
    }
}

/// The problems of one load, in the order they were found: the order `validate` prints them in.
#[derive(Debug, Default)]
struct Problems(Vec<Problem>);

impl Problems {
    fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    /// A problem at the line a record came from.
    fn at(&mut self, origin: &Origin, message: impl Into<String>) {
        self.push(Problem::at(&origin.file, origin.line, message));
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}

/// Why a dataset could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// A data directory could not be read at all.
    #[error("cannot read data directory {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The files were read but are not a valid dataset; every problem found is listed.
    #[error("the dataset has {} problem(s):\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Problem>),
}

/// The files of one dataset directory: relative path (`clauses/x.csv`) to contents, plus how to
/// name them in messages.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Prefix used in messages (`crosswalks` for the embedded copy, the directory otherwise).
    pub display_root: String,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Layer {
    /// The copy of `crosswalks/` compiled into the binary.
    pub fn embedded() -> Layer {
        Layer {
            display_root: "crosswalks".to_string(),
            files: crate::embedded::FILES
                .iter()
                .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
                .collect(),
        }
    }

    /// Reads every `*.csv` file of a dataset directory (see [`dataset_files`]).
    pub fn from_dir(dir: &Path) -> Result<Layer, LoadError> {
        let io = |source| LoadError::Io {
            path: dir.to_path_buf(),
            source,
        };
        let mut files = BTreeMap::new();
        for (relative, path) in dataset_files(dir).map_err(io)? {
            files.insert(relative, std::fs::read(path).map_err(io)?);
        }
        Ok(Layer {
            display_root: dir.display().to_string().trim_end_matches('/').to_string(),
            files,
        })
    }

    fn display(&self, relative: &str) -> String {
        format!("{}/{}", self.display_root, relative)
    }
}

/// Loads the embedded default dataset.
pub fn load_embedded() -> Result<Dataset, LoadError> {
    load_layers(&[Layer::embedded()])
}

/// Loads dataset directories, later ones overlaying earlier ones.
pub fn load_dirs(dirs: &[PathBuf]) -> Result<Dataset, LoadError> {
    let layers = dirs
        .iter()
        .map(|dir| Layer::from_dir(dir))
        .collect::<Result<Vec<_>, _>>()?;
    load_layers(&layers)
}

/// Overlays and validates layers and builds the dataset.
pub fn load_layers(layers: &[Layer]) -> Result<Dataset, LoadError> {
    build::build(layers)
}
