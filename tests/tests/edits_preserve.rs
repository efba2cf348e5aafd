//! Every edit nianbao proposes leaves the rest of the user's text alone: quick fixes, "fix all
//! totals", the table 二 conversion, formatting and completion items, on the seed reports and on
//! generated reports with planted errors (see `nianbao_tests::gen`), some of them with astral
//! characters and Windows line breaks mixed in.
//!
//! For every proposed edit list this checks that the ranges lie on char boundaries and apply
//! (sorted, not overlapping); that every token of the text (a run of non-blank characters, or a
//! `|`) that no edit touches is still there, unchanged and not merged into a neighbour; that value
//! fixes write a number into one cell and label fixes the catalog's label. For fixes, the
//! diagnostic the fix was offered for is gone after applying it and no new error appears; "fix all
//! totals" removes every diagnostic it names; formatting changes only blanks and leaves the
//! diagnostics as they were; a completion item replaces only what was typed before the cursor on
//! its line.
//!
//! The property tests live in this package, not in `crates/core/tests`, because they need the
//! report generator, which lives here. The language server's side (ranges in the negotiated
//! encoding) is tested in `crates/lsp/tests/edit_ranges.rs`.

use std::collections::BTreeMap;

use nianbao_core::catalog::{table_spec, Format, RowKind, TableKind};
use nianbao_core::features::actions::{apply, code_actions, ActionKind};
use nianbao_core::features::completion::{completions, CompletionKind};
use nianbao_core::features::format::format_tables;
use nianbao_core::features::Snapshot;
use nianbao_core::messages::FixKind;
use nianbao_core::text::{is_blank_char, TextRange};
use nianbao_core::{analyze, Analysis, Diagnostic, Edit, Lang, ParseOptions, Severity};
use nianbao_tests::gen::*;
use proptest::prelude::*;

// ---- Inputs -------------------------------------------------------------------------------------

fn seeds() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/seeds");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("seed folder")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    names
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("seed text"))
        .collect()
}

fn year_for(format: Format, pick: u64) -> i32 {
    match format {
        Format::F2019 => 2019 + (pick % 2) as i32,
        Format::F2021 => 2021 + (pick % 4) as i32,
    }
}

/// Any value cell of the tables `kinds`.
fn any_cell(spec: &ReportSpec, pick: u64, kinds: &[TableKind]) -> (TableKind, &'static str, usize) {
    let mut cells = Vec::new();
    for &kind in kinds {
        for (_, r) in table_spec(kind, spec.format).data_rows() {
            if let RowKind::Data(cols) = r.kind {
                cells.extend((0..cols.len()).map(|c| (kind, r.key, c)));
            }
        }
    }
    cells[(pick % cells.len() as u64) as usize]
}

/// A planted error that comes with a fix, or that calls for the table 二 conversion.
fn plant_with_fix(spec: &ReportSpec, pick: u64) -> Plant {
    let format = spec.format;
    let t3 = data_row_keys(TableKind::T3, format);
    match pick % 7 {
        0 | 1 => Plant::ChangeCell {
            table: TableKind::T3,
            row: t3[((pick >> 8) % t3.len() as u64) as usize],
            col: ((pick >> 16) % 7) as usize,
            delta: 1 + (pick >> 24) as i64 % 5,
        },
        2 => Plant::ChangeCell {
            table: TableKind::T4,
            row: table_spec(TableKind::T4, format).rows[0].key,
            col: ((pick >> 8) % 15) as usize,
            delta: 2,
        },
        3 => {
            let (table, row, _) = any_cell(spec, pick >> 8, &[TableKind::T2, TableKind::T3]);
            let label = table_spec(table, format)
                .rows
                .iter()
                .find(|r| r.key == row)
                .map_or("", |r| r.label);
            // A char after the numbering, so that the label stays recognisable.
            let numbering = label
                .chars()
                .take_while(|c| {
                    !('\u{4E00}'..='\u{9FFF}').contains(c) || "一二三四五六七八九十".contains(*c)
                })
                .count();
            Plant::TypoLabel {
                table,
                row,
                at: (numbering + 1).min(label.chars().count().saturating_sub(1)),
            }
        }
        4 => {
            let (table, row, col) = any_cell(spec, pick >> 8, &TableKind::ALL);
            Plant::SetCell {
                table,
                row,
                col,
                text: ["", "—", "/"][((pick >> 40) % 3) as usize].to_owned(),
            }
        }
        5 => Plant::DropHeading {
            section: 1 + ((pick >> 8) % 6) as u8,
        },
        _ => Plant::Year(year_for(format.other(), pick)),
    }
}

