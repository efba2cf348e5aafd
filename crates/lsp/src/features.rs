//! Translation of the core's editor features to the protocol: completion, hover, inlay hints,
//! document symbols, folding ranges and formatting. Each function takes an analysed snapshot and a
//! request's positions, calls the core feature function on it and converts the plain result (byte
//! offsets) to protocol types in the negotiated encoding. No analysis logic lives here.

use nianbao_core::features::{completion, format, hints, hover, outline};
use tower_lsp_server::ls_types::{
    self as lsp, CompletionItemKind, CompletionTextEdit, DocumentSymbolResponse, Documentation,
    FoldingRangeKind, HoverContents, InlayHintLabel, InlayHintTooltip, InsertTextFormat,
    MarkupContent, MarkupKind, SymbolKind, TextEdit,
};

use crate::analysis::Analysed;
use crate::capabilities::ClientFeatures;

pub fn completion(
    a: &Analysed,
    pos: lsp::Position,
    client: ClientFeatures,
) -> Vec<lsp::CompletionItem> {
    let conv = a.conv();
    let offset = conv.offset(pos);
    let Some(view) = a.view_at(offset) else {
        return Vec::new();
    };
    completion::completions(&view.snapshot(a.lang), offset)
        .into_iter()
        .map(|item| {
            let snippet = item.is_snippet && client.snippets;
            let new_text = if item.is_snippet && !client.snippets {
                snippet_to_plain(&item.insert_text)
            } else {
                item.insert_text
            };
            lsp::CompletionItem {
                label: item.label,
                kind: Some(match item.kind {
                    completion::CompletionKind::RowLabel => CompletionItemKind::FIELD,
                    completion::CompletionKind::Heading => CompletionItemKind::MODULE,
                    completion::CompletionKind::ColumnHeader => CompletionItemKind::PROPERTY,
                    completion::CompletionKind::TableSnippet => CompletionItemKind::SNIPPET,
                }),
                detail: (!item.detail.is_empty()).then_some(item.detail),
                documentation: item.documentation.map(|value| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value,
                    })
                }),
                filter_text: Some(item.filter_text),
                sort_text: Some(item.sort_text),
                insert_text_format: Some(if snippet {
                    InsertTextFormat::SNIPPET
                } else {
                    InsertTextFormat::PLAIN_TEXT
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: conv.range(item.replace),
                    new_text,
                })),
                ..Default::default()
            }
        })
        .collect()
}

/// The text a snippet inserts when the client cannot expand snippets: tab stops vanish,
/// placeholders and choices leave their (first) text, escapes are resolved.
pub fn snippet_to_plain(snippet: &str) -> String {
    fn body(chars: &[char], mut i: usize, out: &mut String, nested: bool) -> usize {
        while i < chars.len() {
            match chars[i] {
                '\\' if i + 1 < chars.len()
                    && matches!(chars[i + 1], '$' | '}' | '\\' | ',' | '|') =>
                {
                    out.push(chars[i + 1]);
                    i += 2;
                }
                '}' if nested => return i + 1,
                '$' if i + 1 < chars.len() && chars[i + 1].is_ascii_digit() => {
                    i += 1;
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                }
                '$' if i + 1 < chars.len() && chars[i + 1] == '{' => {
                    let mut j = i + 2;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    match chars.get(j) {
                        Some(':') => i = body(chars, j + 1, out, true),
                        Some('|') => {
                            // A choice: keep the first option and skip to the closing `|}`.
                            let mut k = j + 1;
                            while k < chars.len() && chars[k] != ',' && chars[k] != '|' {
                                if chars[k] == '\\' && k + 1 < chars.len() {
                                    k += 1;
                                }
                                out.push(chars[k]);
                                k += 1;
                            }
                            while k < chars.len() && !(chars[k] == '}' && chars[k - 1] == '|') {
                                k += 1;
                            }
                            i = k + 1;
                        }
                        Some('}') => i = j + 1,
                        _ => {
                            out.push('$');
                            i += 1;
                        }
                    }
                }
                c => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        i
    }
    let chars: Vec<char> = snippet.chars().collect();
    let mut out = String::with_capacity(snippet.len());
    body(&chars, 0, &mut out, false);
    out
}

pub fn hover(a: &Analysed, pos: lsp::Position, client: ClientFeatures) -> Option<lsp::Hover> {
    let conv = a.conv();
    let offset = conv.offset(pos);
    let h = hover::hover(&a.view_at(offset)?.snapshot(a.lang), offset)?;
    let kind = if client.markdown_hover {
        MarkupKind::Markdown
    } else {
        MarkupKind::PlainText
    };
    Some(lsp::Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind,
            value: h.markdown,
        }),
        range: Some(conv.range(h.range)),
    })
}

pub fn inlay_hints(a: &Analysed, range: lsp::Range) -> Vec<lsp::InlayHint> {
    let conv = a.conv();
    let range = conv.text_range(range);
    a.views(Some(range))
        .iter()
        .flat_map(|view| hints::inlay_hints(&view.snapshot(a.lang), range))
        .map(|h| lsp::InlayHint {
            position: conv.position(h.offset),
            label: InlayHintLabel::String(h.label),
            kind: None,
            text_edits: None,
            tooltip: h.tooltip.map(InlayHintTooltip::String),
            padding_left: Some(true),
            padding_right: None,
            data: None,
        })
        .collect()
}

