//! The server's own log: lines on stderr (stdout carries the protocol), filtered by the level named
//! in the environment variable `NIANBAO_LOG` (`error`, `warn`, `info`, `debug` or `trace`; `warn`
//! when unset or unreadable). What the user must see is sent to the client instead, with
//! `window/showMessage` or `window/logMessage`.

#[cfg(not(test))]
use std::io::Write;
use std::sync::OnceLock;
use std::time::Instant;

/// How important a log line is; a line is written when its level is at most the configured one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Error = 1,
    Warn = 2,
    Info = 3,
    Debug = 4,
    Trace = 5,
}

impl Level {
    /// Reads a level name as `NIANBAO_LOG` spells it.
    pub fn from_name(name: &str) -> Option<Level> {
        match name.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Level::Error),
            "warn" | "warning" => Some(Level::Warn),
            "info" => Some(Level::Info),
            "debug" => Some(Level::Debug),
            "trace" => Some(Level::Trace),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Level::Error => "ERROR",
            Level::Warn => "WARN",
            Level::Info => "INFO",
            Level::Debug => "DEBUG",
            Level::Trace => "TRACE",
        }
    }
}

struct Config {
    max: Level,
    start: Instant,
}

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| Config {
        max: std::env::var("NIANBAO_LOG")
            .ok()
            .and_then(|v| Level::from_name(&v))
            .unwrap_or(Level::Warn),
        start: Instant::now(),
    })
}

/// Whether lines of `level` are written.
pub fn enabled(level: Level) -> bool {
    level <= config().max
}

/// Writes one line to stderr, with the time since the server started. Errors writing to stderr are
/// ignored: a log line is never worth a crash.
pub fn write(level: Level, args: std::fmt::Arguments<'_>) {
    if !enabled(level) {
        return;
    }
    let secs = config().start.elapsed().as_secs_f64();
    // Unit tests print through the test harness, which captures it.
    #[cfg(test)]
    eprintln!("[nianbao {secs:10.3} {:5}] {args}", level.name());
    #[cfg(not(test))]
    {
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "[nianbao {secs:10.3} {:5}] {args}", level.name());
    }
}

/// Logs at a level: `log!(Warn, "format {}", args)`.
macro_rules! log {
    ($level:ident, $($arg:tt)+) => {
        if $crate::log::enabled($crate::log::Level::$level) {
            $crate::log::write($crate::log::Level::$level, format_args!($($arg)+));
        }
    };
}

pub(crate) use log;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn level_names_are_read_and_ordered() {
        assert_eq!(Level::from_name(" Debug "), Some(Level::Debug));
        assert_eq!(Level::from_name("warning"), Some(Level::Warn));
        assert_eq!(Level::from_name("loud"), None);
        assert!(Level::Error < Level::Warn && Level::Info < Level::Trace);
    }
}