/// Mixes characters outside the Basic Multilingual Plane and Windows line breaks into a text, so
/// that byte, UTF-16 and char offsets all differ: 𠮷 before the title, CRLF line breaks when `crlf`.
fn roughen(text: &str, crlf: bool) -> String {
    let t = format!("𠮷{text}");
    if crlf {
        t.replace("\r\n", "\n").replace('\n', "\r\n")
    } else {
        t
    }
}

// ---- Tokens -------------------------------------------------------------------------------------

fn is_sep(c: char) -> bool {
    c == '|' || c == '｜'
}

/// The tokens of a text with their ranges: runs of characters that are neither blank nor a
/// separator, and every separator on its own.
fn tokens(text: &str) -> Vec<TextRange> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_blank_char(c) || is_sep(c) {
            if let Some(s) = start.take() {
                out.push(TextRange::new(s, i));
            }
            if is_sep(c) {
                out.push(TextRange::new(i, i + c.len_utf8()));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(TextRange::new(s, text.len()));
    }
    out
}

/// The words of one line as formatting must keep them: its tokens, with the dashes and colons of a
/// Markdown rule cell (whose length formatting adjusts) as one `-`.
fn line_words(line: &str) -> Vec<String> {
    let rule = line.contains("--")
        && line
            .chars()
            .all(|c| is_blank_char(c) || is_sep(c) || c == '-' || c == ':');
    tokens(line)
        .iter()
        .map(|r| r.slice(line))
        .map(|w| {
            if rule && !w.chars().any(is_sep) {
                "-".to_owned()
            } else {
                w.to_owned()
            }
        })
        .collect()
}

/// Applies `edits` to `text` (checking their ranges) and checks that every token no edit touches
/// (overlaps or borders) is in the result at its shifted place, unchanged and still a whole token.
/// Returns the new text.
fn apply_checked(text: &str, edits: &[Edit], what: &str) -> Result<String, TestCaseError> {
    for e in edits {
        prop_assert!(
            e.range.start <= e.range.end && e.range.end <= text.len(),
            "{what}: edit {:?} outside a text of {} bytes",
            e.range,
            text.len()
        );
        prop_assert!(
            text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end),
            "{what}: edit {:?} cuts a character",
            e.range
        );
    }
    let new = apply(text, edits).ok_or_else(|| {
        TestCaseError::fail(format!("{what}: edits overlap or are unsorted: {edits:?}"))
    })?;
    let after: std::collections::HashSet<TextRange> = tokens(&new).into_iter().collect();
    for t in tokens(text) {
        if edits
            .iter()
            .any(|e| t.start <= e.range.end && e.range.start <= t.end)
        {
            continue;
        }
        let shift: isize = edits
            .iter()
            .filter(|e| e.range.end <= t.start)
            .map(|e| e.new_text.len() as isize - e.range.len() as isize)
            .sum();
        let moved = TextRange::new(
            (t.start as isize + shift) as usize,
            (t.end as isize + shift) as usize,
        );
        prop_assert!(
            moved.slice(&new) == t.slice(text) && after.contains(&moved),
            "{what}: the token {:?} at {:?} was changed or merged: now {:?}",
            t.slice(text),
            t,
            new.get(moved.start.saturating_sub(6)..(moved.end + 6).min(new.len()))
                .unwrap_or("?")
        );
    }
    Ok(new)
}

// ---- Diagnostics --------------------------------------------------------------------------------

/// What identifies a diagnostic across an edit: its code and where its data says it is (table, row,
/// column, section, heading), not its values or its byte range.
fn key(d: &Diagnostic) -> String {
    let field = |k: &str| d.data.get(k).map_or(String::new(), |v| v.to_string());
    format!(
        "{}|{}|{}|{}|{}|{}",
        d.code.as_str(),
        field("table"),
        field("row"),
        field("column"),
        field("section"),
        field("heading")
    )
}

fn count(diags: &[Diagnostic], pred: impl Fn(&Diagnostic) -> bool) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for d in diags.iter().filter(|d| pred(d)) {
        *out.entry(key(d)).or_insert(0) += 1;
    }
    out
}

