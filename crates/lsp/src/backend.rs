//! The protocol handlers: each one reads its parameters, does its synchronous part (document edits,
//! captures of the current text) before its first `.await`, and delegates the rest to the modules
//! that own it. Requests about documents that are not open answer `null`.

use std::sync::Arc;

use nianbao_core::Lang;
use serde_json::Value;
use tokio::sync::watch;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{
    CodeActionParams, CodeActionResponse, CompletionParams, CompletionResponse, ConfigurationItem,
    DidChangeConfigurationParams, DidChangeTextDocumentParams, DidChangeWatchedFilesParams,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DocumentFormattingParams,
    DocumentSymbolParams, DocumentSymbolResponse, FileChangeType, FoldingRange, FoldingRangeParams,
    Hover, HoverParams, InitializeParams, InitializeResult, InitializedParams, InlayHint,
    InlayHintParams, MessageType, Registration, ServerInfo, TextEdit, Uri,
};
use tower_lsp_server::{Client, LanguageServer};

use crate::analysis::Analysed;
use crate::capabilities::{server_capabilities, ClientFeatures};
use crate::config::{ignored_message, SECTION};
use crate::documents::{Applied, Doc};
use crate::framing::{malformed_error, MalformedParams};
use crate::log::log;
use crate::state::{key, Shared};
use crate::{actions, diagnostics, features, guard};

/// The language server.
pub struct Backend {
    shared: Arc<Shared>,
    /// Held while the index of the workspace's reports is rebuilt or updated (which reads files,
    /// off the state lock), so that two updates never start from the same index and one loses the
    /// other.
    years: tokio::sync::Mutex<()>,
}

impl Backend {
    pub fn new(client: Client) -> Backend {
        Backend {
            shared: Arc::new(Shared::new(client)),
            years: tokio::sync::Mutex::new(()),
        }
    }

    /// The server's view of an open document: its version and text. For tests, which compare it
    /// with the text the client holds.
    #[doc(hidden)]
    pub fn document_text(&self, uri: &Uri) -> Option<(i32, String)> {
        let st = self.shared.state();
        st.docs
            .get(&key(uri))
            .map(|d| (d.version, d.rope.to_string()))
    }

    /// The text of an open document's installed snapshot, as analysed (traditional characters
    /// folded), and its version. For tests, which compare it with the client's text.
    #[doc(hidden)]
    pub fn analysed_text(&self, uri: &Uri) -> Option<(i32, String)> {
        let st = self.shared.state();
        let snapshot = st.docs.get(&key(uri))?.snapshot.as_ref()?;
        Some((snapshot.version, snapshot.text().to_owned()))
    }

    /// Answers a malformed message (replaced by `framing::Checked`) with its JSON-RPC error.
    #[doc(hidden)]
    pub async fn malformed(&self, params: MalformedParams) -> Result<()> {
        Err(malformed_error(&params))
    }

    fn client_features(&self) -> ClientFeatures {
        self.shared.state().config.client
    }

    /// The analysis of the document as it is when this is called (the capture is synchronous,
    /// before the first `.await`); `None` when it is not open.
    async fn analysed(&self, uri: &Uri) -> Result<Option<Arc<Analysed>>> {
        let key = key(uri);
        match self.shared.analysed(&key).await {
            Ok(found) => {
                if found.is_none() {
                    log!(
                        Info,
                        "request about {key}, which is not open: answered null"
                    );
                }
                Ok(found)
            }
            Err(failed) => Err(guard::internal_error("the analysis", &failed.0)),
        }
    }

    /// Reads new settings, then re-analyses and republishes every open document.
    async fn apply_settings(&self, value: &Value) {
        let (ignored, lang) = {
            let mut st = self.shared.state();
            let ignored = st.config.set(value);
            for doc in st.docs.values() {
                doc.wake.send_replace(());
            }
            log!(
                Info,
                "settings {} read: {:?}",
                st.config.gen,
                st.config.settings
            );
            (ignored, st.config.lang())
        };
        self.report_ignored(lang, &ignored).await;
    }

    /// Reads the report files under the workspace folders (for the checks across years) and asks
    /// the client to tell about changes to them.
    async fn scan_workspace(&self) {
        let (folders, opts, watch) = {
            let st = self.shared.state();
            (
                st.folders.clone(),
                st.config.settings.parse_options(),
                st.watch_files,
            )
        };
        if folders.is_empty() {
            return;
        }
        if watch {
            let options =
                serde_json::json!({ "watchers": [{ "globPattern": "**/*.{txt,md,TXT,MD}" }] });
            let registration = Registration {
                id: "nianbao-report-files".to_owned(),
                method: "workspace/didChangeWatchedFiles".to_owned(),
                register_options: Some(options),
            };
            if let Err(e) = self
                .shared
                .client
                .register_capability(vec![registration])
                .await
            {
                log!(Info, "file watching not registered: {e}");
            }
        }
        let _turn = self.years.lock().await;
        let scanned =
            tokio::task::spawn_blocking(move || crate::workspace::YearIndex::scan(&folders, &opts))
                .await;
        if let Ok(index) = scanned {
            log!(
                Info,
                "{} report file(s) under the workspace folders",
                index.len()
            );
            self.install_years(index);
        }
    }

