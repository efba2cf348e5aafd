//! What the fuzz targets check, shared by the targets: a reader that turns the fuzzer's bytes into
//! choices, the pieces real reports are made of, and the invariants every result of the core must
//! keep.
//!
//! A broken invariant panics, which libFuzzer reports as a crash and saves as an artifact.

use nianbao_core::features::actions::{apply, code_actions};
use nianbao_core::features::completion::completions;
use nianbao_core::features::format::format_tables;
use nianbao_core::features::hints::inlay_hints;
use nianbao_core::features::hover::hover;
use nianbao_core::features::outline::{folding_ranges, symbols, Symbol};
use nianbao_core::features::Snapshot;
use nianbao_core::text::{is_blank_char, TextRange};
use nianbao_core::{analyze, Analysis, Edit, Lang, ParseOptions};

/// The seed reports of the repository, byte for byte.
pub const SEEDS: [&str; 5] = [
    include_str!("../../tests/corpus/seeds/000_e22fc2599b138d8b.txt"),
    include_str!("../../tests/corpus/seeds/001_de67b3003fa77aa1.txt"),
    include_str!("../../tests/corpus/seeds/002_763b898b65aef6cb.txt"),
    include_str!("../../tests/corpus/seeds/003_04358ba433e2261a.txt"),
    include_str!("../../tests/corpus/seeds/004_d6d84b68e1105486.txt"),
];

/// Pieces that real reports are made of (headings, labels, cells, separators, line breaks,
/// artefacts), so that edits reach deep into the parser.
pub const PIECES: &[&str] = &[
    "",
    "\n",
    "\r\n",
    "\r",
    "0",
    "12",
    "-3",
    "1.5",
    "/",
    "—",
    "无",
    " | ",
    "|",
    "｜",
    "||",
    "\t",
    "\u{a0}",
    "\u{3000}",
    " ",
    "𠮷",
    "😀",
    "e\u{301}",
    "x",
    "，",
    "一、总体情况\n",
    "二、主动公开政府信息情况\n",
    "\n三、收到和处理政府信息公开申请情况\n",
    "四、政府信息公开行政复议、行政诉讼情况\n",
    "五、存在的主要问题及改进情况\n",
    "六、其他需要报告的事项",
    "四、",
    "（七）总计 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |\n",
    "（一）予以公开",
    "（三）不予公开",
    "1.属于国家秘密",
    "3.危及“三安全一稳定”",
    "四、结转下年度继续办理",
    "一、本年新收政府信息公开申请数量",
    "自然人",
    "商业企业",
    "总计",
    "结果维持",
    "行政复议",
    "行政诉讼\n",
    "政处罚",
    "规章 | 1 | 2 | 3 |\n",
    "第二十条第（一）项",
    "信息内容",
    "本年制发件数",
    "2020年",
    "2021年",
    "政府信息公开工作年度报告",
    "[bookmark: _GoBack]",
    "- 4 -",
    "# ",
    "|---|---|\n",
    "99999999999999999999999999999999999999999",
    "\n\n",
    // The start of another unit's report, which makes a 汇总.
    "\n某县2021年政府信息公开工作年度报告\n一、总体情况\n",
];

/// Reads choices out of the fuzzer's bytes; past the end every read gives zero.
pub struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Reader<'a> {
        Reader { data }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    pub fn u8(&mut self) -> u8 {
        match self.data.split_first() {
            Some((b, rest)) => {
                self.data = rest;
                *b
            }
            None => 0,
        }
    }

    pub fn u16(&mut self) -> u16 {
        u16::from_le_bytes([self.u8(), self.u8()])
    }

    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.u8(), self.u8(), self.u8(), self.u8()])
    }

    /// Up to `n` bytes.
    pub fn bytes(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    /// Everything left.
    pub fn rest(&mut self) -> &'a [u8] {
        std::mem::take(&mut self.data)
    }

    /// A position in `0..=len` spread over the whole range by a 16-bit fraction.
    pub fn fraction_of(&mut self, len: usize) -> usize {
        ((self.u16() as usize) * (len + 1)) >> 16
    }
}

/// The largest char boundary at or before `offset` (clamped to the text).
pub fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut i = offset.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parse options drawn from one byte: no default, a year of either format, or a format alone.
pub fn options(choice: u8) -> ParseOptions {
    use nianbao_core::catalog::Format;
    match choice % 5 {
        0 => ParseOptions::default(),
        1 => ParseOptions {
            default_year: Some(2020),
            default_format: None,
        },
        2 => ParseOptions {
            default_year: Some(2023),
            default_format: None,
        },
        3 => ParseOptions {
            default_year: None,
            default_format: Some(Format::F2019),
        },
        _ => ParseOptions {
            default_year: None,
            default_format: Some(Format::F2021),
        },
    }
}

/// Panics unless `r` lies inside `text` with both ends on char boundaries.
#[track_caller]
pub fn assert_range(text: &str, r: TextRange, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what}: range {r:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: range {r:?} cuts a character"
    );
}

/// Panics unless the edits lie inside the text, on char boundaries, and apply (sorted, not
/// overlapping).
#[track_caller]
pub fn assert_edits(text: &str, edits: &[Edit], what: &str) -> String {
    for e in edits {
        assert_range(text, e.range, what);
    }
    apply(text, edits)
        .unwrap_or_else(|| panic!("{what}: the edits overlap or are not sorted: {edits:?}"))
}

