//! The `nianbao` binary: `nianbao check` checks report files from the command line.

mod check_cmd;
mod input;
mod render;

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

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Output: human-readable with the source underlined, or JSON with LSP-shaped diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub format: OutputFormat,
    /// Language of the messages.
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
    /// The report year to assume for a file that does not state it (2008 or later).
    #[arg(long, value_parser = clap::value_parser!(i32).range(2008..=2100))]
    pub year: Option<i32>,
    /// Files, or folders whose .txt and .md files are checked.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check(args) => ExitCode::from(check_cmd::run(&args)),
    }
}
