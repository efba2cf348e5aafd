//! Diagnostics: their conversion to the protocol, and the per-document worker that publishes them.
//!
//! Each open document has a worker task, woken through a `watch` channel by every edit (and by
//! settings changes). Woken, it waits for `diagnostics.delayMs` if set, takes the document's newest
//! version, analyses it (see `analysis.rs`) and publishes the result only if that version is still
//! the newest. Edits that arrive while it analyses only mark the channel changed again, so they are
//! coalesced into the next round. Publications of one URI go through its gate in order, and each
//! checks under the state lock that it is current, so a result for an older version is never
//! published after a newer one.

use std::sync::Arc;
use std::time::Duration;

use nianbao_core::{Diagnostic, Lang, Severity};
use serde_json::{json, Map, Value};
use tokio::sync::watch;
use tower_lsp_server::ls_types::{self as lsp, DiagnosticSeverity, NumberOrString};

use crate::analysis::Analysed;
use crate::log::log;
use crate::position::Converter;
use crate::state::Shared;

/// The `source` of every diagnostic.
pub const SOURCE: &str = "nianbao";

/// Converts one diagnostic: range in the negotiated encoding, message in `lang`, and `data` holding
/// the core's data plus the fixes as protocol text edits (`{"fixes": [{"title", "edits": [{range,
/// newText}]}]}`), and the places related to it (the table cell a narrative figure contradicts,
/// each blank cell of a table with many) in the document `uri`, each with its note in `lang`.
pub fn to_lsp(d: &Diagnostic, conv: &Converter<'_>, lang: Lang, uri: &lsp::Uri) -> lsp::Diagnostic {
    let mut data = match &d.data {
        Value::Object(map) => map.clone(),
        Value::Null => Map::new(),
        other => {
            let mut m = Map::new();
            m.insert("value".to_owned(), other.clone());
            m
        }
    };
    if !d.fixes.is_empty() {
        let fixes = d
            .fixes
            .iter()
            .map(|fix| {
                json!({
                    "title": fix.title(lang),
                    "edits": fix.edits.iter().map(|e| json!({
                        "range": conv.range(e.range),
                        "newText": e.new_text,
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        data.insert("fixes".to_owned(), Value::Array(fixes));
    }
    lsp::Diagnostic {
        range: conv.range(d.range),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        code_description: None,
        source: Some(SOURCE.to_owned()),
        message: d.message(lang),
        related_information: (!d.related.is_empty()).then(|| {
            d.related
                .iter()
                .map(|(range, zh, en)| lsp::DiagnosticRelatedInformation {
                    location: lsp::Location {
                        uri: uri.clone(),
                        range: conv.range(*range),
                    },
                    message: match lang {
                        Lang::Zh => zh.clone(),
                        Lang::En => en.clone(),
                    },
                })
                .collect()
        }),
        tags: None,
        data: Some(Value::Object(data)),
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Information => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// The worker of one open document; it ends when the document is closed (its wake sender dropped).
pub(crate) async fn worker(shared: Arc<Shared>, key: String, mut wake: watch::Receiver<()>) {
    log!(Debug, "diagnostics worker for {key} started");
    // Whether an edit woke the worker while it waited for a large document to rest.
    let mut woken = false;
    loop {
        if !woken && wake.changed().await.is_err() {
            break;
        }
        woken = false;
        let delay = shared.state().config.settings.diagnostics_delay_ms;
        if delay > 0 {
            tokio::time::sleep(Duration::from_millis(delay)).await;
        }
        // Everything that arrived until now is in the text about to be captured.
        wake.borrow_and_update();
        let large = match shared.analysed(&key).await {
            Ok(Some(analysed)) => {
                shared.publish(&key, &analysed).await;
                analysed.text().len() > crate::analysis::LARGE
            }
            Ok(None) => break,
            // The failure has been logged and reported; the next edit tries again.
            Err(_) => false,
        };
        if large {
            // A large document that rests hands the memory its analyses freed back to the system.
            tokio::select! {
                changed = wake.changed() => match changed {
                    Ok(()) => woken = true,
                    Err(_) => break,
                },
                () = tokio::time::sleep(crate::memory::REST) => {
                    if let Some(doc) = shared.state().docs.get_mut(&key) {
                        doc.spare = None;
                    }
                    let _ = tokio::task::spawn_blocking(crate::memory::release).await;
                }
            }
        }
    }
    log!(Debug, "diagnostics worker for {key} stopped");
}

impl Shared {
    /// Publishes the diagnostics of `analysed` if it is still the document's newest version,
    /// analysed with the settings in force, and not published yet.
    pub(crate) async fn publish(&self, key: &str, analysed: &Arc<Analysed>) {
        let gate = self.gate(key);
        let _gate = gate.lock().await;
        let uri = {
            let mut st = self.state();
            let gen = st.config.gen;
            let Some(doc) = st.docs.get_mut(key) else {
                return;
            };
            if doc.seq != analysed.seq || gen != analysed.settings_gen {
                log!(
                    Trace,
                    "not publishing {key} version {}: a newer one is on its way",
                    analysed.version
                );
                return;
            }
            if doc.published == Some((analysed.seq, gen)) {
                return;
            }
            doc.published = Some((analysed.seq, gen));
            doc.uri.clone()
        };
        log!(
            Debug,
            "publishing {} diagnostics for {key} version {}",
            analysed.diagnostics.len(),
            analysed.version
        );
        self.client
            .publish_diagnostics(uri, analysed.diagnostics.clone(), Some(analysed.version))
            .await;
    }

    /// Clears the diagnostics of a closed document, unless it was opened again meanwhile.
    pub(crate) async fn clear(&self, key: &str, uri: lsp::Uri) {
        let gate = self.gate(key);
        let _gate = gate.lock().await;
        if self.state().docs.contains_key(key) {
            return;
        }
        self.client.publish_diagnostics(uri, Vec::new(), None).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nianbao_core::text::{LineIndex, PositionEncoding};
    use nianbao_core::{analyze, ParseOptions};

    #[test]
    fn a_diagnostic_carries_code_source_data_and_fixes() {
        let text = "某某局2021年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第(六)项 |\n信息内容 | 本年处理决定数量 |\n政处罚 | 2 |\n";
        let a = analyze(text, &ParseOptions::default());
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "label-typo")
            .expect("a label typo");
        let index = LineIndex::new(text);
        let conv = Converter::new(text, &index, PositionEncoding::Utf16);
        let uri: lsp::Uri = "file:///r.txt".parse().unwrap();
        let l = to_lsp(d, &conv, Lang::En, &uri);
        assert_eq!(l.related_information, None);
        assert_eq!(l.code, Some(NumberOrString::String("label-typo".into())));
        assert_eq!(l.source.as_deref(), Some("nianbao"));
        assert_eq!(l.range.start, lsp::Position::new(4, 0));
        assert_eq!(l.range.end, lsp::Position::new(4, 3));
        let data = l.data.unwrap();
        assert_eq!(data["canonical"], "行政处罚");
        assert_eq!(data["fixes"][0]["edits"][0]["newText"], "行政处罚");
        assert_eq!(data["fixes"][0]["edits"][0]["range"]["end"]["character"], 3);
    }

    #[test]
    fn the_blank_cells_of_a_table_with_many_are_its_related_places() {
        let head = "某某局2021年政府信息公开工作年度报告\n四、政府信息公开行政复议、行政诉讼情况\n行政复议 | 行政诉讼 |\n";
        let cols: Vec<&str> = nianbao_core::catalog::T4_COLUMNS
            .iter()
            .map(|c| c.label)
            .collect();
        let text = format!(
            "{head}{} |\n1 |  |  |  |  | 1 |  |  |  |  |  |  |  |  | 1 |\n",
            cols.join(" | ")
        );
        let a = analyze(&text, &ParseOptions::default());
        let d = a
            .diagnostics
            .iter()
            .find(|d| d.code.as_str() == "empty-cell")
            .expect("the blank cells");
        let index = LineIndex::new(&text);
        let conv = Converter::new(&text, &index, PositionEncoding::Utf16);
        let uri: lsp::Uri = "file:///r.txt".parse().unwrap();
        let l = to_lsp(d, &conv, Lang::Zh, &uri);
        assert_eq!(
            l.message,
            "表四有 12 个单元格空白，其中 2 个合计可按勾稽关系算出，其余按 0 计算"
        );
        let related = l.related_information.expect("related places");
        assert_eq!(related.len(), 12);
        assert_eq!(related[0].message, "行政复议·结果纠正");
        assert_eq!(related[0].location.uri, uri);
        // On the line of values, on the blank after the first value (`1 |  |`: characters 3 to 5).
        assert_eq!(related[0].location.range.start, lsp::Position::new(4, 3));
        assert_eq!(related[0].location.range.end, lsp::Position::new(4, 5));
    }
}