pub fn document_symbols(
    a: &Analysed,
    uri: &lsp::Uri,
    client: ClientFeatures,
) -> DocumentSymbolResponse {
    let conv = a.conv();
    let symbols: Vec<outline::Symbol> = a
        .views(None)
        .iter()
        .flat_map(|view| outline::symbols(&view.snapshot(a.lang)))
        .collect();
    fn kind(k: outline::SymbolKind) -> SymbolKind {
        match k {
            outline::SymbolKind::Section => SymbolKind::NAMESPACE,
            outline::SymbolKind::Table => SymbolKind::STRUCT,
        }
    }
    if client.hierarchical_symbols {
        fn nested(
            s: outline::Symbol,
            conv: &crate::position::Converter<'_>,
        ) -> lsp::DocumentSymbol {
            let range = conv.range(s.range);
            let mut selection_range = conv.range(s.selection);
            // The protocol requires the selection to lie inside the range.
            if selection_range.start < range.start || selection_range.end > range.end {
                selection_range = lsp::Range {
                    start: range.start,
                    end: range.start,
                };
            }
            #[allow(deprecated)]
            lsp::DocumentSymbol {
                name: if s.name.is_empty() {
                    "?".to_owned()
                } else {
                    s.name
                },
                detail: s.detail,
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                range,
                selection_range,
                children: Some(s.children.into_iter().map(|c| nested(c, conv)).collect()),
            }
        }
        DocumentSymbolResponse::Nested(symbols.into_iter().map(|s| nested(s, &conv)).collect())
    } else {
        fn flat(
            s: outline::Symbol,
            container: Option<&str>,
            uri: &lsp::Uri,
            conv: &crate::position::Converter<'_>,
            out: &mut Vec<lsp::SymbolInformation>,
        ) {
            #[allow(deprecated)]
            out.push(lsp::SymbolInformation {
                name: s.name.clone(),
                kind: kind(s.kind),
                tags: None,
                deprecated: None,
                location: lsp::Location {
                    uri: uri.clone(),
                    range: conv.range(s.range),
                },
                container_name: container.map(str::to_owned),
            });
            for c in s.children {
                flat(c, Some(&s.name), uri, conv, out);
            }
        }
        let mut out = Vec::new();
        for s in symbols {
            flat(s, None, uri, &conv, &mut out);
        }
        DocumentSymbolResponse::Flat(out)
    }
}

pub fn folding_ranges(a: &Analysed) -> Vec<lsp::FoldingRange> {
    let conv = a.conv();
    a.views(None)
        .iter()
        .flat_map(|view| outline::folding_ranges(&view.snapshot(a.lang)))
        .filter_map(|f| {
            let start_line = conv.line(f.range.start);
            // A range that ends at the start of a line (after a line break) folds up to the line
            // before.
            let last = if f.range.end > f.range.start {
                f.range.end - 1
            } else {
                f.range.end
            };
            let end_line = conv.line(last);
            (end_line > start_line).then(|| lsp::FoldingRange {
                start_line,
                end_line,
                kind: Some(FoldingRangeKind::Region),
                ..Default::default()
            })
        })
        .collect()
}

/// The formatting edits of a version; `client_text` is the client's text of that version, whose
/// characters the edits keep (the analysed text has its traditional characters folded).
pub fn formatting(a: &Analysed, client_text: Option<&ropey::Rope>) -> Vec<TextEdit> {
    let conv = a.conv();
    a.views(None)
        .iter()
        .flat_map(|view| format::format_tables(&view.snapshot(a.lang)))
        .map(|e| {
            let folded = e.range.slice(a.text());
            let own = client_text
                .and_then(|r| r.get_byte_slice(e.range.start..e.range.end))
                .map(String::from);
            let new_text = match own {
                Some(own) if own != folded => unfolded(&e.new_text, folded, &own),
                _ => e.new_text,
            };
            TextEdit {
                range: conv.range(e.range),
                new_text,
            }
        })
        .collect()
}

/// `new`, a line of `folded` formatted, with the characters of `own` (the client's line, of which
/// `folded` is the simplified form) put back. Formatting moves only blanks and rule dashes, so the
/// other characters of `new` are those of `folded` in the same order; `new` is returned as it is
/// when the two cannot be lined up.
fn unfolded(new: &str, folded: &str, own: &str) -> String {
    let mut out = String::with_capacity(new.len());
    let mut old = folded.chars().zip(own.chars()).peekable();
    for c in new.chars() {
        // Skip what formatting dropped (blanks, dashes) up to the character `c` stands for.
        while let Some(&(f, _)) = old.peek() {
            if f == c || !(nianbao_core::text::is_blank_char(f) || f == '-') {
                break;
            }
            old.next();
        }
        match old.peek() {
            Some(&(f, o)) if f == c => {
                out.push(o);
                old.next();
            }
            _ => out.push(c),
        }
    }
    if nianbao_core::text::to_simplified(&out) == new {
        out
    } else {
        new.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_keeps_the_clients_traditional_characters() {
        let own = "(七)總計|5 |  2|0";
        let folded = "(七)总计|5 |  2|0";
        assert_eq!(
            unfolded("(七)总计 | 5 | 2 | 0", folded, own),
            "(七)總計 | 5 | 2 | 0"
        );
        assert_eq!(unfolded("| --- |总计", "|-|总计", "|-|總計"), "| --- |總計");
        // Lines that cannot be lined up are left as formatted.
        assert_eq!(unfolded("其他", folded, own), "其他");
    }

    #[test]
    fn snippets_become_plain_text() {
        assert_eq!(
            snippet_to_plain("（七）总计 | ${1:0} | $2 |$0"),
            "（七）总计 | 0 |  |"
        );
        assert_eq!(
            snippet_to_plain("a ${1:x ${2:y}} \\$5 ${3|甲,乙|} ${4}end"),
            "a x y $5 甲 end"
        );
        assert_eq!(snippet_to_plain("cost $ 5"), "cost $ 5");
    }
}
