//! The `nianbao` binary: `nianbao check` checks report files from the command line, `nianbao fix`
//! applies the safe fixes to them; `nianbao server` runs the language server on stdio.

mod alloc;
mod check_cmd;
mod fix_cmd;
mod input;
mod render;
mod years;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// nianbao: 政府信息公开工作年度报告检查工具 / checker for annual government-information-disclosure reports.
#[derive(Debug, Parser)]
#[command(name = "nianbao", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查年度报告文件或文件夹 / check report files or folders.
    Check(CheckArgs),
    /// 修正可以放心修正的问题（勾稽关系的最小修正、行名称、标题、误作字母的数字），写回原文件 / apply the safe fixes (the smallest repair of
    /// each table, row labels, headings, digits written as letters) to text files in place.
    Fix(FixArgs),
    /// 启动语言服务器（LSP，标准输入输出）/ run the language server on stdin and stdout.
    Server(ServerArgs),
    /// 输出从文档（.docx、网页、PDF）中读出的文本，每行一个表格行 / print the text read from a document,
    /// one table row per line.
    Text(TextArgs),
}

#[derive(Debug, clap::Args)]
pub struct TextArgs {
    /// Language of the error message, if the file cannot be read.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// A report file (.docx, .html, .pdf, .txt, .md), or - for standard input.
    pub path: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Serve on stdin and stdout (the only transport; accepted because editors' clients pass it).
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    Zh,
    En,
}

impl LangArg {
    pub fn lang(self) -> nianbao_core::Lang {
        match self {
            LangArg::Zh => nianbao_core::Lang::Zh,
            LangArg::En => nianbao_core::Lang::En,
        }
    }
}

/// What the commands that check reports share: the messages' language and the year to assume.
#[derive(Debug, clap::Args)]
pub struct ReportArgs {
    /// Language of the messages.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// The report year to assume for a file that does not state it (2008 or later).
    #[arg(long, value_parser = clap::value_parser!(i32).range(2008..=2100))]
    pub year: Option<i32>,
}

impl ReportArgs {
    pub fn parse_options(&self) -> nianbao_core::ParseOptions {
        nianbao_core::ParseOptions {
            default_year: self.year,
            default_format: None,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output: human-readable with the source underlined, or JSON with LSP-shaped diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Files, or folders whose reports (.txt, .md, .docx, .html, .pdf) are checked; - reads
    /// standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// Show what would change without writing any file.
    #[arg(long)]
    pub dry_run: bool,
    /// Print the changes as a unified diff (of the text files).
    #[arg(long)]
    pub diff: bool,
    #[command(flatten)]
    pub report: ReportArgs,
    /// Files or folders; - reads standard input and writes the fixed text to standard output.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => ExitCode::from(check_cmd::run(&args)),
        Command::Fix(args) => ExitCode::from(fix_cmd::run(&args)),
        Command::Server(_) => run_server(),
        Command::Text(args) => print_text(&args),
    }
}

/// Prints the text nianbao reads from a document: checking that text gives the same diagnostics.
fn print_text(args: &TextArgs) -> ExitCode {
    use std::io::Write;
    match input::read_report(&args.path) {
        Ok(doc) => {
            let mut out = std::io::stdout().lock();
            let ok = out
                .write_all(doc.text.as_bytes())
                .and_then(|()| out.flush());
            if ok.is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.message(args.lang.lang()));
            ExitCode::from(2)
        }
    }
}

/// Runs the language server until the client sends `exit` or closes stdin. The status is 0, or 1
/// when the client sent `exit` without `shutdown` first (as the protocol asks).
fn run_server() -> ExitCode {
    // The server is told its language by the client later; its own failure to start is said in
    // English, the language of the protocol's logs.
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let failed = nianbao_core::messages::Ui::ServerFailed {
                error: e.to_string(),
            };
            eprintln!("{}", failed.render(nianbao_core::Lang::En));
            return ExitCode::from(2);
        }
    };
    let clean = runtime.block_on(nianbao_lsp::run_stdio());
    // Analyses still running on the blocking pool, and the thread blocked reading stdin, are not
    // waited for: the client has gone.
    runtime.shutdown_background();
    if clean {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

#[global_allocator]
static GLOBAL: alloc::Allocator = alloc::Allocator;
