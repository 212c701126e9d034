//! `xunwen add`: copies files and folders into a corpus, all or nothing.
//!
//! [`check_add`] checks every argument before anything is written: that it
//! exists, is of a type xunwen reads, is text that ingest accepts (the same
//! [`parse_document`] the index run uses, so an added file is never skipped
//! afterwards), and does not clash with a different file already in the
//! corpus or in the same batch. Any problem refuses the whole batch, listing
//! every problem at once. [`CheckedAdd::apply`] then copies: each file to a
//! hidden temporary name beside its target, synced, then renamed, so a
//! reader (or a crash) never sees half a file; if a copy fails, the files
//! already copied and the folders created are removed again.
//!
//! Placement: a file goes to the top of the corpus under its own name; a
//! folder keeps its layout under its own name (`add ~/x/2024` puts
//! `~/x/2024/a/b.txt` at `corpus/2024/a/b.txt`). A file or folder already
//! inside the corpus stays where it is and is only indexed.

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use super::walk::{is_corpus_readme, is_hidden, is_index_dir, slash_path, walk_folder};
use super::{file, parse_document, FileKind, IngestError};

/// The file types xunwen reads, for messages.
const SUPPORTED: &str = ".txt, .md, .html, .htm and .shtml";

/// What `add` will do, once every argument has been checked.
#[derive(Debug)]
pub struct CheckedAdd {
    corpus: PathBuf,
    files: Vec<FileToAdd>,
    notes: Vec<AddNote>,
}

/// One file of an [`CheckedAdd`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileToAdd {
    /// Where it is now.
    pub source: PathBuf,
    /// Its path in the corpus, `/`-separated.
    pub rel: String,
    /// Its path in the corpus, joined to the corpus folder.
    pub target: PathBuf,
    /// Whether it must be copied (otherwise the same file is already there).
    pub copy: bool,
    /// BLAKE3 of the checked content: the copy must have the same.
    hash: [u8; 32],
}

/// A file inside an added folder that is passed over, and why (a type
/// xunwen does not read): a note, not a reason to refuse the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddNote {
    /// The file, as found under the folder given.
    pub path: PathBuf,
    /// Why it is passed over.
    pub reason: String,
}

/// An argument (or a file inside a folder argument) that cannot be added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file or folder, as the user named it (or as found under it).
    pub path: PathBuf,
    /// What is wrong and what to do, without the path.
    pub reason: String,
}

/// Why `add` did nothing (or undid what it did).
#[derive(Debug, thiserror::Error)]
pub enum AddError {
    /// Some arguments failed the checks; nothing was copied.
    #[error("nothing was added: {}\n{}", count_problems(.0), list_problems(.0))]
    Refused(Vec<Problem>),
    /// The corpus folder cannot take files.
    #[error("{}: cannot add files to this corpus folder ({detail}); pass --corpus with a folder you can write to", path.display())]
    Corpus {
        /// The corpus folder.
        path: PathBuf,
        /// What is wrong with it.
        detail: String,
    },
    /// Copying failed part-way; what had been copied was removed again.
    #[error("{}: {detail}; nothing was added (files already copied were removed again); fix this and run the command again", path.display())]
    Copy {
        /// The file being copied (or the folder being created).
        path: PathBuf,
        /// What went wrong.
        detail: String,
    },
}

fn count_problems(problems: &[Problem]) -> String {
    match problems.len() {
        1 => "1 problem; fix it and run the command again".to_owned(),
        n => format!("{n} problems; fix them and run the command again"),
    }
}

fn list_problems(problems: &[Problem]) -> String {
    let lines: Vec<String> = problems
        .iter()
        .map(|p| format!("  {}: {}", p.path.display(), p.reason))
        .collect();
    lines.join("\n")
}

impl CheckedAdd {
    /// The files to copy or index, sorted by their path in the corpus.
    pub fn files(&self) -> &[FileToAdd] {
        &self.files
    }

    /// Files inside added folders that are passed over, with why.
    pub fn notes(&self) -> &[AddNote] {
        &self.notes
    }

    /// Copies the files that are not in the corpus yet, atomically each,
    /// and all or none: on a failure, removes what it had copied and the
    /// folders it had created. Returns the corpus paths of all the plan's
    /// files (copied or already there), for indexing.
    pub fn apply(&self) -> Result<Vec<PathBuf>, AddError> {
        let mut done = Undo::default();
        for file in self.files.iter().filter(|f| f.copy) {
            if let Err(e) = self.copy_one(file, &mut done) {
                done.undo();
                return Err(e);
            }
        }
        Ok(self.files.iter().map(|f| f.target.clone()).collect())
    }