/// Whether a line is a Markdown rule: separators, dashes and colons only, with a run of dashes.
fn is_rule(line: &str) -> bool {
    line.contains("--")
        && line
            .chars()
            .all(|c| is_blank_char(c) || matches!(c, '|' | '｜' | '-' | ':'))
}

/// The tokens of a text as formatting must keep them: runs of non-blank characters, each table
/// separator a token of its own; of a Markdown rule line, only its separators (formatting redraws a
/// rule's dashes to the width of its columns).
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.split(['\n', '\r']) {
        let rule = is_rule(line);
        let mut cur = String::new();
        let flush = |cur: &mut String, out: &mut Vec<String>| {
            if !cur.is_empty() {
                let token = std::mem::take(cur);
                if !rule {
                    out.push(token);
                }
            }
        };
        for c in line.chars() {
            if is_blank_char(c) {
                flush(&mut cur, &mut out);
            } else if c == '|' || c == '｜' {
                flush(&mut cur, &mut out);
                out.push(c.to_string());
            } else {
                cur.push(c);
            }
        }
        flush(&mut cur, &mut out);
    }
    out
}

fn line_count(text: &str) -> usize {
    nianbao_core::text::LineIndex::new(text).line_count()
}

fn symbol_ranges(text: &str, symbols: &[Symbol]) {
    for s in symbols {
        assert_range(text, s.range, "symbol range");
        assert_range(text, s.selection, "symbol selection");
        symbol_ranges(text, &s.children);
    }
}

/// Runs the analysis and every editor feature on `text` and checks what they return: ranges inside
/// the text on char boundaries, edits that apply, messages in both languages, completion replacing
/// only what was typed on the cursor's line, and formatting that changes only blanks, keeps the
/// lines and is idempotent. `offsets` are the cursor offsets to try (any value; they are clamped
/// where the API says so).
pub fn check_everything(
    text: &str,
    opts: &ParseOptions,
    lang: Lang,
    offsets: &[usize],
) -> Analysis {
    let a = analyze(text, opts);
    let snap = Snapshot {
        text,
        analysis: &a,
        lang,
    };
    for d in &a.diagnostics {
        assert_range(text, d.range, "diagnostic");
        let _ = d.message(Lang::Zh);
        let _ = d.message(Lang::En);
        for fix in &d.fixes {
            let _ = fix.title(lang);
            assert_edits(text, &fix.edits, "fix");
        }
    }
    for t in &a.report.tables {
        assert_range(text, t.range, "table");
    }
    for s in &a.report.sections {
        assert_range(text, s.heading, "heading");
        assert_range(text, s.body, "section body");
    }

    // Cursor positions: the requested ones on char boundaries, plus every diagnostic's start.
    let mut cursors: Vec<usize> = offsets.iter().map(|&o| floor_boundary(text, o)).collect();
    cursors.extend(a.diagnostics.iter().take(8).map(|d| d.range.start));
    cursors.push(text.len());
    for &at in &cursors {
        if let Some(h) = hover(&snap, at) {
            assert_range(text, h.range, "hover");
        }
        for act in code_actions(&snap, TextRange::empty(at)) {
            assert_edits(text, &act.edits, "code action");
            assert!(
                act.diagnostics.iter().all(|&i| i < a.diagnostics.len()),
                "code action names a missing diagnostic"
            );
        }
    }
    // Completion clamps any offset (inside a character or past the end) itself.
    for &raw in offsets.iter().chain(cursors.iter()) {
        let at = floor_boundary(text, raw);
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        for item in completions(&snap, raw) {
            assert_range(text, item.replace, "completion");
            assert!(
                item.replace.end == at && item.replace.start >= line_start,
                "completion at {raw} replaces {:?}, not what was typed before the cursor",
                item.replace
            );
            let typed = item.replace.slice(text);
            assert!(
                !typed.contains(['|', '｜', '\t']),
                "completion replaces a cell separator: {typed:?}"
            );
        }
    }
    for d in a.diagnostics.iter().take(8) {
        for act in code_actions(&snap, d.range) {
            assert_edits(text, &act.edits, "code action");
        }
    }
    for act in code_actions(&snap, TextRange::new(0, text.len())) {
        assert_edits(text, &act.edits, "code action");
    }
    for h in inlay_hints(&snap, TextRange::new(0, text.len())) {
        assert_range(text, TextRange::empty(h.offset), "inlay hint");
    }
    symbol_ranges(text, &symbols(&snap));
    for f in folding_ranges(&snap) {
        assert_range(text, f.range, "folding range");
    }

    let edits = format_tables(&snap);
    let formatted = assert_edits(text, &edits, "formatting");
    assert_eq!(
        tokens(text),
        tokens(&formatted),
        "formatting changed more than blanks"
    );
    assert_eq!(
        line_count(text),
        line_count(&formatted),
        "formatting changed the lines"
    );
    if !edits.is_empty() {
        let again = analyze(&formatted, opts);
        let second = format_tables(&Snapshot {
            text: &formatted,
            analysis: &again,
            lang,
        });
        assert!(
            second.is_empty(),
            "formatting twice changes more: {second:?}"
        );
    }
    a
}