    /// Installs a new index of the workspace's reports and analyses the open documents again.
    fn install_years(&self, index: crate::workspace::YearIndex) {
        let mut st = self.shared.state();
        st.years = std::sync::Arc::new(index);
        // A new generation makes every open document's snapshot stale, as a settings change does.
        st.config.gen += 1;
        for doc in st.docs.values() {
            doc.wake.send_replace(());
        }
    }

    async fn report_ignored(&self, lang: Lang, ignored: &[String]) {
        if !ignored.is_empty() {
            let msg = ignored_message(lang, ignored);
            log!(Warn, "{msg}");
            self.shared
                .client
                .show_message(MessageType::WARNING, msg)
                .await;
        }
    }

    /// Pulls the `nianbao` section with `workspace/configuration`; `None` if the client failed to
    /// answer.
    async fn pull_settings(&self) -> Option<Value> {
        let item = ConfigurationItem {
            scope_uri: None,
            section: Some(SECTION.to_owned()),
        };
        match self.shared.client.configuration(vec![item]).await {
            Ok(values) => Some(values.into_iter().next().unwrap_or(Value::Null)),
            Err(e) => {
                log!(Warn, "workspace/configuration failed: {e}");
                None
            }
        }
    }
}

/// Whether `path` lies under one of the workspace folders, with no `..` on the way: a file-change
/// event must not make the server read a file anywhere else.
fn under_folders(path: &std::path::Path, folders: &[std::path::PathBuf]) -> bool {
    use std::path::Component;
    let plain = !path
        .components()
        .any(|c| matches!(c, Component::ParentDir | Component::CurDir));
    plain && folders.iter().any(|f| path.starts_with(f))
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let features = ClientFeatures::from_capabilities(&params.capabilities);
        {
            let mut st = self.shared.state();
            st.config.client = features;
            st.config.client_lang = params.locale.as_deref().and_then(Lang::from_tag);
            // The workspace folders: their report files are read for the checks across years.
            #[allow(deprecated)]
            let folders: Vec<std::path::PathBuf> = match &params.workspace_folders {
                Some(fs) => fs
                    .iter()
                    .filter_map(|f| crate::state::uri_path(f.uri.as_str()))
                    .collect(),
                None => params
                    .root_uri
                    .as_ref()
                    .and_then(|u| crate::state::uri_path(u.as_str()))
                    .into_iter()
                    .collect(),
            };
            st.folders = folders;
            st.watch_files = params
                .capabilities
                .workspace
                .as_ref()
                .and_then(|w| w.did_change_watched_files)
                .and_then(|c| c.dynamic_registration)
                .unwrap_or(false);
            // An empty object says nothing: the settings are then pulled, when the client can be
            // asked.
            let given = |v: &Value| !v.is_null() && v.as_object().is_none_or(|o| !o.is_empty());
            if let Some(opts) = params.initialization_options.filter(given) {
                st.config.init_ignored = st.config.set(&opts);
                st.config.from_init = true;
            }
            log!(
                Info,
                "initialize from {}: {:?}, language {:?}",
                params
                    .client_info
                    .as_ref()
                    .map_or("an unnamed client", |c| c.name.as_str()),
                features,
                st.config.lang()
            );
        }
        Ok(InitializeResult {
            capabilities: server_capabilities(features.encoding),
            server_info: Some(ServerInfo {
                name: "nianbao".to_owned(),
                version: Some(env!("CARGO_PKG_VERSION").to_owned()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let (ignored, lang, pull) = {
            let mut st = self.shared.state();
            let pull = !st.config.from_init && st.config.client.configuration;
            (
                std::mem::take(&mut st.config.init_ignored),
                st.config.lang(),
                pull,
            )
        };
        self.report_ignored(lang, &ignored).await;
        if pull {
            if let Some(value) = self.pull_settings().await {
                self.apply_settings(&value).await;
            }
        }
        self.scan_workspace().await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        log!(Debug, "{} watched file(s) changed", params.changes.len());
        let _turn = self.years.lock().await;
        let (mut index, opts, folders) = {
            let st = self.shared.state();
            (
                (*st.years).clone(),
                st.config.settings.parse_options(),
                st.folders.clone(),
            )
        };
        let paths: Vec<(std::path::PathBuf, bool)> = params
            .changes
            .iter()
            .filter_map(|e| {
                crate::state::uri_path(e.uri.as_str())
                    .map(|p| (p, e.typ == FileChangeType::DELETED))
            })
            .filter(|(p, _)| crate::workspace::is_report_file(p) && under_folders(p, &folders))
            .collect();
        if paths.is_empty() {
            return;
        }
        let index = tokio::task::spawn_blocking(move || {
            for (path, deleted) in paths {
                // A symbolic link is not read, as the scan of the folders does not follow them: it
                // could lead out of the folders.
                let link =
                    std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink());
                if deleted || link {
                    index.remove(&path);
                } else {
                    index.update(&path, &opts);
                }
            }
            index
        })
        .await;
        if let Ok(index) = index {
            self.install_years(index);
        }
    }

    async fn shutdown(&self) -> Result<()> {
        log!(Info, "shutdown requested");
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let td = params.text_document;
        let key = key(&td.uri);
        let (wake, woken) = watch::channel(());
        let doc = Doc::new(td.uri, &td.text, td.version, self.shared.next_seq(), wake);
        {
            let mut st = self.shared.state();
            doc.wake.send_replace(());
            if st.docs.insert(key.clone(), doc).is_some() {
                log!(Info, "{key} opened again: its previous text is replaced");
            }
        }
        log!(
            Debug,
            "opened {key} ({} bytes, version {})",
            td.text.len(),
            td.version
        );
        tokio::spawn(diagnostics::worker(Arc::clone(&self.shared), key, woken));
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous from start to end: the edit is applied before any later message is handled.
        let key = key(&params.text_document.uri);
        let version = params.text_document.version;
        let mut st = self.shared.state();
        let enc = st.config.client.encoding;
        let Some(doc) = st.docs.get_mut(&key) else {
            log!(Warn, "edit to {key}, which is not open: ignored");
            return;
        };
        match doc.apply(version, &params.content_changes, enc, || {
            self.shared.next_seq()
        }) {
            Applied::Yes => {
                doc.wake.send_replace(());
                log!(Trace, "{key} is at version {version}");
            }
            Applied::Stale { current } => {
                log!(Warn, "edit to {key} with version {version}, older than its version {current}: ignored");
            }
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let key = key(&uri);
        // Removing the document drops its wake sender, which stops its worker.
        let removed = self.shared.state().docs.remove(&key).is_some();
        if removed {
            log!(Debug, "closed {key}");
            self.shared.clear(&key, uri).await;
        } else {
            log!(Warn, "close of {key}, which is not open: ignored");
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let value = if params.settings.is_null() {
            let can_pull = self.shared.state().config.client.configuration;
            if !can_pull {
                log!(Info, "didChangeConfiguration without settings, and the client cannot be asked: ignored");
                return;
            }
            match self.pull_settings().await {
                Some(v) => v,
                None => return,
            }
        } else {
            params.settings
        };
        self.apply_settings(&value).await;
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let Some(a) = self.analysed(&at.text_document.uri).await? else {
            return Ok(None);
        };
        let client = self.client_features();
        let items = guard::feature("completion", a, move |a| {
            features::completion(a, at.position, client)
        })
        .await?;
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let Some(a) = self.analysed(&at.text_document.uri).await? else {
            return Ok(None);
        };
        let client = self.client_features();
        guard::feature("hover", a, move |a| features::hover(a, at.position, client)).await
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let Some(a) = self.analysed(&params.text_document.uri).await? else {
            return Ok(None);
        };
        let range = params.range;
        guard::feature("inlay hints", a, move |a| features::inlay_hints(a, range))
            .await
            .map(Some)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let Some(a) = self.analysed(&uri).await? else {
            return Ok(None);
        };
        let client = self.client_features();
        guard::feature("document symbols", a, move |a| {
            features::document_symbols(a, &uri, client)
        })
        .await
        .map(Some)
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let Some(a) = self.analysed(&params.text_document.uri).await? else {
            return Ok(None);
        };
        guard::feature("folding ranges", a, features::folding_ranges)
            .await
            .map(Some)
    }

    async fn formatting(&self, params: DocumentFormattingParams) -> Result<Option<Vec<TextEdit>>> {
        let Some(a) = self.analysed(&params.text_document.uri).await? else {
            return Ok(None);
        };
        // The client's text of that version (the analysed one has its traditional characters
        // folded), when it is still the document's.
        let client_text = {
            let st = self.shared.state();
            st.docs
                .get(&key(&params.text_document.uri))
                .filter(|d| d.seq == a.seq)
                .map(|d| d.rope.clone())
        };
        guard::feature("formatting", a, move |a| {
            features::formatting(a, client_text.as_ref())
        })
        .await
        .map(Some)
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let Some(a) = self.analysed(&uri).await? else {
            return Ok(None);
        };
        let client = self.client_features();
        let (range, only) = (params.range, params.context.only);
        guard::feature("code actions", a, move |a| {
            actions::code_actions(a, &uri, range, only.as_deref(), client)
        })
        .await
        .map(Some)
    }
}
