//! Which index a command uses, and which corpus that index belongs to:
//! found the way git finds `.git`, so that xunwen works from any folder.
//!
//! The rule, in order:
//! 1. `--index DIR`, else `$XUNWEN_INDEX`, else the nearest folder, from the
//!    current one upwards, that is an index (holds the [`INDEX_MARKER`]) or
//!    has an `index/` subfolder that is one.
//! 2. An index records its corpus, so the corpus comes from the index.
//!    `--corpus DIR` is only needed to build a new index; one that names
//!    another corpus than the index's is refused (except by
//!    `index --rebuild`, which rebuilds the index from it).
//!    `$XUNWEN_CORPUS` is a default for new indexes and never overrides the
//!    index's record.
//! 3. With no index found: the corpus is `--corpus`, `$XUNWEN_CORPUS` or a
//!    `corpus/` folder in the current one (the repository's layout), and the
//!    new index goes to `./index`, or beside the corpus when the current
//!    folder is inside the corpus. With no corpus either, the command fails
//!    with [`IndexError::NotFound`], which says how to create an index.
//!
//! [`resolve`] applies the rule to what the user gave and to what a
//! [`Probe`] says about the file system, so it can be tested without one.

use std::path::{Path, PathBuf};

use super::committed::is_empty_dir;
use super::manifest::CommitHeader;
use super::marker;
use super::{absolute, IndexError};
use crate::ingest::INDEX_MARKER;

/// What the command will do with the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// Read it, building it first when there is none (`search`, `eval`).
    Search,
    /// Read it; it must exist (`stats`).
    Stats,
    /// Build or refresh it (`index`); `rebuild` may change its corpus.
    Index {
        /// `--rebuild` was given.
        rebuild: bool,
    },
    /// Add files to its corpus and refresh it (`add`).
    Add,
}

impl Purpose {
    fn writes(self) -> bool {
        matches!(self, Purpose::Index { .. } | Purpose::Add)
    }
}

/// What the user gave: flags, environment and the current folder.
#[derive(Debug, Clone, Copy)]
pub struct Request<'a> {
    /// `--index`.
    pub index: Option<&'a Path>,
    /// `--corpus`.
    pub corpus: Option<&'a Path>,
    /// `$XUNWEN_INDEX` (when set and not empty).
    pub env_index: Option<&'a Path>,
    /// `$XUNWEN_CORPUS` (when set and not empty).
    pub env_corpus: Option<&'a Path>,
    /// The current folder (absolute).
    pub cwd: &'a Path,
    /// The command.
    pub purpose: Purpose,
}

/// How the index directory was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// `--index`.
    Flag,
    /// `$XUNWEN_INDEX`.
    Env,
    /// Found in the current folder or one above it.
    Found,
    /// None was found: a new index, at the default place.
    New,
}

/// Where a command's index and corpus are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The index directory (absolute).
    pub index: PathBuf,
    /// How it was chosen.
    pub origin: Origin,
    /// The corpus (absolute); unknown only for a damaged index that a
    /// command merely reads (it then fails to open, saying so).
    pub corpus: Option<PathBuf>,
    /// There is no index there yet: a search builds it first.
    pub build: bool,
}

impl Location {
    /// The corpus, for a command that must read it.
    pub fn corpus(&self) -> Result<&Path, IndexError> {
        self.corpus
            .as_deref()
            .ok_or_else(|| IndexError::CorpusUnknown {
                path: self.index.clone(),
                damaged: true,
            })
    }
}

/// What an index directory holds, as far as finding the corpus goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    /// No index yet: absent, empty, or created but never committed.
    Nothing,
    /// A first build of this corpus started but never committed (it was
    /// interrupted or killed): run again, it builds from the same corpus.
    Started(PathBuf),
    /// A committed xunwen index of this corpus.
    Corpus(PathBuf),
    /// A xunwen index whose header cannot be read (damaged).
    Unreadable,
    /// Something xunwen did not create.
    Foreign,
}

