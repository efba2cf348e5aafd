//! Code actions: the core's actions (quick fixes, `source.fixAll`, the `refactor.rewrite`
//! conversion) as protocol code actions whose workspace edits the server computes, so they work in
//! every editor. `context.only` is honoured by kind prefix, as the protocol defines it.
//!
//! Until the core's `code_actions` returns quick fixes itself, the fixes carried by the diagnostics
//! at the requested range are offered as quick fixes here (a translation of the core's data, not a
//! decision of this layer); as soon as the core returns any quick fix, only its actions are used.

use std::collections::HashMap;

use nianbao_core::features::actions::{self, ActionKind};
use nianbao_core::text::TextRange;
use nianbao_core::{Edit, Lang};
use tower_lsp_server::ls_types::{
    self as lsp, CodeActionKind, CodeActionOrCommand, DocumentChanges, OneOf,
    OptionalVersionedTextDocumentIdentifier, TextDocumentEdit, TextEdit, WorkspaceEdit,
};

use crate::analysis::Analysed;
use crate::capabilities::ClientFeatures;
use nianbao_core::document::View;

fn kind(k: ActionKind) -> CodeActionKind {
    match k {
        ActionKind::QuickFix => CodeActionKind::QUICKFIX,
        ActionKind::SourceFixAll => CodeActionKind::SOURCE_FIX_ALL,
        ActionKind::Rewrite => CodeActionKind::REFACTOR_REWRITE,
    }
}

/// Whether an action of `kind` is wanted by a request's `context.only`: a requested kind matches
/// itself and every kind below it (`source` matches `source.fixAll`).
pub fn wanted(kind: &CodeActionKind, only: Option<&[CodeActionKind]>) -> bool {
    let Some(only) = only else { return true };
    only.iter().any(|o| {
        let (k, o) = (kind.as_str(), o.as_str());
        o.is_empty() || k == o || (k.starts_with(o) && k.as_bytes().get(o.len()) == Some(&b'.'))
    })
}

/// The workspace edit of a list of edits to the analysed document.
pub fn workspace_edit(
    a: &Analysed,
    uri: &lsp::Uri,
    edits: &[Edit],
    client: ClientFeatures,
) -> WorkspaceEdit {
    let conv = a.conv();
    let text_edits: Vec<TextEdit> = edits
        .iter()
        .map(|e| TextEdit {
            range: conv.range(e.range),
            new_text: e.new_text.clone(),
        })
        .collect();
    if client.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(a.version),
                },
                edits: text_edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..Default::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), text_edits)])),
            ..Default::default()
        }
    }
}

/// The code actions for `range` in the analysed document.
pub fn code_actions(
    a: &Analysed,
    uri: &lsp::Uri,
    range: lsp::Range,
    only: Option<&[CodeActionKind]>,
    client: ClientFeatures,
) -> Vec<CodeActionOrCommand> {
    let conv = a.conv();
    let range = conv.text_range(range);
    let mut found = Vec::new();
    for view in a.views(Some(range)) {
        let mut here = actions::code_actions(&view.snapshot(a.lang), range);
        if !here.iter().any(|x| x.kind == ActionKind::QuickFix) {
            here.extend(fixes_at(&view, a.lang, range));
        }
        // The actions name diagnostics by their place in the view; the client knows them by their
        // place among the published ones.
        here.iter_mut()
            .for_each(|x| x.diagnostics.iter_mut().for_each(|i| *i += view.first));
        found.extend(here);
    }
    found
        .into_iter()
        .filter(|x| !x.edits.is_empty() && wanted(&kind(x.kind), only))
        .map(|x| {
            let diagnostics: Vec<lsp::Diagnostic> = x
                .diagnostics
                .iter()
                .filter_map(|&i| a.diagnostics.get(i).cloned())
                .collect();
            CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: x.title,
                kind: Some(kind(x.kind)),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit: Some(workspace_edit(a, uri, &x.edits, client)),
                is_preferred: x.preferred.then_some(true),
                ..Default::default()
            })
        })
        .collect()
}

/// The fixes of the diagnostics that touch `range`, as quick fixes; identical fixes of several
/// diagnostics (a total that breaks three relations) are offered once, for all of them.
fn fixes_at(view: &View<'_>, lang: Lang, range: TextRange) -> Vec<actions::Action> {
    let mut out: Vec<actions::Action> = Vec::new();
    for (i, d) in view.analysis.diagnostics.iter().enumerate() {
        if d.range.start > range.end || range.start > d.range.end {
            continue;
        }
        let only_fix = d.fixes.len() == 1;
        for fix in &d.fixes {
            let title = fix.title(lang);
            match out
                .iter_mut()
                .find(|x| x.title == title && x.edits == fix.edits)
            {
                Some(same) => same.diagnostics.push(i),
                None => out.push(actions::Action {
                    title,
                    kind: ActionKind::QuickFix,
                    edits: fix.edits.clone(),
                    diagnostics: vec![i],
                    preferred: only_fix,
                }),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_matches_by_kind_prefix() {
        let fix_all = CodeActionKind::SOURCE_FIX_ALL;
        assert!(wanted(&fix_all, None));
        assert!(wanted(&fix_all, Some(&[CodeActionKind::SOURCE])));
        assert!(wanted(&fix_all, Some(&[CodeActionKind::SOURCE_FIX_ALL])));
        assert!(!wanted(&fix_all, Some(&[CodeActionKind::QUICKFIX])));
        assert!(!wanted(
            &CodeActionKind::new("sourcex"),
            Some(&[CodeActionKind::SOURCE])
        ));
        assert!(wanted(
            &CodeActionKind::REFACTOR_REWRITE,
            Some(&[CodeActionKind::REFACTOR])
        ));
    }
}