/// The errors of `after` that `before` did not have, by key and count.
fn new_errors(before: &[Diagnostic], after: &[Diagnostic]) -> Vec<String> {
    let was = count(before, |d| d.severity == Severity::Error);
    count(after, |d| d.severity == Severity::Error)
        .into_iter()
        .filter(|(k, n)| *n > was.get(k).copied().unwrap_or(0))
        .map(|(k, _)| k)
        .collect()
}

fn listing(text: &str, a: &Analysis) -> String {
    a.diagnostics
        .iter()
        .map(|d| {
            format!(
                "  {:?} {} [{}] {} {}\n",
                d.severity,
                d.code.as_str(),
                d.range.slice(text).replace('\n', "⏎"),
                d.message(Lang::Zh),
                d.data
            )
        })
        .collect()
}

/// The arithmetic codes.
const SUMS: [&str; 4] = ["row-total", "outcome-total", "balance", "review-total"];

fn is_sum(code: &str) -> bool {
    SUMS.contains(&code)
}

/// The errors a fix adds that are tolerated for now: all of them are listed by code in `added`;
/// what remains is a failure. `arithmetic` says the fix writes a computed total into a table,
/// `fills_empty` that it writes 0 into an empty cell.
///
/// FIXME: a fix must add no error at all. Today two kinds do:
/// - In the arithmetic, a quick fix writes one computed total, and that moves the error to the
///   relations the total takes part in: when the total is right and a term of it is wrong (the fix
///   that is not preferred), and also when the preferred fix is one step of a repair that changes
///   several totals. "Fix all totals" adds a balance error when the carried-over cell it would have
///   to change would become negative. See `arithmetic_fixes_trade_one_error_for_another`.
/// - A total fixed in a table no longer agrees with the narrative figure that quoted the wrong
///   total (`narrative-mismatch`): the fix changes the cell but not the sentence. (The generator
///   writes its prose from the planted values, so its prose always quotes the wrong figure.)
fn tolerated(added: &[String], arithmetic: bool, fills_empty: bool) -> Vec<String> {
    added
        .iter()
        .filter(|k| {
            let code = k.split('|').next().unwrap_or("");
            // An empty cell restates nothing (and counts as 0 in sums): once it holds 0, a
            // narrative figure that restates it is compared with it, and may not match. The fix
            // reveals that mismatch; it does not make it.
            !(arithmetic && (is_sum(code) || code == "narrative-mismatch"))
                && !(fills_empty && code == "narrative-mismatch")
        })
        .cloned()
        .collect()
}

