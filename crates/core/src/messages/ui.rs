//! What the front ends say beyond diagnostics: why a file could not be read, where in a document
//! a diagnostic stands, the summaries of `nianbao check` and `nianbao fix`, the changes `fix`
//! makes, and the language server's notices. Plain data in, one line in Chinese or English out;
//! the front ends convert their own types (paths, I/O errors, document places) to these.

use crate::catalog::TableKind;
use crate::text::decode::DecodeError;

use super::{table_short, Lang};

/// A document format nianbao recognises but does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadFormat {
    /// Word 97–2003, WPS and ET files (OLE compound documents).
    OldOffice,
    /// Excel, PowerPoint or another zip-based format that is not a Word document.
    OtherOffice,
    /// OpenDocument text (.odt).
    OpenDocument,
    /// Rich text (.rtf).
    Rtf,
    /// A zip archive that is no document.
    Zip,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    NotFound,
    PermissionDenied,
    /// Any other operating-system error, as the system words it.
    Io(String),
    /// Not a regular file: a folder, a device or a pipe.
    IsSpecial,
    SymlinkLoop,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    Unsupported(UnreadFormat),
    Encrypted,
    /// A PDF whose pages hold images but no text.
    NoTextLayer,
    /// A part of a document inflates past the limit (in MB).
    InflatesTooFar {
        limit_mb: u64,
    },
    /// A damaged document; the detail is technical, in English.
    Corrupt(String),
    /// No text in a known encoding.
    Undecodable(DecodeError),
}

