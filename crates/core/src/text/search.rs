//! Whether a short text holds a word, found by the word's last byte: cheaper than `str::contains`
//! for the sentences and cells the checks look into, where preparing a substring searcher costs
//! more than the search.

/// Whether `haystack` holds `needle`. Each occurrence of the needle's last byte is a candidate
/// checked in full, so the cost grows with the needle's length times those occurrences: for the
/// short, fixed words of the checks only.
pub fn contains(haystack: &str, needle: &str) -> bool {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&last) = n.last() else { return true };
    if h.len() < n.len() {
        return false;
    }
    // A candidate's last byte stands at `at + n.len() - 1`, so the candidate starts at `at`.
    memchr::memchr_iter(last, &h[n.len() - 1..]).any(|at| h[at..at + n.len()] == *n)
}

/// Where `needle` first occurs in `haystack`, as [`contains`] finds it (`str::find` for short
/// texts).
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let (h, n) = (haystack.as_bytes(), needle.as_bytes());
    let Some(&last) = n.last() else {
        return Some(0);
    };
    if h.len() < n.len() {
        return None;
    }
    memchr::memchr_iter(last, &h[n.len() - 1..]).find(|&at| h[at..at + n.len()] == *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Any text holds a word, and first at the same place, as `str` finds it.
        #[test]
        fn words_are_found_as_str_finds_them(haystack in "[a中文收到件\r]{0,30}", needle in "[a中文收到件\r]{0,4}") {
            proptest::prop_assert_eq!(contains(&haystack, &needle), haystack.contains(needle.as_str()));
            proptest::prop_assert_eq!(find(&haystack, &needle), haystack.find(needle.as_str()));
        }

        /// The same for any characters.
        #[test]
        fn any_words_are_found_as_str_finds_them(haystack in "\\PC{0,30}", needle in "\\PC{0,3}") {
            proptest::prop_assert_eq!(contains(&haystack, &needle), haystack.contains(needle.as_str()));
            proptest::prop_assert_eq!(find(&haystack, &needle), haystack.find(needle.as_str()));
        }
    }
}