/// Checks every fix of every diagnostic of `text`, and the code actions at each diagnostic.
fn check_fixes(text: &str, opts: &ParseOptions) -> Result<(), TestCaseError> {
    let a = analyze(text, opts);
    let snap = Snapshot {
        text,
        analysis: &a,
        lang: Lang::Zh,
    };
    for (i, d) in a.diagnostics.iter().enumerate() {
        let actions = code_actions(&snap, d.range);
        for fix in &d.fixes {
            let what = format!(
                "fix {:?} of {} at {:?}",
                fix.kind,
                d.code.as_str(),
                d.range.slice(text)
            );
            let new = apply_checked(text, &fix.edits, &what)?;
            match &fix.kind {
                FixKind::ReplaceValue { .. }
                | FixKind::Repair { .. }
                | FixKind::Alternative { .. }
                | FixKind::FillZero
                | FixKind::FillBlanks
                | FixKind::ReplaceCell { .. }
                | FixKind::ReadAs { .. } => {
                    for e in &fix.edits {
                        let old = e.range.slice(text);
                        prop_assert!(
                            !old.contains(['|', '｜', '\t', '\n', '\r']),
                            "{what}: replaces more than a cell: {old:?}"
                        );
                        let v = e.new_text.trim_matches(is_blank_char);
                        prop_assert!(
                            v.parse::<f64>().is_ok(),
                            "{what}: writes {:?}, not a number",
                            e.new_text
                        );
                    }
                }
                FixKind::ReplaceLabel { canonical } => {
                    prop_assert!(
                        fix.edits
                            .iter()
                            .all(|e| e.new_text.contains(canonical.as_str())),
                        "{what}: {:?}",
                        fix.edits
                    );
                }
                FixKind::InsertHeading { heading } => {
                    for e in &fix.edits {
                        prop_assert!(
                            e.range.is_empty() && e.new_text.contains(heading.as_str()),
                            "{what}: {e:?}"
                        );
                        let at_line_start =
                            e.range.start == 0 || text[..e.range.start].ends_with(['\n', '\r']);
                        prop_assert!(
                            at_line_start || e.new_text.starts_with(['\n', '\r']),
                            "{what}: inserted inside a line: {e:?}"
                        );
                    }
                }
                FixKind::InsertText { .. } => {}
            }
            let after = analyze(&new, opts);
            let before_n = count(&a.diagnostics, |x| x.code == d.code)
                .get(&key(d))
                .copied()
                .unwrap_or(0);
            let after_n = count(&after.diagnostics, |x| x.code == d.code)
                .get(&key(d))
                .copied()
                .unwrap_or(0);
            prop_assert!(
                after_n < before_n,
                "{what}: the diagnostic ({}) is still there\nbefore:\n{}after:\n{}",
                key(d),
                listing(text, &a),
                listing(&new, &after)
            );
            // A computed value written into a cell (a wrong total, or a blank one) may reveal
            // another sum of the same numbers that does not hold.
            let arithmetic = matches!(
                fix.kind,
                FixKind::ReplaceValue { .. }
                    | FixKind::Repair { .. }
                    | FixKind::Alternative { .. }
                    | FixKind::FillBlanks
            ) && (is_sum(d.code.as_str()) || d.code.as_str() == "empty-cell");
            let fills_empty = matches!(fix.kind, FixKind::FillZero | FixKind::FillBlanks);
            let added = tolerated(
                &new_errors(&a.diagnostics, &after.diagnostics),
                arithmetic,
                fills_empty,
            );
            prop_assert!(
                added.is_empty(),
                "{what}: new errors {added:?}\nbefore:\n{}after:\n{}",
                listing(text, &a),
                listing(&new, &after)
            );
        }
        // The other actions offered at the diagnostic: "fix all totals" and the conversion.
        for act in actions.iter().filter(|x| x.kind != ActionKind::QuickFix) {
            let what = format!(
                "action {:?} “{}” at {} #{i}",
                act.kind,
                act.title,
                d.code.as_str()
            );
            let new = apply_checked(text, &act.edits, &what)?;
            let after = analyze(&new, opts);
            for &fixed in &act.diagnostics {
                let k = key(&a.diagnostics[fixed]);
                let code = a.diagnostics[fixed].code;
                let before_n = count(&a.diagnostics, |x| x.code == code)
                    .get(&k)
                    .copied()
                    .unwrap_or(0);
                let after_n = count(&after.diagnostics, |x| x.code == code)
                    .get(&k)
                    .copied()
                    .unwrap_or(0);
                prop_assert!(
                    after_n < before_n,
                    "{what}: {k} is still there\nafter:\n{}",
                    listing(&new, &after)
                );
            }
            let fix_all = act.kind == ActionKind::SourceFixAll;
            let added = tolerated(
                &new_errors(&a.diagnostics, &after.diagnostics),
                fix_all,
                false,
            );
            prop_assert!(
                added.is_empty(),
                "{what}: new errors {added:?}\nbefore:\n{}after:\n{}",
                listing(text, &a),
                listing(&new, &after)
            );
            if fix_all {
                // Only total cells change: every edit replaces exactly one cell of a table.
                for e in &act.edits {
                    let on_cell = a.report.tables.iter().any(|t| {
                        t.rows
                            .iter()
                            .any(|r| r.cells.iter().any(|c| c.range == e.range))
                    });
                    prop_assert!(on_cell, "{what}: the edit {e:?} is not on a cell");
                }
            }
        }
    }
    Ok(())
}

