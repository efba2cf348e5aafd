//! Small byte-level helpers shared by the lexer and the position code: character boundaries, and
//! counts of byte classes in one vectorisable pass.

/// The largest character boundary of `text` at or before `offset` (the end of the text for an
/// offset past it).
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How many bytes of `bytes` satisfy `first` and how many satisfy `second` (a byte may count for
/// both), counted in 64-byte chunks into `u8` counters, which the compiler turns into arithmetic on
/// 32 bytes at a time.
#[inline(always)]
pub fn count_two(
    bytes: &[u8],
    first: impl Fn(u8) -> bool,
    second: impl Fn(u8) -> bool,
) -> (usize, usize) {
    let count = |chunk: &[u8]| {
        chunk.iter().fold((0u8, 0u8), |(a, b), &c| {
            (a + u8::from(first(c)), b + u8::from(second(c)))
        })
    };
    let mut chunks = bytes.chunks_exact(64);
    let (mut a, mut b) = (0, 0);
    for chunk in &mut chunks {
        let (x, y) = count(chunk);
        a += usize::from(x);
        b += usize::from(y);
    }
    let (x, y) = count(chunks.remainder());
    (a + usize::from(x), b + usize::from(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_fall_back_to_the_start_of_the_character_and_stop_at_the_end() {
        let text = "a𠮷年";
        let found: Vec<usize> = (0..=10).map(|o| floor_char_boundary(text, o)).collect();
        assert_eq!(found, [0, 1, 1, 1, 1, 5, 5, 5, 8, 8, 8]);
    }

    proptest::proptest! {
        /// The chunked counts are the byte-by-byte counts, for texts shorter and longer than a
        /// chunk.
        #[test]
        fn counts_are_the_byte_by_byte_counts(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..300)) {
            let (a, b) = count_two(&bytes, |c| c == b'\n' || c == b'\r', |c| c < 0x80);
            proptest::prop_assert_eq!(a, bytes.iter().filter(|&&c| c == b'\n' || c == b'\r').count());
            proptest::prop_assert_eq!(b, bytes.iter().filter(|&&c| c < 0x80).count());
        }
    }
}
