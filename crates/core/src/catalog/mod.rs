//! The official report formats (国办公开办函〔2019〕60号 and 〔2021〕30号): the one source of truth for
//! sections, tables, rows, columns and relations that parsing, checks, completion, hover and fixes
//! use.

mod legal;
mod sections;
mod tables;

pub use legal::{
    article, chinese_number, parse_basis, quotation, Article, ArticleRef, Paragraph, Quotation,
    ARTICLES, FORMAT_2021_OVERVIEW, REGULATIONS,
};
pub use sections::{SectionId, SectionSpec, SECTIONS};
pub use tables::{
    table_spec, ColSpec, ColumnHeader, RowKind, RowSpec, TableKind, TableSpec, ValueKind,
    COLUMN_HEADERS, T3_COLUMNS, T4_COLUMNS, T4_GROUPS,
};

use serde::Serialize;

/// The issuer of both formats' documents, as their citations write it.
pub const DOCUMENT_ISSUER: &str = "国办公开办函";

/// One of the two official formats of the annual report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Format {
    /// 国办公开办函〔2019〕60号, for the 2019 and 2020 reports.
    #[serde(rename = "2019")]
    F2019,
    /// 国办公开办函〔2021〕30号, for the 2021 reports onward.
    #[serde(rename = "2021")]
    F2021,
}

impl Format {
    pub const ALL: [Format; 2] = [Format::F2019, Format::F2021];

    /// The format a report of `year` must use; `None` for years before the unified format existed.
    pub fn for_year(year: i32) -> Option<Format> {
        match year {
            2019 | 2020 => Some(Format::F2019),
            y if y >= 2021 => Some(Format::F2021),
            _ => None,
        }
    }

    /// The short name used in JSON output and settings: "2019" or "2021".
    pub fn name(self) -> &'static str {
        match self {
            Format::F2019 => "2019",
            Format::F2021 => "2021",
        }
    }

    /// The document that set the format: its issuer, then its year in 〔〕 and its number.
    pub fn document(self) -> &'static str {
        match self {
            Format::F2019 => "国办公开办函〔2019〕60号",
            Format::F2021 => "国办公开办函〔2021〕30号",
        }
    }

    /// The year and the number of the format's document, as they stand in its citation: ("2021",
    /// "30号").
    pub fn document_year_number(self) -> (&'static str, &'static str) {
        match self {
            Format::F2019 => ("2019", "60号"),
            Format::F2021 => ("2021", "30号"),
        }
    }

    pub fn other(self) -> Format {
        match self {
            Format::F2019 => Format::F2021,
            Format::F2021 => Format::F2019,
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        match name.trim() {
            "2019" => Some(Format::F2019),
            "2021" => Some(Format::F2021),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_number_is_its_issuer_year_and_number() {
        for f in Format::ALL {
            let (year, number) = f.document_year_number();
            assert_eq!(f.document(), format!("{DOCUMENT_ISSUER}〔{year}〕{number}"));
        }
    }
}