/// Checks formatting: only blanks change, the lines stay, the diagnostics stay (codes, data and
/// messages), and formatting again changes nothing more.
fn check_format(text: &str, opts: &ParseOptions) -> Result<(), TestCaseError> {
    let a = analyze(text, opts);
    let edits = format_tables(&Snapshot {
        text,
        analysis: &a,
        lang: Lang::Zh,
    });
    let new = apply(text, &edits).ok_or_else(|| TestCaseError::fail("formatting edits overlap"))?;
    for e in &edits {
        prop_assert!(
            text.is_char_boundary(e.range.start) && text.is_char_boundary(e.range.end),
            "formatting edit {:?} cuts a character",
            e.range
        );
    }
    prop_assert_eq!(
        text.lines().count(),
        new.lines().count(),
        "formatting changed the lines"
    );
    for (n, (before, after)) in text.lines().zip(new.lines()).enumerate() {
        prop_assert_eq!(
            line_words(before),
            line_words(after),
            "formatting changed more than blanks on line {}: {:?} → {:?}",
            n + 1,
            before,
            after
        );
    }
    let after = analyze(&new, opts);
    let shown = |a: &Analysis| -> Vec<String> {
        let mut v: Vec<String> = a
            .diagnostics
            .iter()
            .map(|d| format!("{} {} {}", fingerprint(d), d.message(Lang::Zh), d.data))
            .collect();
        v.sort();
        v
    };
    prop_assert_eq!(
        shown(&a),
        shown(&after),
        "formatting changed the diagnostics\n{}",
        new
    );
    let again = format_tables(&Snapshot {
        text: &new,
        analysis: &after,
        lang: Lang::Zh,
    });
    prop_assert!(
        again.is_empty(),
        "formatting twice changes more: {:?}",
        again
    );
    Ok(())
}

/// The cursor offsets completion is tried at: the start and end of every line, and the middle of
/// every row label.
fn cursors(text: &str, a: &Analysis) -> Vec<usize> {
    let mut out = vec![0, text.len()];
    for (i, c) in text.char_indices() {
        if c == '\n' || c == '\r' {
            out.push(i);
            out.push(i + 1);
        }
    }
    for t in &a.report.tables {
        for r in &t.rows {
            if let Some(l) = r.label {
                let mid = l
                    .range
                    .slice(text)
                    .char_indices()
                    .nth(2)
                    .map_or(l.range.end, |(i, _)| l.range.start + i);
                out.push(mid);
            }
        }
    }
    out.retain(|&o| o <= text.len() && text.is_char_boundary(o));
    out.sort_unstable();
    out.dedup();
    out
}

/// A snippet as a client that cannot expand snippets inserts it: tab stops and placeholders leave
/// their text (`${1:0}` → `0`, `$0` → nothing).
fn plain(snippet: &str) -> String {
    let mut out = String::new();
    let mut chars = snippet.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some(_)) => out.push(chars.next().unwrap_or('\\')),
            ('$', Some(d)) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
            }
            ('$', Some('{')) => {
                chars.next();
                while chars.peek().is_some_and(|d| d.is_ascii_digit()) {
                    chars.next();
                }
                if chars.peek() == Some(&':') {
                    chars.next();
                }
            }
            ('}', _) => {}
            _ => out.push(c),
        }
    }
    out
}

/// Checks the completion items at every cursor: each replaces only the typed word before the cursor
/// on its line, and inserting it keeps every other token.
fn check_completion(text: &str, opts: &ParseOptions, limit: usize) -> Result<(), TestCaseError> {
    let a = analyze(text, opts);
    let snap = Snapshot {
        text,
        analysis: &a,
        lang: Lang::Zh,
    };
    let all = cursors(text, &a);
    let step = (all.len() / limit.max(1)).max(1);
    for &at in all.iter().step_by(step) {
        let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        for item in completions(&snap, at) {
            let what = format!("completion {:?} “{}” at {at}", item.kind, item.label);
            prop_assert!(
                item.replace.end == at && item.replace.start >= line_start,
                "{what}: replaces {:?}",
                item.replace
            );
            let typed = item.replace.slice(text);
            prop_assert!(
                !typed.contains(['|', '｜', '\t']),
                "{what}: replaces a separator in {typed:?}"
            );
            let insert = if item.is_snippet {
                plain(&item.insert_text)
            } else {
                item.insert_text.clone()
            };
            if item.kind == CompletionKind::RowLabel {
                prop_assert!(
                    insert.contains(item.label.as_str()),
                    "{what}: inserts {insert:?}"
                );
            }
            apply_checked(
                text,
                &[Edit {
                    range: item.replace,
                    new_text: insert,
                }],
                &what,
            )?;
        }
    }
    Ok(())
}