impl Unreadable {
    /// Why bytes are no text, what was tried and where it failed.
    pub fn decoding(e: &DecodeError, lang: Lang) -> String {
        match (e, lang) {
            (DecodeError::Utf8AfterBom { at }, Lang::Zh) => {
                format!("文件以 UTF-8 字节顺序标记开头，但第 {at} 字节起不是有效的 UTF-8")
            }
            (DecodeError::Utf8AfterBom { at }, Lang::En) => format!(
                "the file starts with a UTF-8 byte order mark but is not valid UTF-8: the first \
                 invalid byte sequence is at byte offset {at}"
            ),
            (DecodeError::Binary { utf8_at }, Lang::Zh) => format!(
                "像是二进制文件：不是有效的 UTF-8（第 {utf8_at} 字节起无效），且含有 NUL 字节"
            ),
            (DecodeError::Binary { utf8_at }, Lang::En) => format!(
                "looks like a binary file: it is not valid UTF-8 (the first invalid byte \
                 sequence is at byte offset {utf8_at}) and it contains NUL bytes"
            ),
            (
                DecodeError::Neither {
                    utf8_at,
                    gb18030_at,
                },
                Lang::Zh,
            ) => {
                let gb = gb18030_at.map_or(String::new(), |at| {
                    format!("，按 GB18030 第 {at} 字节起无效")
                });
                format!(
                    "既不是有效的 UTF-8，也不是有效的 GB18030：按 UTF-8 第 {utf8_at} 字节起无效{gb}"
                )
            }
            (
                DecodeError::Neither {
                    utf8_at,
                    gb18030_at,
                },
                Lang::En,
            ) => {
                let gb = gb18030_at.map_or(String::new(), |at| {
                    format!(", the first invalid GB18030 one at byte offset {at}")
                });
                format!(
                    "the file is neither valid UTF-8 nor valid GB18030: the first invalid UTF-8 \
                     byte sequence is at byte offset {utf8_at}{gb}"
                )
            }
            (DecodeError::Utf16OddLength { name }, Lang::Zh) => {
                format!("文件以 {name} 字节顺序标记开头，但字节数为奇数，不是有效的 {name}")
            }
            (DecodeError::Utf16OddLength { name }, Lang::En) => format!(
                "the file starts with a {name} byte order mark but is not valid {name}: it has \
                 an odd number of bytes"
            ),
            (DecodeError::Utf16Surrogate { name, at }, Lang::Zh) => format!(
                "文件以 {name} 字节顺序标记开头，但第 {at} 字节处有不成对的代理项，不是有效的 {name}"
            ),
            (DecodeError::Utf16Surrogate { name, at }, Lang::En) => format!(
                "the file starts with a {name} byte order mark but is not valid {name}: there is \
                 an unpaired surrogate at byte offset {at}"
            ),
            (DecodeError::Utf16Invalid { name }, Lang::Zh) => {
                format!("文件以 {name} 字节顺序标记开头，但不是有效的 {name}")
            }
            (DecodeError::Utf16Invalid { name }, Lang::En) => format!(
                "the file starts with a {name} byte order mark but is not valid {name}"
            ),
        }
    }

    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Unreadable::NotFound => "文件不存在".to_owned(),
            Unreadable::PermissionDenied => "没有读取权限".to_owned(),
            Unreadable::Io(err) => format!("读取时出错（{err}）"),
            Unreadable::IsSpecial => "不是普通文件（可能是文件夹、设备或管道）".to_owned(),
            Unreadable::SymlinkLoop => "符号链接形成了循环".to_owned(),
            Unreadable::TooLarge { bytes, limit } => {
                format!("文件过大（{bytes} 字节，上限为 {limit} 字节）")
            }
            Unreadable::Unsupported(u) => {
                let what = match u {
                    UnreadFormat::OldOffice => {
                        "这是 Word 97–2003（.doc）、WPS（.wps）或 ET（.et）格式的文件"
                    }
                    UnreadFormat::OtherOffice => "这是表格、演示文稿等非 Word 文档",
                    UnreadFormat::OpenDocument => "这是 OpenDocument（.odt）格式的文件",
                    UnreadFormat::Rtf => "这是 RTF 格式的文件",
                    UnreadFormat::Zip => "这是压缩包，不是文档",
                };
                format!("{what}，无法直接读取；请在 Word 或 WPS 中“另存为” .docx 格式后重试")
            }
            Unreadable::Encrypted => "文档已加密或设有密码，无法读取；请取消加密后重试".to_owned(),
            Unreadable::NoTextLayer => "PDF 中没有文字层（可能是扫描件或图片），无法读取文字；\
                 请使用可复制文字的 PDF 或原始 Word 文档"
                .to_owned(),
            Unreadable::InflatesTooFar { limit_mb } => {
                format!("文档解压后超过 {limit_mb} MB（可能已损坏或是恶意构造的压缩包），未读取")
            }
            Unreadable::Corrupt(detail) => format!("文档已损坏，无法读取（详情：{detail}）"),
            Unreadable::Undecodable(e) => format!(
                "无法识别文件的文字编码，请将其另存为 UTF-8 编码的文本文件后重试（详情：{}）",
                Unreadable::decoding(e, Lang::Zh)
            ),
        }
    }

    fn en(&self) -> String {
        match self {
            Unreadable::NotFound => "no such file".to_owned(),
            Unreadable::PermissionDenied => "permission denied".to_owned(),
            Unreadable::Io(err) => err.clone(),
            Unreadable::IsSpecial => {
                "not a regular file (e.g. a folder, a device or a pipe)".to_owned()
            }
            Unreadable::SymlinkLoop => "symbolic link loop".to_owned(),
            Unreadable::TooLarge { bytes, limit } => {
                format!("file too large ({bytes} bytes, the limit is {limit} bytes)")
            }
            Unreadable::Unsupported(u) => {
                let what = match u {
                    UnreadFormat::OldOffice => "a Word 97–2003 (.doc), WPS (.wps) or ET (.et) file",
                    UnreadFormat::OtherOffice => {
                        "a spreadsheet, presentation or other non-Word document"
                    }
                    UnreadFormat::OpenDocument => "an OpenDocument (.odt) file",
                    UnreadFormat::Rtf => "an RTF file",
                    UnreadFormat::Zip => "a zip archive, not a document",
                };
                format!(
                    "{what}, which cannot be read; save it as .docx in Word or WPS and try again"
                )
            }
            Unreadable::Encrypted => "the document is encrypted or password-protected; \
                 remove the protection and try again"
                .to_owned(),
            Unreadable::NoTextLayer => "the PDF has no text layer (a scan or images); \
                 use a PDF with selectable text or the original Word file"
                .to_owned(),
            Unreadable::InflatesTooFar { limit_mb } => format!(
                "the document inflates past {limit_mb} MB (damaged, or a zip bomb); not read"
            ),
            Unreadable::Corrupt(detail) => {
                format!("the document is damaged and cannot be read ({detail})")
            }
            Unreadable::Undecodable(e) => format!(
                "cannot recognise the text encoding ({})",
                Unreadable::decoding(e, Lang::En)
            ),
        }
    }
}

