//! Text primitives: byte ranges, line/column conversion in every position encoding, and the label
//! normalisation that matching uses.

mod bytes;
pub mod decode;
pub mod hash;
mod line_index;
mod normalize;
mod positions;
mod range;
pub mod search;

pub use bytes::{count_two, floor_char_boundary};
pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use normalize::{is_blank_char, normalize, split_numbering, Normalized, Numbering};
pub use positions::Utf16Positions;
pub use range::TextRange;