fn check_all(
    text: &str,
    opts: &ParseOptions,
    completion_cursors: usize,
) -> Result<(), TestCaseError> {
    check_fixes(text, opts)?;
    check_format(text, opts)?;
    check_completion(text, opts, completion_cursors)
}

// ---- The properties -----------------------------------------------------------------------------

/// Cases per property (or `NIANBAO_GEN_CASES`), without failure files in the source tree.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("NIANBAO_GEN_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

#[test]
fn the_edits_proposed_on_the_seeds_keep_the_rest_of_the_text() {
    for (i, text) in seeds().iter().enumerate() {
        for (crlf, t) in [(false, text.clone()), (true, roughen(text, true))] {
            let r = check_all(&t, &ParseOptions::default(), 60);
            assert!(r.is_ok(), "seed {i} (crlf {crlf}): {r:?}");
        }
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Generated reports in every layout and both formats, each with one planted error that comes
    /// with a fix (or calls for the table 二 conversion).
    #[test]
    fn the_edits_proposed_on_generated_reports_keep_the_rest_of_the_text(
        spec_seed in any::<u64>(), style_seed in any::<u64>(), pick in any::<u64>(), lay in any::<u64>(), f in any::<bool>(), rough in any::<bool>(),
    ) {
        let format = if f { Format::F2021 } else { Format::F2019 };
        let mut spec = ReportSpec::consistent(format, year_for(format, pick), spec_seed);
        let plant = plant_with_fix(&spec, pick);
        spec.plant(plant);
        let layout = Layout::ALL[(lay % Layout::ALL.len() as u64) as usize];
        let mut text = render(&spec, layout, &Style::varied(style_seed));
        if rough {
            text = roughen(&text, lay % 2 == 0);
        }
        check_all(&text, &ParseOptions::default(), 12)?;
    }

    /// Two planted errors at once, so that fixes meet other errors (a wrong total next to an empty
    /// cell, a typo in a table whose total is off).
    #[test]
    fn the_edits_proposed_with_several_errors_keep_the_rest_of_the_text(
        spec_seed in any::<u64>(), style_seed in any::<u64>(), picks in (any::<u64>(), any::<u64>()), lay in any::<u64>(), f in any::<bool>(),
    ) {
        let format = if f { Format::F2021 } else { Format::F2019 };
        let mut spec = ReportSpec::consistent(format, year_for(format, picks.0), spec_seed);
        let (a, b) = (plant_with_fix(&spec, picks.0), plant_with_fix(&spec, picks.1));
        spec.plant(a);
        spec.plant(b);
        let layout = Layout::ALL[(lay % Layout::ALL.len() as u64) as usize];
        let text = render(&spec, layout, &Style::varied(style_seed));
        check_fixes(&text, &ParseOptions::default())?;
    }
}

// ---- Known faults, pinned down ------------------------------------------------------------------

/// A small 2021 report whose table 三 adds up.
const SMALL: &str = "某局2021年政府信息公开工作年度报告
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |
一、本年新收政府信息公开申请数量 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
二、上年结转政府信息公开申请数量 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
三、本年度办理结果 |
（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |
（三）不予公开 |
1.属于国家秘密 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |
四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |
";

const GRANTED: &str = "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 3 |";

/// The arithmetic errors of a text, as `code row·column`, sorted.
fn arithmetic_errors(text: &str) -> Vec<String> {
    let mut out: Vec<String> = analyze(text, &ParseOptions::default())
        .diagnostics
        .iter()
        .filter(|d| is_sum(d.code.as_str()))
        .map(|d| {
            format!(
                "{} {}·{}",
                d.code.as_str(),
                d.data["row"].as_str().unwrap_or(""),
                d.data["column"].as_str().unwrap_or("")
            )
        })
        .collect();
    out.sort();
    out
}

/// One wrong number, in a total or in a term: one error, on that cell, and its fix (and "fix all
/// totals") leaves no arithmetic error.
#[test]
fn the_wrong_cell_is_reported_and_its_fix_removes_every_error() {
    assert!(arithmetic_errors(SMALL).is_empty());
    let fix_of = |text: &str| -> Vec<Edit> {
        let a = analyze(text, &ParseOptions::default());
        let sums: Vec<&Diagnostic> = a
            .diagnostics
            .iter()
            .filter(|d| is_sum(d.code.as_str()))
            .collect();
        assert_eq!(sums.len(), 1, "{sums:?}");
        sums[0].fixes[0].edits.clone()
    };
    let fix_all = |text: &str| -> Vec<Edit> {
        let a = analyze(text, &ParseOptions::default());
        code_actions(
            &Snapshot {
                text,
                analysis: &a,
                lang: Lang::Zh,
            },
            TextRange::new(0, text.len()),
        )
        .into_iter()
        .find(|x| x.kind == ActionKind::SourceFixAll)
        .expect("fix all totals is offered")
        .edits
    };
    // （一）予以公开·总计 written 5 instead of 3.
    let text = SMALL.replacen(GRANTED, "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 0 | 5 |", 1);
    assert_eq!(arithmetic_errors(&text), ["row-total granted·total"]);
    assert_eq!(apply(&text, &fix_of(&text)).unwrap(), SMALL);
    assert_eq!(apply(&text, &fix_all(&text)).unwrap(), SMALL);
    // （一）予以公开·自然人 written 4 instead of 2: a term, not a total.
    let text = SMALL.replacen(GRANTED, "（一）予以公开 | 4 | 1 | 0 | 0 | 0 | 0 | 3 |", 1);
    assert_eq!(arithmetic_errors(&text), ["row-total granted·natural"]);
    assert_eq!(apply(&text, &fix_of(&text)).unwrap(), SMALL);
    assert_eq!(apply(&text, &fix_all(&text)).unwrap(), SMALL);
}

/// A balance whose fix would write a negative count into its cell gets no fix: the counts that are
/// wrong are the others. (Found by the property test above with more cases: the fix traded the
/// balance error for an invalid number.)
#[test]
fn a_balance_fix_that_would_write_a_negative_count_is_not_proposed() {
    // 其他: nothing received or carried in, 2 handled and 1 carried over: 七总计 would have to be −1.
    let text = SMALL
        .replacen(GRANTED, "（一）予以公开 | 2 | 1 | 0 | 0 | 0 | 2 | 5 |", 1)
        .replacen(
            "（七）总计 | 3 | 1 | 0 | 0 | 0 | 0 | 4 |",
            "（七）总计 | 3 | 1 | 0 | 0 | 0 | 2 | 6 |",
            1,
        )
        .replacen(
            "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
            "四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 1 | 2 |",
            1,
        );
    let a = analyze(&text, &ParseOptions::default());
    let balances: Vec<(&str, Vec<&str>)> = a
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "balance")
        .map(|d| {
            (
                d.range.slice(&text),
                d.fixes
                    .iter()
                    .flat_map(|f| f.edits.iter().map(|e| e.new_text.as_str()))
                    .collect(),
            )
        })
        .collect();
    // Neither balance is fixed on its own cell (七总计·其他 would be −1): both name the two equally
    // small repairs, 一 or 二 raised by 3 in the 其他 and 总计 columns, and offer them, no count below 0.
    assert_eq!(
        balances,
        [
            ("2", vec!["3", "7", "3", "4"]),
            ("6", vec!["3", "7", "3", "4"])
        ]
    );
}

