//! Reading one source file: its bytes, capped so memory stays bounded
//! whatever lands in the corpus, and the kind of reader it needs. The index
//! run, `read_document` and `add` all read files through here.

use std::io::Read;
use std::path::Path;

use super::{FileKind, IngestError, MAX_FILE_SIZE};

/// Reads the file at `path` whole, refusing one over [`MAX_FILE_SIZE`]
/// before reading it (and one that grew past it while read). Errors name
/// `shown`: the path the user knows the file by.
pub fn read_capped(path: &Path, shown: &Path) -> Result<Vec<u8>, IngestError> {
    let io = |source| IngestError::Io {
        path: shown.to_path_buf(),
        source,
    };
    let too_large = |size| IngestError::TooLarge {
        path: shown.to_path_buf(),
        size,
        limit: MAX_FILE_SIZE,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    if size > MAX_FILE_SIZE {
        return Err(too_large(size));
    }
    // Read at most one byte past the limit, in case the file grew.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_SIZE + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The reader for the file at `path`, known in the corpus as `rel`: by the
/// extension of either, plain text when neither has a known one.
pub fn kind_of(path: &Path, rel: &str) -> FileKind {
    FileKind::from_path(path)
        .or_else(|| FileKind::from_path(Path::new(rel)))
        .unwrap_or(FileKind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_limit_is_refused_by_its_shown_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let big = dir.path().join("big.txt");
        let file = std::fs::File::create(&big).expect("create");
        file.set_len(MAX_FILE_SIZE + 1).expect("grow");
        let err = read_capped(&big, Path::new("a/big.txt")).expect_err("too large");
        match err {
            IngestError::TooLarge { path, .. } => assert_eq!(path, Path::new("a/big.txt")),
            other => panic!("not refused as too large: {other}"),
        }
        let small = dir.path().join("small.txt");
        std::fs::write(&small, "正文").expect("write");
        let bytes = read_capped(&small, Path::new("small.txt")).expect("read");
        assert_eq!(bytes, "正文".as_bytes());
    }

    #[test]
    fn the_kind_comes_from_either_name_else_text() {
        assert_eq!(kind_of(Path::new("/x/a.HTML"), "a.txt"), FileKind::Html);
        assert_eq!(
            kind_of(Path::new("/tmp/upload"), "a.md"),
            FileKind::Markdown
        );
        assert_eq!(kind_of(Path::new("/tmp/upload"), "notes"), FileKind::Text);
    }
}