    fn copy_one(&self, file: &FileToAdd, done: &mut Undo) -> Result<(), AddError> {
        let parent = file.target.parent().unwrap_or(&self.corpus);
        done.create_dirs(parent)?;
        if file.target.exists() {
            return Err(AddError::Copy {
                path: file.target.clone(),
                detail: "a file of this name appeared in the corpus meanwhile".to_owned(),
            });
        }
        copy_atomic(&file.source, &file.target, &file.hash)?;
        done.files.push(file.target.clone());
        Ok(())
    }
}

/// What [`CheckedAdd::apply`] has written so far, to be removed on failure.
#[derive(Default)]
struct Undo {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Undo {
    /// Creates `dir` and its missing parents, remembering each.
    fn create_dirs(&mut self, dir: &Path) -> Result<(), AddError> {
        let missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
        for d in missing.into_iter().rev() {
            fs::create_dir(d).map_err(|e| AddError::Copy {
                path: d.to_path_buf(),
                detail: format!("cannot create the folder ({e})"),
            })?;
            self.dirs.push(d.to_path_buf());
        }
        Ok(())
    }

    fn undo(self) {
        for f in self.files.iter().rev() {
            let _ = fs::remove_file(f);
        }
        for d in self.dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    }
}

/// Copies `source` to `target` through a hidden temporary file beside the
/// target (which the corpus walk passes over), synced before the rename so
/// the target is either absent or complete; checks that the content is the
/// one planned.
fn copy_atomic(source: &Path, target: &Path, hash: &[u8; 32]) -> Result<(), AddError> {
    let name = target.file_name().unwrap_or_default().to_string_lossy();
    let tmp = target.with_file_name(format!(".{name}.xunwen-tmp"));
    let written = write_tmp(source, &tmp, hash).and_then(|()| {
        fs::rename(&tmp, target).map_err(|e| {
            (
                target.to_path_buf(),
                format!("cannot rename into place ({e})"),
            )
        })
    });
    if let Err((path, detail)) = written {
        let _ = fs::remove_file(&tmp);
        return Err(AddError::Copy { path, detail });
    }
    // Make the rename itself durable (best effort: not every system can
    // sync a directory).
    if let Some(dir) = target.parent() {
        let _ = fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Streams `source` into `tmp`, hashing as it goes, and syncs it.
fn write_tmp(source: &Path, tmp: &Path, hash: &[u8; 32]) -> Result<(), (PathBuf, String)> {
    let read_err = |e: std::io::Error| (source.to_path_buf(), format!("cannot read it ({e})"));
    let write_err = |e: std::io::Error| (tmp.to_path_buf(), format!("cannot write ({e})"));
    let mut input = fs::File::open(source).map_err(read_err)?;
    let mut output = fs::File::create(tmp).map_err(write_err)?;
    let mut hasher = blake3::Hasher::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = input.read(&mut buf).map_err(read_err)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        output.write_all(&buf[..n]).map_err(write_err)?;
    }
    output.sync_all().map_err(write_err)?;
    if hasher.finalize().as_bytes() != hash {
        return Err((
            source.to_path_buf(),
            "it changed while being added".to_owned(),
        ));
    }
    Ok(())
}

/// Checks every argument and plans the copies; copies nothing. See the
/// module documentation for what is checked and where files go.
pub fn check_add(corpus: &Path, args: &[PathBuf]) -> Result<CheckedAdd, AddError> {
    let corpus_error = |detail: String| AddError::Corpus {
        path: corpus.to_path_buf(),
        detail,
    };
    let corpus_abs = match fs::metadata(corpus) {
        Ok(m) if m.is_dir() => fs::canonicalize(corpus).map_err(|e| corpus_error(e.to_string()))?,
        Ok(_) => return Err(corpus_error("not a folder".to_owned())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            // Created by `apply`; resolve it as far as it exists.
            std::path::absolute(corpus).map_err(|e| corpus_error(e.to_string()))?
        }
        Err(e) => return Err(corpus_error(e.to_string())),
    };
    if is_index_dir(&corpus_abs) {
        return Err(corpus_error(
            "it is a xunwen index, not a folder of documents".to_owned(),
        ));
    }
    let mut checker = Checker {
        corpus: &corpus_abs,
        files: BTreeMap::new(),
        problems: Vec::new(),
        notes: Vec::new(),
    };
    for arg in args {
        checker.argument(arg);
    }
    if !checker.problems.is_empty() {
        return Err(AddError::Refused(checker.problems));
    }
    Ok(CheckedAdd {
        corpus: corpus_abs.clone(),
        files: checker.files.into_values().collect(),
        notes: checker.notes,
    })
}

/// The state of [`check_add`]: files planned so far (by corpus path),
/// problems and notes.
struct Checker<'a> {
    corpus: &'a Path,
    files: BTreeMap<String, FileToAdd>,
    problems: Vec<Problem>,
    notes: Vec<AddNote>,
}

impl Checker<'_> {
    fn problem(&mut self, path: &Path, reason: impl Into<String>) {
        self.problems.push(Problem {
            path: path.to_path_buf(),
            reason: reason.into(),
        });
    }