/// Formatting changes only blanks and is idempotent. A block whose alignment would move again on
/// the next run — an empty cell of a Markdown rule line (filled with dashes but measured as empty),
/// a rule line's empty first cell when another line has text before its first separator, a row
/// broken inside a cell (found by the fuzzer) — is left as it is. FIXME: such blocks should be
/// aligned too (measure a filled rule cell as filled, keep a rule's cells).
#[test]
fn formatting_leaves_blocks_that_would_not_stay_aligned() {
    let format = |t: &str| -> String {
        let a = analyze(t, &ParseOptions::default());
        apply(
            t,
            &format_tables(&Snapshot {
                text: t,
                analysis: &a,
                lang: Lang::Zh,
            }),
        )
        .unwrap()
    };
    for text in ["|--||\n|容|x", "|a|b|\n|---|---|\nx|1|2|\n", "|信息内容|本年新制作数\r\n量|本年新公开数量|对外公开总数量|\n|---|---|---|\n|规章|0|0|0|\n"] {
        assert_eq!(format(text), text);
    }
    // A block that stays aligned is aligned, once.
    let text = "|a|b|\n|---|---|\n|x|1|\n";
    let once = format(text);
    assert_eq!(once, "| a   | b   |\n|-----|-----|\n| x   | 1   |\n");
    assert_eq!(format(&once), once);
}