/// The file system as [`resolve`] sees it.
pub trait Probe {
    /// `dir` holds xunwen's marker file.
    fn is_marked(&self, dir: &Path) -> bool;
    /// What the index directory `index` holds.
    fn recorded(&self, index: &Path) -> Recorded;
    /// `path` is a folder.
    fn is_dir(&self, path: &Path) -> bool;
    /// `path` with symbolic links resolved, when it exists; else as it is.
    fn canonical(&self, path: &Path) -> PathBuf;
}

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct Disk;

impl Probe for Disk {
    fn is_marked(&self, dir: &Path) -> bool {
        dir.join(INDEX_MARKER).is_file()
    }

    fn recorded(&self, index: &Path) -> Recorded {
        if !index.exists() {
            return Recorded::Nothing;
        }
        if !index.is_dir() {
            return Recorded::Foreign;
        }
        if !self.is_marked(index) {
            // An unreadable folder is left for opening it to report.
            return match is_empty_dir(index) {
                Ok(false) => Recorded::Foreign,
                _ => Recorded::Nothing,
            };
        }
        let meta = index.join("meta.json");
        let started = || match marker::corpus(index) {
            Some(corpus) => Recorded::Started(corpus),
            None => Recorded::Nothing,
        };
        if !meta.exists() {
            return started();
        }
        match std::fs::read(&meta).ok().and_then(|b| header_of(&b)) {
            Some(Some(header)) => Recorded::Corpus(PathBuf::from(header.corpus)),
            Some(None) => started(),
            None => Recorded::Unreadable,
        }
    }

    fn is_dir(&self, path: &Path) -> bool {
        path.is_dir()
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
    }
}

/// The commit header in the bytes of a `meta.json`: `None` when they cannot
/// be read, `Some(None)` when no commit carried a header. Read directly, as
/// opening the index with tantivy would cost more than finding it.
fn header_of(meta_json: &[u8]) -> Option<Option<CommitHeader>> {
    let meta: serde_json::Value = serde_json::from_slice(meta_json).ok()?;
    // tantivy leaves `payload` out of a `meta.json` no commit has written.
    match meta.get("payload").unwrap_or(&serde_json::Value::Null) {
        serde_json::Value::Null => Some(None),
        serde_json::Value::String(payload) => serde_json::from_str(payload).ok().map(Some),
        _ => None,
    }
}

/// Applies the rule (see the module documentation) on the real file system.
pub fn locate(request: &Request<'_>) -> Result<Location, IndexError> {
    resolve(request, &Disk)
}

/// Applies the rule (see the module documentation).
pub fn resolve(request: &Request<'_>, probe: &dyn Probe) -> Result<Location, IndexError> {
    let full = |p: &Path| probe.canonical(&absolute(request.cwd, p));
    let given = request.corpus.map(full);
    let (index, origin) = match (request.index, request.env_index) {
        (Some(index), _) => (full(index), Origin::Flag),
        (None, Some(index)) => (full(index), Origin::Env),
        (None, None) => match discover(request.cwd, probe) {
            Some(found) => (found, Origin::Found),
            None => return new_index(request, given, probe),
        },
    };
    let fallback = || {
        given
            .clone()
            .or_else(|| request.env_corpus.map(full))
            .or_else(|| default_corpus(request.cwd, &index, probe))
    };
    let (corpus, build) = match probe.recorded(&index) {
        Recorded::Foreign => return Err(IndexError::NotXunwen { path: index }),
        Recorded::Corpus(recorded) => {
            let corpus = agree(request, &index, recorded, given.clone(), probe)?;
            (Some(corpus), false)
        }
        Recorded::Nothing | Recorded::Started(_) if request.purpose == Purpose::Stats => {
            return Err(IndexError::Missing { path: index });
        }
        // What the interrupted first build was reading, unless the user
        // names another corpus: nothing was committed that it could spoil.
        Recorded::Started(recorded) => (Some(given.clone().unwrap_or(recorded)), true),
        Recorded::Nothing => {
            let corpus = fallback().ok_or_else(|| IndexError::CorpusUnknown {
                path: index.clone(),
                damaged: false,
            })?;
            (Some(corpus), true)
        }
        Recorded::Unreadable => {
            let corpus = fallback();
            if corpus.is_none() && request.purpose.writes() {
                return Err(IndexError::CorpusUnknown {
                    path: index,
                    damaged: true,
                });
            }
            (corpus, false)
        }
    };
    Ok(Location {
        index,
        origin,
        corpus,
        build,
    })
}