    /// Checks one command-line argument.
    fn argument(&mut self, arg: &Path) {
        match fs::metadata(arg) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.problem(arg, "does not exist; check the path");
            }
            Err(e) => self.problem(
                arg,
                format!("cannot read it ({e}); check that you may read it"),
            ),
            Ok(m) if m.is_dir() => self.folder(arg),
            Ok(m) if m.is_file() => self.file_argument(arg),
            Ok(_) => self.problem(arg, "not a regular file or folder"),
        }
    }

    /// Where `path` is inside the corpus, if it is (`Some("")` for the
    /// corpus itself).
    fn inside_corpus(&self, path: &Path) -> Option<String> {
        let canonical = fs::canonicalize(path).ok()?;
        let rel = canonical.strip_prefix(self.corpus).ok()?;
        Some(slash_path(rel))
    }

    fn file_argument(&mut self, arg: &Path) {
        let Some(name) = arg.file_name() else {
            return self.problem(arg, "not a file name");
        };
        if FileKind::from_path(arg).is_none() {
            return self.problem(arg, unsupported_reason(arg));
        }
        if let Some(rel) = self.inside_corpus(arg) {
            return self.check_file(arg, &rel, false);
        }
        if is_hidden(name) {
            return self.problem(
                arg,
                "its name starts with '.', and the index passes over hidden files; rename it",
            );
        }
        if is_corpus_readme(name) {
            return self.problem(
                arg,
                "at the top of the corpus this name is taken as the corpus folder's own README \
                 and not indexed; rename it",
            );
        }
        let rel = name.to_string_lossy().into_owned();
        self.check_file(arg, &rel, true);
    }

    fn folder(&mut self, arg: &Path) {
        if is_index_dir(arg) {
            return self.problem(arg, "is a xunwen index, not a folder of documents");
        }
        let in_corpus = self.inside_corpus(arg);
        let Some(prefix) = self.folder_prefix(arg, &in_corpus) else {
            return;
        };
        // The corpus itself is walked as the index walks it (its README
        // is not a document).
        let walked = if prefix.is_empty() && in_corpus.is_some() {
            super::walk_corpus(arg)
        } else {
            walk_folder(arg)
        };
        let (files, skipped) = match walked {
            Ok(walked) => walked,
            Err(e) => return self.problem(arg, format!("cannot read it ({e})")),
        };
        for s in skipped {
            let path = arg.join(&s.rel);
            if s.unsupported {
                self.notes.push(AddNote {
                    path,
                    reason: s.reason,
                });
            } else {
                self.problem(&path, s.reason);
            }
        }
        if files.is_empty() {
            return self.problem(arg, format!("holds no {SUPPORTED} files"));
        }
        for f in files {
            let rel = if prefix.is_empty() {
                f.rel.clone()
            } else {
                format!("{prefix}/{}", f.rel)
            };
            self.check_file(&f.abs, &rel, in_corpus.is_none());
        }
    }

    /// Where the folder `arg` goes in the corpus: where it is, when it is
    /// in the corpus already, else under its own name. `None` (and a
    /// problem noted) when it cannot be placed.
    fn folder_prefix(&mut self, arg: &Path, in_corpus: &Option<String>) -> Option<String> {
        match (in_corpus, fs::canonicalize(arg)) {
            (Some(rel), _) => Some(rel.clone()),
            (None, Ok(canonical)) if self.corpus.starts_with(&canonical) => {
                let reason = format!(
                    "holds the corpus folder {}; add the folders of documents inside it instead",
                    self.corpus.display()
                );
                self.problem(arg, reason);
                None
            }
            (None, Ok(canonical)) => match canonical.file_name() {
                Some(name) => Some(name.to_string_lossy().into_owned()),
                None => {
                    self.problem(
                        arg,
                        "has no name to keep in the corpus; add the folders inside it instead",
                    );
                    None
                }
            },
            (None, Err(e)) => {
                self.problem(arg, format!("cannot read it ({e})"));
                None
            }
        }
    }

    /// Checks one file bound for `rel` in the corpus: readable, text that
    /// ingest accepts, no clash. `copy` is false for a file already in the
    /// corpus.
    fn check_file(&mut self, source: &Path, rel: &str, copy: bool) {
        let bytes = match bytes_or_reason(source) {
            Ok(b) => b,
            Err(reason) => return self.problem(source, reason),
        };
        let kind = file::kind_of(source, rel);
        if let Err(e) = parse_document(&bytes, rel, kind) {
            return self.problem(source, e.to_string());
        }
        let hash = *blake3::hash(&bytes).as_bytes();
        let target = self.corpus.join(rel);
        let mut copy = copy;
        if copy {
            match self.clash(&target, &bytes) {
                Err(reason) => return self.problem(source, reason),
                Ok(same_file_there) => copy = !same_file_there,
            }
        }
        if let Some(other) = self.files.get(rel) {
            if other.hash != hash {
                let reason = format!(
                    "goes to {} in the corpus, as does {}, which is different; rename one of them",
                    rel,
                    other.source.display()
                );
                return self.problem(source, reason);
            }
            return; // The same content twice: once is enough.
        }
        let planned = FileToAdd {
            source: source.to_path_buf(),
            rel: rel.to_owned(),
            target,
            copy,
            hash,
        };
        self.files.insert(rel.to_owned(), planned);
    }

    /// Whether `target` (in the corpus) is free: `Ok(false)` if nothing is
    /// there, `Ok(true)` if the same content is, `Err(reason)` otherwise.
    fn clash(&self, target: &Path, bytes: &[u8]) -> Result<bool, String> {
        for dir in target.ancestors().skip(1) {
            if dir == self.corpus || !dir.starts_with(self.corpus) {
                break;
            }
            if dir.exists() && !dir.is_dir() {
                return Err(format!(
                    "would go into {}, which is a file in the corpus, not a folder; rename one of them",
                    dir.display()
                ));
            }
        }
        match fs::metadata(target) {
            Err(_) => Ok(false),
            Ok(m) if m.is_dir() => Err(format!(
                "the corpus has a folder of this name ({}); rename the file",
                target.display()
            )),
            Ok(m) if m.len() == bytes.len() as u64 && fs::read(target).is_ok_and(|b| b == bytes) => Ok(true),
            Ok(_) => Err(format!(
                "{} already exists in the corpus with different content; rename this file, or remove the old one first",
                target.display()
            )),
        }
    }
}

