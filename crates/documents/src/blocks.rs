//! The document model every reader produces: paragraphs and tables of cell texts, each with its
//! place.

/// Where a piece of extracted text stands in its document. Numbers count from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// The n-th paragraph of the body (Word, web page).
    Paragraph { index: u32 },
    /// A cell of the document's n-th table, by its row and column on the table's grid (a merged
    /// cell is at its top-left corner).
    Cell { table: u32, row: u32, column: u32 },
    /// The n-th line of text on a page (PDF).
    Line { page: u32, line: u32 },
}

/// One cell of a table row as the reader found it: its text (empty for a blank cell) and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellText {
    pub text: String,
    pub place: Place,
}

/// A piece of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A paragraph (a heading, a line of narrative, a title).
    Para { text: String, place: Place },
    /// A table: each row lists the cells that start in that row, left to right (a cell merged down
    /// from a row above is not repeated; a blank cell is an empty text).
    Table { rows: Vec<Vec<CellText>> },
}

impl Place {
    /// The place as users name it: `第2页第5行`, `第3个表格第14行第7列`, `第12段`.
    pub fn describe(self, lang: nianbao_core::Lang) -> String {
        self.doc_place().render(lang)
    }

    /// The place as the message catalogue names it.
    pub fn doc_place(self) -> nianbao_core::messages::DocPlace {
        use nianbao_core::messages::DocPlace;
        match self {
            Place::Paragraph { index } => DocPlace::Paragraph { index },
            Place::Cell { table, row, column } => DocPlace::Cell { table, row, column },
            Place::Line { page, line } => DocPlace::Line { page, line },
        }
    }
}