/// The nearest index at or above `cwd`: a folder holding the marker, or its
/// `index/` subfolder holding it.
fn discover(cwd: &Path, probe: &dyn Probe) -> Option<PathBuf> {
    cwd.ancestors().find_map(|dir| {
        let below = dir.join("index");
        if probe.is_marked(dir) {
            Some(dir.to_path_buf())
        } else if probe.is_marked(&below) {
            Some(below)
        } else {
            None
        }
    })
}

/// The corpus of an index that records none: `corpus/` in the current
/// folder, else beside the index.
fn default_corpus(cwd: &Path, index: &Path, probe: &dyn Probe) -> Option<PathBuf> {
    let beside = index.parent().map(|p| p.join("corpus"));
    std::iter::once(cwd.join("corpus"))
        .chain(beside)
        .find(|c| probe.is_dir(c))
        .map(|c| probe.canonical(&c))
}

/// The corpus of an index that records `recorded`, checked against the one
/// the user gave.
fn agree(
    request: &Request<'_>,
    index: &Path,
    recorded: PathBuf,
    given: Option<PathBuf>,
    probe: &dyn Probe,
) -> Result<PathBuf, IndexError> {
    match given {
        Some(given) if given != recorded => {
            if request.purpose == (Purpose::Index { rebuild: true }) {
                return Ok(given);
            }
            if !probe.is_dir(&recorded) {
                // Advice that names the recorded folder would send the user
                // to a folder that is gone: the one they gave is likely its
                // new place.
                return Err(IndexError::CorpusMoved {
                    path: index.to_path_buf(),
                    corpus: recorded,
                    given,
                });
            }
            Err(IndexError::OtherCorpus {
                path: index.to_path_buf(),
                indexed: recorded.display().to_string(),
                requested: given.display().to_string(),
            })
        }
        Some(given) => Ok(given),
        None if request.purpose.writes() && !probe.is_dir(&recorded) => {
            Err(IndexError::CorpusGone {
                path: index.to_path_buf(),
                corpus: recorded,
            })
        }
        None => Ok(recorded),
    }
}

