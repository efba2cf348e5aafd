//! Capabilities: what the server advertises in `initialize`, and the few client capabilities it
//! adapts to (position encoding, snippets, hierarchical symbols, versioned workspace edits,
//! configuration pulls, markdown).

use nianbao_core::text::PositionEncoding;
use tower_lsp_server::ls_types::{
    ClientCapabilities, CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    CompletionOptions, FoldingRangeProviderCapability, HoverProviderCapability, MarkupKind, OneOf,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};

use crate::position;

/// What the server needs to know of the client's capabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ClientFeatures {
    pub encoding: PositionEncoding,
    /// Completion items may be snippets.
    pub snippets: bool,
    /// `textDocument/documentSymbol` may answer with a tree.
    pub hierarchical_symbols: bool,
    /// Workspace edits may be versioned `documentChanges`.
    pub document_changes: bool,
    /// The client answers `workspace/configuration`.
    pub configuration: bool,
    /// Hovers may be markdown.
    pub markdown_hover: bool,
}

impl Default for ClientFeatures {
    fn default() -> ClientFeatures {
        ClientFeatures {
            encoding: PositionEncoding::Utf16,
            snippets: false,
            hierarchical_symbols: false,
            document_changes: false,
            configuration: false,
            markdown_hover: true,
        }
    }
}

impl ClientFeatures {
    pub fn from_capabilities(caps: &ClientCapabilities) -> ClientFeatures {
        let td = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        ClientFeatures {
            encoding: position::negotiate(caps),
            snippets: td
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            hierarchical_symbols: td
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            markdown_hover: td
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|formats| {
                    formats.is_empty() || formats.contains(&MarkupKind::Markdown)
                }),
        }
    }
}

/// The code action kinds the server offers.
pub fn code_action_kinds() -> Vec<CodeActionKind> {
    vec![
        CodeActionKind::QUICKFIX,
        CodeActionKind::SOURCE_FIX_ALL,
        CodeActionKind::REFACTOR_REWRITE,
    ]
}

/// Everything the server advertises. Every capability here has a handler in `backend.rs`; the test
/// `every_advertised_capability_answers` checks it.
pub fn server_capabilities(encoding: PositionEncoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(position::kind(encoding)),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        // No trigger characters: Chinese is typed through an input method, and clients ask for
        // completions on their own as words are typed or when the user asks.
        completion_provider: Some(CompletionOptions {
            resolve_provider: Some(false),
            ..Default::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        inlay_hint_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(code_action_kinds()),
            resolve_provider: Some(false),
            ..Default::default()
        })),
        ..Default::default()
    }
}
