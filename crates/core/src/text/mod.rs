//! Text primitives: byte ranges, line/column conversion in every position encoding, the label
//! normalisation that matching uses, and traditional characters folded to simplified ones.

mod bytes;
pub mod decode;
mod fold;
mod fold_table;
pub mod hash;
mod line_index;
mod normalize;
mod positions;
pub mod prose;
mod range;
pub mod search;

pub use bytes::{count_two, floor_char_boundary};
pub use fold::{simplified_char, simplified_code, to_simplified};
pub use line_index::{LineCol, LineIndex, PositionEncoding};
pub use normalize::{is_blank_char, normalize, split_numbering, Normalized, Numbering};
pub use positions::Utf16Positions;
pub use range::TextRange;
