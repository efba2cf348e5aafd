//! Diagnostics: stable codes, severities, messages and the fixes offered for them, as plain data.

use serde::Serialize;

use crate::messages::{FixKind, Lang, Msg};
use crate::text::TextRange;

/// How bad a diagnostic is; the numbers are the Language Server Protocol's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Severity {
    Error = 1,
    Warning = 2,
    Information = 3,
    Hint = 4,
}

impl Severity {
    pub fn name_zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Information => "提示",
            Severity::Hint => "建议",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Information => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn from_name(s: &str) -> Option<Severity> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "information" | "info" => Some(Severity::Information),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

macro_rules! codes {
    ($($variant:ident => $name:literal,)*) => {
        /// The stable code of a diagnostic, shown in the editor and in JSON output.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $($variant,)* }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn from_name(name: &str) -> Option<Code> {
                match name { $($name => Some(Code::$variant),)* _ => None }
            }
        }
    };
}

codes! {
    MissingSection => "missing-section",
    SectionOrder => "section-order",
    DuplicateSection => "duplicate-section",
    HeadingVariant => "heading-variant",
    MissingTable => "missing-table",
    MissingRow => "missing-row",
    UnknownRow => "unknown-row",
    LabelTypo => "label-typo",
    FormatMismatch => "format-mismatch",
    CellCount => "cell-count",
    EmptyCell => "empty-cell",
    InvalidNumber => "invalid-number",
    RowTotal => "row-total",
    OutcomeTotal => "outcome-total",
    Balance => "balance",
    ReviewTotal => "review-total",
    NarrativeMismatch => "narrative-mismatch",
    FeeStatement => "fee-statement",
    PartCount => "part-count",
    YearMismatch => "year-mismatch",
    Citation => "citation",
    ThinSection => "thin-section",
    ImplausibleValue => "implausible-value",
    CarryOver => "carry-over",
    RollForward => "roll-forward",
    CopiedText => "copied-text",
    RunTogether => "run-together",
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One text replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub range: TextRange,
    pub new_text: String,
}

/// A fix offered for a diagnostic: edits that, applied together, remove it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    pub kind: FixKind,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn title(&self, lang: Lang) -> String {
        self.kind.title(lang)
    }
}

/// A problem found in a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The offending text.
    pub range: TextRange,
    pub severity: Severity,
    pub code: Code,
    pub msg: Msg,
    /// Machine-readable details (expected and actual values, the canonical label…), for editors.
    pub data: serde_json::Value,
    pub fixes: Vec<Fix>,
    /// Other places that explain the diagnostic (the table cell a narrative figure contradicts),
    /// with a note in Chinese and in English.
    pub related: Vec<(TextRange, String, String)>,
}

impl Diagnostic {
    pub fn new(code: Code, severity: Severity, range: TextRange, msg: Msg) -> Diagnostic {
        Diagnostic {
            range,
            severity,
            code,
            msg,
            data: serde_json::Value::Null,
            fixes: Vec::new(),
            related: Vec::new(),
        }
    }

    pub fn with_data(mut self, data: serde_json::Value) -> Diagnostic {
        self.data = data;
        self
    }

    pub fn with_fix(mut self, kind: FixKind, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix { kind, edits });
        self
    }

    /// Moves every range of the diagnostic (its own, its fixes', its related places' and the table
    /// range in its data) by `by` bytes.
    pub fn shift(&mut self, by: usize) {
        self.range = self.range.shifted(by);
        for e in self.fixes.iter_mut().flat_map(|f| f.edits.iter_mut()) {
            e.range = e.range.shifted(by);
        }
        for r in &mut self.related {
            r.0 = r.0.shifted(by);
        }
        if let Some(serde_json::Value::Array(ends)) = self.data.get_mut("tableRange") {
            for end in ends.iter_mut() {
                if let Some(v) = end.as_u64() {
                    *end = serde_json::Value::from(v + by as u64);
                }
            }
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        self.msg.render(lang)
    }
}

/// A number for a diagnostic's `data`: a JSON number when it fits one, else its digits as a string
/// (cells may hold up to 30 digits, more than JSON numbers carry exactly).
pub fn num(v: i128) -> serde_json::Value {
    match i64::try_from(v) {
        Ok(n) => serde_json::Value::from(n),
        Err(_) => serde_json::Value::from(v.to_string()),
    }
}
