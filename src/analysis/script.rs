//! Script folding: Traditional Chinese characters to Simplified, one character
//! to one character, so 黨史 and 党史 are the same term on both the index and
//! the query side.
//!
//! The table is OpenCC's `TSCharacters` (Apache-2.0 data), as shipped by the
//! `hanconv` crate (MIT). Only the character table is used, never OpenCC's
//! phrase tables: a phrase rule can change the number of characters, and
//! xunwen relies on normalization keeping every character position (phrase
//! positions, highlights). Of each entry the first candidate is taken, the
//! one OpenCC itself uses without context; entries whose first candidate is
//! the character itself (覆, 瞭, 藉 stay valid Simplified characters) change
//! nothing. Chains (薴 → 苧 → 苎) are followed to their end, so folding is
//! idempotent.
//!
//! Lookup is O(1) for the CJK Unified Ideographs and Extension A (a dense
//! table, ~110 KB, identity where nothing changes) and a binary search over a
//! few hundred entries for the supplementary planes. Everything below U+3400
//! is returned at once.

use std::sync::OnceLock;

/// First code point of the dense table (CJK Extension A starts here).
const DENSE_START: u32 = 0x3400;
/// End (exclusive) of the dense table: the end of the CJK Unified Ideographs.
const DENSE_END: u32 = 0xA000;

/// The folding table, built once per process from the crate's data.
struct Table {
    /// `dense[c - DENSE_START]` is the folded form of `c` (identity if none).
    dense: Box<[char]>,
    /// Mappings of characters outside the dense range, sorted by key.
    sparse: Vec<(char, char)>,
    /// Smallest key of `sparse` (`char::MAX` when empty): below it, nothing to do.
    sparse_min: u32,
    /// Number of characters that change.
    entries: usize,
    /// FNV-1a over the sorted mappings, to notice a changed data set.
    checksum: u32,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(build)
}

/// Whether a character is a safe fold target: a CJK ideograph (or other
/// letter) outside the ranges the width and case rules touch, so folding
/// composes with them and stays idempotent.
fn is_cjk_target(c: char) -> bool {
    c as u32 >= 0x2E80 && c.is_alphanumeric()
}

fn single_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

fn build() -> Table {
    use std::collections::BTreeMap;
    let mut map: BTreeMap<char, char> = BTreeMap::new();
    for (key, first) in hanconv::RawDictionary::TSCharacters.iter() {
        let (Some(k), Some(v)) = (single_char(key), single_char(first)) else {
            continue;
        };
        if k != v && is_cjk_target(k) && is_cjk_target(v) {
            map.insert(k, v);
        }
    }
    // Follow chains to their end; a cycle (none in the data) leaves the
    // character unchanged rather than looping.
    let resolved: Vec<(char, char)> = map
        .iter()
        .filter_map(|(&k, &v)| {
            let mut target = v;
            for _ in 0..8 {
                match map.get(&target) {
                    Some(&next) if next != target => target = next,
                    _ => return (target != k).then_some((k, target)),
                }
            }
            None
        })
        .collect();

    let mut dense: Vec<char> = (DENSE_START..DENSE_END)
        .map(|u| char::from_u32(u).unwrap_or('\u{fffd}'))
        .collect();
    let mut sparse = Vec::new();
    let mut checksum: u32 = 0x811c_9dc5;
    for &(k, v) in &resolved {
        for u in [k as u32, v as u32] {
            for byte in u.to_le_bytes() {
                checksum ^= u32::from(byte);
                checksum = checksum.wrapping_mul(0x0100_0193);
            }
        }
        let u = k as u32;
        if (DENSE_START..DENSE_END).contains(&u) {
            dense[(u - DENSE_START) as usize] = v;
        } else {
            sparse.push((k, v));
        }
    }
    sparse.sort_unstable();
    Table {
        dense: dense.into_boxed_slice(),
        sparse_min: sparse.first().map_or(u32::MAX, |&(k, _)| k as u32),
        sparse,
        entries: resolved.len(),
        checksum,
    }
}

/// The Simplified form of `c`, or `c` itself when it has none.
#[inline]
pub fn to_simplified(c: char) -> char {
    let u = c as u32;
    if u < DENSE_START {
        return c;
    }
    let t = table();
    if u < DENSE_END {
        return t.dense[(u - DENSE_START) as usize];
    }
    if u < t.sparse_min {
        return c;
    }
    match t.sparse.binary_search_by_key(&c, |&(k, _)| k) {
        Ok(i) => t.sparse[i].1,
        Err(_) => c,
    }
}

/// Identifies the folding table (`opencc-ts:<entries>:<checksum>`), for the
/// analysis fingerprint: a dependency update that changes the data changes
/// this, and a test then demands a new fingerprint.
pub fn table_id() -> String {
    let t = table();
    format!("opencc-ts:{}:{:08x}", t.entries, t.checksum)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> String {
        s.chars().map(to_simplified).collect()
    }

    #[test]
    fn traditional_folds_to_simplified() {
        assert_eq!(fold("黨史"), "党史");
        assert_eq!(fold("鄉村振興"), "乡村振兴");
        assert_eq!(fold("中華人民共和國國務院"), "中华人民共和国国务院");
        assert_eq!(fold("臺灣颱風"), "台湾台风");
        assert_eq!(fold("學習強國"), "学习强国");
    }

    #[test]
    fn simplified_and_other_scripts_are_unchanged() {
        for s in [
            "党史学习教育",
            "乡村振兴",
            "覆盖",
            "明瞭",
            "abc ÄÖÜ 123",
            "한국어",
            "ひらがなカタカナ",
            "😀",
        ] {
            assert_eq!(fold(s), s);
        }
    }

    #[test]
    fn chains_are_followed_and_folding_is_idempotent() {
        assert_eq!(to_simplified('薴'), '苎');
        let t = table();
        for (i, &v) in t.dense.iter().enumerate() {
            assert_eq!(to_simplified(v), v, "U+{:04X}", DENSE_START as usize + i);
        }
        for &(_, v) in &t.sparse {
            assert_eq!(to_simplified(v), v);
        }
    }

    #[test]
    fn supplementary_plane_entries_fold() {
        let t = table();
        assert!(!t.sparse.is_empty());
        for &(k, v) in &t.sparse {
            assert_eq!(to_simplified(k), v);
        }
    }

    #[test]
    fn the_table_is_a_real_one() {
        // OpenCC's character table maps about four thousand characters.
        assert!(table().entries > 3500, "{}", table_id());
    }
}