/// Why a file of an unsupported type cannot be added, with what to do.
fn unsupported_reason(path: &Path) -> String {
    match path.extension() {
        Some(ext) => format!(
            "not a supported type (.{}); xunwen reads {SUPPORTED} files, so export its text to one of those first",
            ext.to_string_lossy()
        ),
        None => {
            let looks_like_text = bytes_or_reason(path)
                .ok()
                .is_some_and(|b| parse_document(&b, "x.txt", FileKind::Text).is_ok());
            if looks_like_text {
                "has no extension, so its type is unknown; if it is a text document, rename it to end in .txt"
                    .to_owned()
            } else {
                format!("not a supported type (no extension, and not text); xunwen reads {SUPPORTED} files")
            }
        }
    }
}

/// Reads a file through ingest's one reader ([`file::read_capped`]); the
/// error is a reason to list among the problems of an add.
fn bytes_or_reason(path: &Path) -> Result<Vec<u8>, String> {
    file::read_capped(path, path).map_err(|e| match e {
        IngestError::Io { source, .. } => format!("cannot read it ({source})"),
        other => other.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RELEASE: &str =
        "区政府召开防汛工作会议\n\n2023年6月2日，区政府召开防汛工作会议，部署汛期各项准备工作。\n";
    const OTHER: &str =
        "区教育局开展校园安全检查\n\n2023年6月5日，区教育局对全区中小学开展校园安全检查。\n";

    /// A temporary folder with `corpus/` and `outside/`.
    struct Setup {
        dir: tempfile::TempDir,
    }

    impl Setup {
        fn new() -> Setup {
            let dir = tempfile::tempdir().unwrap();
            fs::create_dir_all(dir.path().join("corpus")).unwrap();
            Setup { dir }
        }
        fn corpus(&self) -> PathBuf {
            self.dir.path().join("corpus")
        }
        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }
        fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
            let p = self.path(rel);
            fs::create_dir_all(p.parent().unwrap()).unwrap();
            fs::write(&p, bytes).unwrap();
            p
        }
        /// Every file under the corpus, '/'-separated, hidden ones included.
        fn corpus_files(&self) -> Vec<String> {
            let mut out: Vec<String> = walkdir::WalkDir::new(self.corpus())
                .into_iter()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_file())
                .map(|e| slash_path(e.path().strip_prefix(self.corpus()).unwrap()))
                .collect();
            out.sort();
            out
        }
    }

    fn refused(e: AddError) -> Vec<Problem> {
        match e {
            AddError::Refused(p) => p,
            other => panic!("expected a refusal, got {other}"),
        }
    }

    #[test]
    fn a_good_batch_is_copied_to_the_top() {
        let s = Setup::new();
        let a = s.write("outside/a.txt", RELEASE.as_bytes());
        let b = s.write("outside/b.md", OTHER.as_bytes());
        let plan = check_add(&s.corpus(), &[a, b]).unwrap();
        let rels: Vec<&str> = plan.files().iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, vec!["a.txt", "b.md"]);
        assert!(s.corpus_files().is_empty(), "planning copies nothing");
        let targets = plan.apply().unwrap();
        assert_eq!(targets.len(), 2);
        assert_eq!(s.corpus_files(), vec!["a.txt", "b.md"]);
        assert_eq!(
            fs::read_to_string(s.corpus().join("a.txt")).unwrap(),
            RELEASE
        );
    }

    #[test]
    fn one_bad_argument_refuses_the_whole_batch() {
        let s = Setup::new();
        let good = s.write("outside/good.txt", RELEASE.as_bytes());
        let pdf = s.write("outside/report.pdf", b"%PDF-1.7\n");
        let binary = s.write("outside/tiny.txt", b"abc\0\x01\x02\x03binary\0data");
        let empty = s.write("outside/empty.md", b"\n\n");
        let missing = s.path("outside/missing.txt");
        let problems = refused(
            check_add(
                &s.corpus(),
                &[
                    good,
                    missing.clone(),
                    pdf.clone(),
                    binary.clone(),
                    empty.clone(),
                ],
            )
            .unwrap_err(),
        );
        let paths: Vec<&Path> = problems.iter().map(|p| p.path.as_path()).collect();
        assert_eq!(paths, vec![&missing, &pdf, &binary, &empty]);
        assert!(problems[0].reason.contains("does not exist"));
        assert!(
            problems[1].reason.contains("damaged PDF"),
            "{}",
            problems[1].reason
        );
        assert!(problems[2].reason.starts_with("binary file"));
        assert!(problems[3].reason.contains("empty"));
        assert!(s.corpus_files().is_empty());
    }

    #[test]
    fn the_refusal_names_each_file_once_and_says_what_to_do() {
        let s = Setup::new();
        let missing = s.path("missing.txt");
        let e = check_add(&s.corpus(), std::slice::from_ref(&missing)).unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("nothing was added: 1 problem; fix it"),
            "{text}"
        );
        assert_eq!(text.matches("missing.txt").count(), 1, "{text}");
    }

    #[test]
    fn a_folder_keeps_its_layout_and_skips_other_types_with_a_note() {
        let s = Setup::new();
        s.write("x/2024/a.txt", RELEASE.as_bytes());
        s.write("x/2024/06/b.html", format!("<p>{OTHER}</p>").as_bytes());
        s.write("x/2024/06/table.xlsx", b"PK\x03\x04");
        s.write("x/2024/README.md", OTHER.as_bytes());
        s.write("x/2024/.hidden.txt", RELEASE.as_bytes());
        let plan = check_add(&s.corpus(), &[s.path("x/2024")]).unwrap();
        assert_eq!(plan.notes().len(), 1);
        assert_eq!(plan.notes()[0].path, s.path("x/2024/06/table.xlsx"));
        plan.apply().unwrap();
        assert_eq!(
            s.corpus_files(),
            vec!["2024/06/b.html", "2024/README.md", "2024/a.txt"]
        );
    }

    #[test]
    fn a_folder_without_documents_is_refused() {
        let s = Setup::new();
        s.write("x/pics/a.png", b"\x89PNG\r\n\x1a\n");
        let problems = refused(check_add(&s.corpus(), &[s.path("x/pics")]).unwrap_err());
        assert!(problems[0].reason.contains("holds no"), "{problems:?}");
    }

    #[test]
    fn clashes_are_refused_and_identical_files_are_not_copied_again() {
        let s = Setup::new();
        s.write("corpus/a.txt", RELEASE.as_bytes());
        let same = s.write("outside/a.txt", RELEASE.as_bytes());
        let plan = check_add(&s.corpus(), &[same]).unwrap();
        assert!(!plan.files()[0].copy);
        let different = s.write("elsewhere/a.txt", OTHER.as_bytes());
        let problems = refused(check_add(&s.corpus(), &[different]).unwrap_err());
        assert!(
            problems[0].reason.contains("already exists in the corpus"),
            "{problems:?}"
        );
        // Two different files of one name in one batch.
        let one = s.write("p/n.txt", RELEASE.as_bytes());
        let two = s.write("q/n.txt", OTHER.as_bytes());
        let problems = refused(check_add(&s.corpus(), &[one.clone(), two]).unwrap_err());
        assert!(
            problems[0].reason.contains("rename one of them"),
            "{problems:?}"
        );
        // The same file twice is added once.
        let plan = check_add(&s.corpus(), &[one.clone(), one]).unwrap();
        assert_eq!(plan.files().len(), 1);
    }

    #[test]
    fn names_the_index_would_pass_over_are_refused() {
        let s = Setup::new();
        let hidden = s.write("outside/.draft.txt", RELEASE.as_bytes());
        let readme = s.write("outside/README.md", RELEASE.as_bytes());
        let problems = refused(check_add(&s.corpus(), &[hidden, readme]).unwrap_err());
        assert!(problems[0].reason.contains("hidden"));
        assert!(problems[1].reason.contains("README"));
    }

    #[test]
    fn files_already_in_the_corpus_stay_in_place() {
        let s = Setup::new();
        let inside = s.write("corpus/news/a.txt", RELEASE.as_bytes());
        let plan = check_add(&s.corpus(), &[inside]).unwrap();
        assert_eq!(plan.files()[0].rel, "news/a.txt");
        assert!(!plan.files()[0].copy);
        let plan = check_add(&s.corpus(), &[s.corpus().join("news")]).unwrap();
        assert_eq!(plan.files()[0].rel, "news/a.txt");
        plan.apply().unwrap();
        assert_eq!(s.corpus_files(), vec!["news/a.txt"]);
        // A folder holding the corpus is refused.
        let problems = refused(check_add(&s.corpus(), &[s.dir.path().to_path_buf()]).unwrap_err());
        assert!(
            problems[0].reason.contains("holds the corpus"),
            "{problems:?}"
        );
    }

    #[test]
    fn a_missing_corpus_is_created() {
        let s = Setup::new();
        let a = s.write("outside/a.txt", RELEASE.as_bytes());
        let corpus = s.path("new/corpus");
        check_add(&corpus, &[a]).unwrap().apply().unwrap();
        assert!(corpus.join("a.txt").is_file());
    }

    #[test]
    fn a_failed_copy_removes_what_was_copied() {
        let s = Setup::new();
        let a = s.write("outside/a.txt", RELEASE.as_bytes());
        let b = s.write("outside/d/b.txt", OTHER.as_bytes());
        let plan = check_add(&s.corpus(), &[a, s.path("outside/d")]).unwrap();
        // The second file changes after the check: the copy must not land.
        fs::write(&b, RELEASE.repeat(2)).unwrap();
        let e = plan.apply().unwrap_err();
        assert!(matches!(e, AddError::Copy { .. }), "{e}");
        assert!(e.to_string().contains("changed while being added"), "{e}");
        assert!(s.corpus_files().is_empty(), "{:?}", s.corpus_files());
        assert!(!s.corpus().join("d").exists());
    }
}