/// No index named or found: a new one, if there is a corpus to build it from.
fn new_index(
    request: &Request<'_>,
    given: Option<PathBuf>,
    probe: &dyn Probe,
) -> Result<Location, IndexError> {
    let cwd = probe.canonical(request.cwd);
    let local = cwd.join("corpus");
    let corpus = given
        .or_else(|| {
            request
                .env_corpus
                .map(|c| probe.canonical(&absolute(&cwd, c)))
        })
        .or_else(|| probe.is_dir(&local).then(|| probe.canonical(&local)));
    let Some(corpus) = corpus else {
        return Err(IndexError::NotFound {
            cwd: request.cwd.to_path_buf(),
        });
    };
    // Beside the corpus when the current folder is inside it: a corpus
    // never holds its own index.
    let index = match corpus.parent() {
        Some(parent) if cwd.starts_with(&corpus) => parent.join("index"),
        _ => cwd.join("index"),
    };
    match probe.recorded(&index) {
        Recorded::Foreign => Err(IndexError::NotXunwen { path: index }),
        _ if request.purpose == Purpose::Stats => Err(IndexError::Missing { path: index }),
        _ => Ok(Location {
            index,
            origin: Origin::New,
            corpus: Some(corpus),
            build: true,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// A file system of folders, index markers and recorded corpora.
    #[derive(Default)]
    struct Fake {
        dirs: BTreeSet<PathBuf>,
        indexes: BTreeMap<PathBuf, Recorded>,
    }

    impl Fake {
        fn dir(mut self, path: &str) -> Fake {
            self.dirs.insert(path.into());
            self
        }
        fn index(mut self, path: &str, corpus: &str) -> Fake {
            self.indexes
                .insert(path.into(), Recorded::Corpus(corpus.into()));
            self.dir(path)
        }
        fn started(mut self, path: &str, corpus: &str) -> Fake {
            self.indexes
                .insert(path.into(), Recorded::Started(corpus.into()));
            self.dir(path)
        }
        fn damaged(mut self, path: &str) -> Fake {
            self.indexes.insert(path.into(), Recorded::Unreadable);
            self.dir(path)
        }
        fn foreign(mut self, path: &str) -> Fake {
            self.indexes.insert(path.into(), Recorded::Foreign);
            self.dir(path)
        }
    }

    impl Probe for Fake {
        fn is_marked(&self, dir: &Path) -> bool {
            matches!(
                self.indexes.get(dir),
                Some(Recorded::Corpus(_) | Recorded::Started(_) | Recorded::Unreadable)
            )
        }
        fn recorded(&self, index: &Path) -> Recorded {
            self.indexes
                .get(index)
                .cloned()
                .unwrap_or(Recorded::Nothing)
        }
        fn is_dir(&self, path: &Path) -> bool {
            self.dirs.contains(path)
        }
        fn canonical(&self, path: &Path) -> PathBuf {
            path.to_path_buf()
        }
    }

    fn request<'a>(cwd: &'a str, purpose: Purpose) -> Request<'a> {
        Request {
            index: None,
            corpus: None,
            env_index: None,
            env_corpus: None,
            cwd: Path::new(cwd),
            purpose,
        }
    }

    fn at(index: &str, origin: Origin, corpus: &str, build: bool) -> Location {
        Location {
            index: index.into(),
            origin,
            corpus: Some(corpus.into()),
            build,
        }
    }

    const SEARCH: Purpose = Purpose::Search;
    const INDEX: Purpose = Purpose::Index { rebuild: false };

    #[test]
    fn an_index_is_found_from_a_subfolder_with_its_corpus() {
        let fs = Fake::default()
            .index("/w/index", "/data/releases")
            .dir("/data/releases");
        for cwd in ["/w", "/w/notes/2024", "/w/index"] {
            let found = resolve(&request(cwd, SEARCH), &fs).expect(cwd);
            assert_eq!(
                found,
                at("/w/index", Origin::Found, "/data/releases", false),
                "{cwd}"
            );
        }
    }

    #[test]
    fn the_nearest_index_wins() {
        let fs = Fake::default()
            .index("/w/index", "/w/corpus")
            .index("/w/sub/index", "/w/sub/corpus");
        let found = resolve(&request("/w/sub/deep", SEARCH), &fs).expect("found");
        assert_eq!(found.index, Path::new("/w/sub/index"));
    }

    #[test]
    fn index_alone_is_enough_and_relative_paths_start_at_the_current_folder() {
        let fs = Fake::default()
            .index("/srv/idx", "/srv/corpus")
            .dir("/srv/corpus");
        let mut req = request("/srv/work", Purpose::Stats);
        req.index = Some(Path::new("../idx"));
        assert_eq!(
            resolve(&req, &fs).expect("flag"),
            at("/srv/idx", Origin::Flag, "/srv/corpus", false)
        );
        let mut req = request("/", INDEX);
        req.env_index = Some(Path::new("/srv/idx"));
        assert_eq!(
            resolve(&req, &fs).expect("env"),
            at("/srv/idx", Origin::Env, "/srv/corpus", false)
        );
    }

    #[test]
    fn the_flag_beats_the_environment_which_beats_discovery() {
        let fs = Fake::default()
            .index("/a", "/ca")
            .index("/b", "/cb")
            .index("/w/index", "/cw");
        let mut req = request("/w", SEARCH);
        req.env_index = Some(Path::new("/b"));
        assert_eq!(resolve(&req, &fs).expect("env").index, Path::new("/b"));
        req.index = Some(Path::new("/a"));
        assert_eq!(resolve(&req, &fs).expect("flag").index, Path::new("/a"));
    }

    #[test]
    fn a_corpus_that_disagrees_with_the_index_is_refused_for_every_command() {
        let fs = Fake::default()
            .index("/w/index", "/w/corpus")
            .dir("/w/corpus")
            .dir("/w/other");
        for purpose in [SEARCH, Purpose::Stats, INDEX, Purpose::Add] {
            let mut req = request("/w", purpose);
            req.corpus = Some(Path::new("other"));
            let err = resolve(&req, &fs).unwrap_err();
            assert!(
                matches!(&err, IndexError::OtherCorpus { requested, .. } if requested == "/w/other"),
                "{purpose:?}: {err}"
            );
        }
        // The same corpus is fine, and so is rebuilding from another.
        let mut req = request("/w", SEARCH);
        req.corpus = Some(Path::new("/w/corpus"));
        assert!(resolve(&req, &fs).is_ok());
        let mut req = request("/w", Purpose::Index { rebuild: true });
        req.corpus = Some(Path::new("other"));
        assert_eq!(
            resolve(&req, &fs).expect("rebuild").corpus,
            Some("/w/other".into())
        );
    }

    #[test]
    fn the_corpus_variable_never_overrides_the_index() {
        let fs = Fake::default()
            .index("/w/index", "/w/corpus")
            .dir("/w/corpus");
        let mut req = request("/w", INDEX);
        req.env_corpus = Some(Path::new("/elsewhere"));
        assert_eq!(
            resolve(&req, &fs).expect("ok").corpus,
            Some("/w/corpus".into())
        );
    }

    #[test]
    fn without_an_index_the_repository_layout_builds_one() {
        let fs = Fake::default().dir("/repo/corpus").dir("/repo/index");
        assert_eq!(
            resolve(&request("/repo", SEARCH), &fs).expect("default"),
            at("/repo/index", Origin::New, "/repo/corpus", true)
        );
        let err = resolve(&request("/repo", Purpose::Stats), &fs).unwrap_err();
        assert!(matches!(err, IndexError::Missing { .. }), "{err}");
    }

    #[test]
    fn a_given_corpus_gets_an_index_here_or_beside_it() {
        let fs = Fake::default().dir("/data/releases");
        let mut req = request("/home/u", INDEX);
        req.corpus = Some(Path::new("/data/releases"));
        assert_eq!(
            resolve(&req, &fs).expect("here"),
            at("/home/u/index", Origin::New, "/data/releases", true)
        );
        let mut req = request("/data/releases/2024", INDEX);
        req.corpus = Some(Path::new(".."));
        assert_eq!(
            resolve(&req, &fs).expect("beside"),
            at("/data/index", Origin::New, "/data/releases", true)
        );
    }

    #[test]
    fn nothing_found_and_no_corpus_is_not_found() {
        let err = resolve(&request("/", SEARCH), &Fake::default()).unwrap_err();
        assert!(matches!(err, IndexError::NotFound { .. }), "{err}");
    }

    #[test]
    fn a_named_index_not_built_yet_takes_its_corpus_from_the_user() {
        let fs = Fake::default().dir("/w/corpus");
        let mut req = request("/w", SEARCH);
        req.index = Some(Path::new("/tmp/new-index"));
        assert_eq!(
            resolve(&req, &fs).expect("default corpus"),
            at("/tmp/new-index", Origin::Flag, "/w/corpus", true)
        );
        let mut req = request("/", SEARCH);
        req.index = Some(Path::new("/tmp/new-index"));
        let err = resolve(&req, &fs).unwrap_err();
        assert!(
            matches!(err, IndexError::CorpusUnknown { damaged: false, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_foreign_folder_is_refused() {
        let fs = Fake::default().foreign("/w/notes");
        let mut req = request("/w", INDEX);
        req.index = Some(Path::new("notes"));
        let err = resolve(&req, &fs).unwrap_err();
        assert!(matches!(err, IndexError::NotXunwen { .. }), "{err}");
    }

    #[test]
    fn a_damaged_index_is_left_to_open_unless_a_write_needs_its_corpus() {
        let fs = Fake::default().damaged("/w/index");
        let read = resolve(&request("/w", SEARCH), &fs).expect("search opens it");
        assert_eq!(read.corpus, None);
        assert!(!read.build);
        let err = resolve(&request("/w", Purpose::Index { rebuild: true }), &fs).unwrap_err();
        assert!(
            matches!(err, IndexError::CorpusUnknown { damaged: true, .. }),
            "{err}"
        );
    }

    #[test]
    fn a_corpus_that_is_gone_stops_a_refresh_but_not_a_search() {
        let fs = Fake::default().index("/w/index", "/moved/away");
        assert!(resolve(&request("/w", SEARCH), &fs).is_ok());
        let err = resolve(&request("/w", INDEX), &fs).unwrap_err();
        assert!(matches!(err, IndexError::CorpusGone { .. }), "{err}");
        // Given its new place, the error names the folder that is gone and
        // the new place (cli/error.rs turns that into the advice).
        let fs = fs.dir("/w/corpus2");
        for purpose in [SEARCH, INDEX, Purpose::Add] {
            let mut req = request("/w", purpose);
            req.corpus = Some(Path::new("corpus2"));
            let err = resolve(&req, &fs).unwrap_err();
            assert!(
                matches!(
                    &err,
                    IndexError::CorpusMoved { corpus, given, .. }
                        if corpus == Path::new("/moved/away") && given == Path::new("/w/corpus2")
                ),
                "{purpose:?}: {err}"
            );
        }
    }

    #[test]
    fn an_interrupted_first_build_remembers_its_corpus() {
        let fs = Fake::default()
            .started("/w/idx", "/data/docs")
            .dir("/data/docs")
            .dir("/w/corpus");
        let mut req = request("/elsewhere", SEARCH);
        req.index = Some(Path::new("/w/idx"));
        req.env_corpus = Some(Path::new("/w/corpus"));
        let place = resolve(&req, &fs).expect("the recorded corpus");
        assert_eq!(place.corpus.as_deref(), Some(Path::new("/data/docs")));
        assert!(place.build);
        // Named by the user, another corpus is taken: nothing was committed.
        req.corpus = Some(Path::new("/w/corpus"));
        let place = resolve(&req, &fs).expect("the given corpus");
        assert_eq!(place.corpus.as_deref(), Some(Path::new("/w/corpus")));
    }

    #[test]
    fn a_header_is_read_from_meta_json() {
        assert_eq!(header_of(b"{\"payload\": null}"), Some(None));
        assert_eq!(header_of(b"{\"segments\": []}"), Some(None));
        assert_eq!(header_of(b"garbage"), None);
        let header = CommitHeader {
            format: "f".into(),
            analysis: "a".into(),
            corpus: "/c".into(),
            built_at: 1,
            documents: 2,
            paragraphs: 3,
            manifest: "m".into(),
            dirs: None,
            user_dict: None,
        };
        let meta = serde_json::json!({ "payload": serde_json::to_string(&header).expect("json") });
        assert_eq!(header_of(meta.to_string().as_bytes()), Some(Some(header)));
    }
}