/// A place in a document, as users name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocPlace {
    /// The `index`th paragraph (from 1).
    Paragraph { index: u32 },
    /// A cell of the document's `table`th table (each from 1).
    Cell { table: u32, row: u32, column: u32 },
    /// A line of a page (each from 1).
    Line { page: u32, line: u32 },
    /// A cell of one of the report's tables.
    ReportCell {
        table: TableKind,
        row: u32,
        column: u32,
    },
    /// A place (`at`, already said) inside one of the report's tables.
    InReportTable { table: TableKind, at: String },
}

impl DocPlace {
    pub fn render(&self, lang: Lang) -> String {
        match (self, lang) {
            (DocPlace::Paragraph { index }, Lang::Zh) => format!("第{index}段"),
            (DocPlace::Paragraph { index }, Lang::En) => format!("paragraph {index}"),
            (DocPlace::Cell { table, row, column }, Lang::Zh) => {
                format!("第{table}个表格第{row}行第{column}列")
            }
            (DocPlace::Cell { table, row, column }, Lang::En) => {
                format!("table {table}, row {row}, column {column}")
            }
            (DocPlace::Line { page, line }, Lang::Zh) => format!("第{page}页第{line}行"),
            (DocPlace::Line { page, line }, Lang::En) => format!("page {page}, line {line}"),
            (DocPlace::ReportCell { table, row, column }, Lang::Zh) => {
                format!("{} 第{row}行第{column}列", table_short(*table, lang))
            }
            (DocPlace::ReportCell { table, row, column }, Lang::En) => format!(
                "table of section {}, row {row}, column {column}",
                table.section()
            ),
            (DocPlace::InReportTable { table, at }, Lang::Zh) => {
                format!("{} {at}", table_short(*table, lang))
            }
            (DocPlace::InReportTable { table, at }, Lang::En) => {
                format!("table of section {}, {at}", table.section())
            }
        }
    }
}

/// How many diagnostics of each severity, and how many files were not checked or read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub not_reports: usize,
    pub unreadable: usize,
}

/// A line the command-line tool or the language server writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ui {
    /// A file that could not be read (`path`), and why.
    CannotRead { path: String, why: Unreadable },
    /// Why a file was not checked: it is empty.
    EmptyFile,
    /// Why a document was not checked: it holds no text.
    NoText,
    /// Why a file was not checked: nothing in it is a report's.
    NotAReport,
    /// Where a diagnostic stands in a flattened file (its lines from 1).
    InFlattenedFile { line: usize, col: usize },
    /// Where a diagnostic stands in a document (`place`, already said) of the kind `kind`.
    InDocument { place: String, kind: &'static str },
    /// The first fix of a diagnostic, by its title.
    FixNote { title: String },
    /// The related places of a diagnostic (`shown`) of `total` in all.
    Related { shown: Vec<String>, total: usize },
    /// The summary of `nianbao check` over `files` files.
    CheckSummary { files: usize, tally: Tally },
    /// The heading of the list of files not checked.
    NotCheckedHeading,
    /// A file not checked, with why.
    NotChecked { path: String, why: String },
    /// A change `nianbao fix` makes at `place`: `old` replaced with `new`, or `new` inserted.
    Change {
        place: String,
        old: String,
        new: String,
    },
    /// The heading of a text file's changes: `count` changes, written or (a dry run) not.
    Fixed {
        path: String,
        count: usize,
        dry_run: bool,
    },
    /// The heading of a document's changes, which are to be made in the document by hand.
    ByHand { path: String, kind: &'static str },
    /// The summary of `nianbao fix` over `files` files: `edits` changes in `changed` files,
    /// `by_hand` to make in documents, and what remains.
    FixSummary {
        files: usize,
        changed: usize,
        edits: usize,
        by_hand: usize,
        dry_run: bool,
        tally: Tally,
    },
    /// The language server could not start.
    ServerFailed { error: String },
    /// Settings that were invalid and ignored.
    SettingsIgnored { names: Vec<String> },
}

impl Ui {
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    fn zh(&self) -> String {
        match self {
            Ui::CannotRead { path, why } => format!("无法读取 {path}：{}", why.zh()),
            Ui::EmptyFile => "文件为空".to_owned(),
            Ui::NoText => "文档中没有文字".to_owned(),
            Ui::NotAReport => "不是年度报告（未找到报告的标题、章节或表格）".to_owned(),
            Ui::InFlattenedFile { line, col } => format!(
                "位置：原文第{line}行第{col}列（原文的标题和表格行连在一行里，已按标题和行名称分行显示）"
            ),
            Ui::InDocument { place, kind } => format!("位置：{place}（{kind}）"),
            Ui::FixNote { title } => format!("建议：{title}"),
            Ui::Related { shown, total } => {
                if *total > shown.len() {
                    format!("涉及：{} 等 {total} 处", shown.join("、"))
                } else {
                    format!("涉及：{}", shown.join("、"))
                }
            }
            Ui::CheckSummary { files, tally } => {
                let mut s = format!(
                    "共检查 {files} 个文件：{} 个错误，{} 个警告，{} 条提示",
                    tally.errors, tally.warnings, tally.infos
                );
                if tally.not_reports > 0 {
                    s.push_str(&format!("；{} 个文件不是年度报告，未检查", tally.not_reports));
                }
                if tally.unreadable > 0 {
                    s.push_str(&format!("；{} 个文件无法读取", tally.unreadable));
                }
                s
            }
            Ui::NotCheckedHeading => "未检查的文件：".to_owned(),
            Ui::NotChecked { path, why } => format!("  {path}：{why}"),
            Ui::Change { place, old, new } if old.is_empty() => format!("{place}：插入“{new}”"),
            Ui::Change { place, old, new } => format!("{place}：“{old}” → “{new}”"),
            Ui::Fixed {
                path,
                count,
                dry_run: false,
            } => format!("已修正 {path}：{count} 处"),
            Ui::Fixed {
                path,
                count,
                dry_run: true,
            } => format!("可修正 {path}：{count} 处（预演，未写入）"),
            Ui::ByHand { path, kind } => {
                format!("{path}（{kind}）无法直接改写，请在原文档中修改：")
            }
            Ui::FixSummary {
                files,
                changed,
                edits,
                by_hand,
                dry_run,
                tally,
            } => {
                let mut s = if *dry_run {
                    format!("共 {files} 个文件：可修正 {changed} 个文件的 {edits} 处（预演，未写入）")
                } else {
                    format!("共 {files} 个文件：修正 {changed} 个文件的 {edits} 处")
                };
                if *by_hand > 0 {
                    s.push_str(&format!("；{by_hand} 处需在原文档中修改"));
                }
                s.push_str(&format!(
                    "；现有 {} 个错误，{} 个警告，{} 条提示",
                    tally.errors, tally.warnings, tally.infos
                ));
                if tally.not_reports > 0 {
                    s.push_str(&format!("；{} 个文件不是年度报告，未修改", tally.not_reports));
                }
                if tally.unreadable > 0 {
                    s.push_str(&format!("；{} 个文件无法读取", tally.unreadable));
                }
                s
            }
            Ui::ServerFailed { error } => format!("nianbao：语言服务器无法启动（{error}）"),
            Ui::SettingsIgnored { names } => {
                format!("nianbao：以下设置无效，已忽略：{}", names.join(", "))
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Ui::CannotRead { path, why } => format!("cannot read {path}: {}", why.en()),
            Ui::EmptyFile => "the file is empty".to_owned(),
            Ui::NoText => "the document holds no text".to_owned(),
            Ui::NotAReport => {
                "not an annual report (no title, sections or tables of one found)".to_owned()
            }
            Ui::InFlattenedFile { line, col } => format!(
                "in the file: line {line}, column {col} (its headings and table rows run on one \
                 line; shown broken at them)"
            ),
            Ui::InDocument { place, kind } => format!("in the document: {place} ({kind})"),
            Ui::FixNote { title } => format!("fix: {title}"),
            Ui::Related { shown, total } => {
                if *total > shown.len() {
                    format!(
                        "related: {} and {} more",
                        shown.join(", "),
                        total - shown.len()
                    )
                } else {
                    format!("related: {}", shown.join(", "))
                }
            }
            Ui::CheckSummary { files, tally } => {
                let mut s = format!(
                    "checked {files} file(s): {} error(s), {} warning(s), {} info",
                    tally.errors, tally.warnings, tally.infos
                );
                if tally.not_reports > 0 {
                    s.push_str(&format!(
                        "; {} file(s) are not annual reports and were skipped",
                        tally.not_reports
                    ));
                }
                if tally.unreadable > 0 {
                    s.push_str(&format!("; {} file(s) could not be read", tally.unreadable));
                }
                s
            }
            Ui::NotCheckedHeading => "files not checked:".to_owned(),
            Ui::NotChecked { path, why } => format!("  {path}: {why}"),
            Ui::Change { place, old, new } if old.is_empty() => format!("{place}: insert “{new}”"),
            Ui::Change { place, old, new } => format!("{place}: “{old}” → “{new}”"),
            Ui::Fixed {
                path,
                count,
                dry_run: false,
            } => format!("fixed {path}: {count} change(s)"),
            Ui::Fixed {
                path,
                count,
                dry_run: true,
            } => format!("would fix {path}: {count} change(s) (dry run, nothing written)"),
            Ui::ByHand { path, kind } => {
                format!("{path} ({kind}) cannot be rewritten; change it in the document:")
            }
            Ui::FixSummary {
                files,
                changed,
                edits,
                by_hand,
                dry_run,
                tally,
            } => {
                let mut s = if *dry_run {
                    format!(
                        "{files} file(s): {edits} change(s) in {changed} file(s) would be made \
                         (dry run)"
                    )
                } else {
                    format!("{files} file(s): fixed {edits} change(s) in {changed} file(s)")
                };
                if *by_hand > 0 {
                    s.push_str(&format!("; {by_hand} change(s) to make in the documents"));
                }
                s.push_str(&format!(
                    "; now {} error(s), {} warning(s), {} info",
                    tally.errors, tally.warnings, tally.infos
                ));
                if tally.not_reports > 0 {
                    s.push_str(&format!(
                        "; {} file(s) are not annual reports and were left as they are",
                        tally.not_reports
                    ));
                }
                if tally.unreadable > 0 {
                    s.push_str(&format!("; {} file(s) could not be read", tally.unreadable));
                }
                s
            }
            Ui::ServerFailed { error } => {
                format!("nianbao: cannot start the server's runtime: {error}")
            }
            Ui::SettingsIgnored { names } => format!(
                "nianbao: these settings are invalid and were ignored: {}",
                names.join(", ")
            ),
        }
    }
}
