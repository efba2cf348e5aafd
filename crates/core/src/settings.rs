//! User settings that shape the analysis: message language, the year or format to assume, and
//! per-code severity overrides. Read from JSON so every front end (the server's initialization
//! options and configuration, a future config file) shares one reader.

use serde_json::Value;

use crate::catalog::Format;
use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::messages::Lang;
use crate::parse::ParseOptions;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Settings {
    /// The message language; `None` means the client's locale, else Chinese.
    pub lang: Option<Lang>,
    /// The report year to assume when a document does not say.
    pub default_year: Option<i32>,
    /// The format to assume when the year is unknown.
    pub default_format: Option<Format>,
    /// Per-code severity: `Some(None)` disables the code.
    pub severity: Vec<(Code, Option<Severity>)>,
    /// Milliseconds to wait after an edit before analysing (0: none).
    pub diagnostics_delay_ms: u64,
}

impl Settings {
    /// Reads settings from a JSON object such as
    /// `{"language": "en", "year": 2021, "format": "2021", "severity": {"empty-cell": "off"},
    /// "diagnostics": {"delayMs": 0}}`, also when nested under a `"nianbao"` key. Unknown keys and
    /// wrong types are ignored; the list of what was ignored is returned so that the user can be
    /// told.
    pub fn from_json(value: &Value) -> (Settings, Vec<String>) {
        let v = value.get("nianbao").unwrap_or(value);
        let mut s = Settings::default();
        let mut ignored = Vec::new();
        let Some(obj) = v.as_object() else {
            if !v.is_null() {
                ignored.push("settings (not an object)".to_owned());
            }
            return (s, ignored);
        };
        for (key, val) in obj {
            match key.as_str() {
                "language" | "lang" | "locale" => match val.as_str() {
                    None if val.is_null() => {}
                    Some("auto" | "") => {}
                    Some(tag) => match Lang::from_tag(tag) {
                        Some(l) => s.lang = Some(l),
                        None => ignored.push(format!("{key}: {val}")),
                    },
                    None => ignored.push(format!("{key}: {val}")),
                },
                "year" => match val.as_i64() {
                    Some(y) if (2008..=2100).contains(&y) => s.default_year = Some(y as i32),
                    _ if val.is_null() => {}
                    _ => ignored.push(format!("{key}: {val}")),
                },
                "format" => match val.as_str().and_then(Format::from_name) {
                    Some(f) => s.default_format = Some(f),
                    None if val.is_null() || val.as_str() == Some("auto") => {}
                    None => ignored.push(format!("{key}: {val}")),
                },
                "severity" => match val.as_object() {
                    Some(map) => {
                        for (code, sev) in map {
                            let code_ok = Code::from_name(code);
                            let sev_ok = match sev.as_str() {
                                Some("off" | "none" | "ignore") => Some(None),
                                Some(name) => Severity::from_name(name).map(Some),
                                None => None,
                            };
                            match (code_ok, sev_ok) {
                                (Some(c), Some(level)) => s.severity.push((c, level)),
                                _ => ignored.push(format!("severity.{code}: {sev}")),
                            }
                        }
                    }
                    None => ignored.push(format!("{key}: {val}")),
                },
                "diagnostics" => {
                    if let Some(ms) = val.get("delayMs").and_then(Value::as_u64) {
                        s.diagnostics_delay_ms = ms.min(10_000);
                    }
                }
                "trace" | "server" => {}
                _ => ignored.push(key.clone()),
            }
        }
        (s, ignored)
    }

    pub fn parse_options(&self) -> ParseOptions {
        ParseOptions {
            default_year: self.default_year,
            default_format: self.default_format,
        }
    }

    /// Applies the severity overrides: changes severities and drops disabled codes.
    pub fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.severity.is_empty() {
            return;
        }
        diagnostics.retain_mut(
            |d| match self.severity.iter().rev().find(|(c, _)| *c == d.code) {
                Some((_, None)) => false,
                Some((_, Some(sev))) => {
                    d.severity = *sev;
                    true
                }
                None => true,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn settings_are_read_and_bad_entries_reported() {
        let (s, ignored) = Settings::from_json(&json!({
            "nianbao": { "language": "en", "year": 2021, "format": "2019", "severity": { "empty-cell": "off", "label-typo": "error", "nope": "error" }, "bogus": 1 }
        }));
        assert_eq!(s.lang, Some(Lang::En));
        assert_eq!(s.default_year, Some(2021));
        assert_eq!(s.default_format, Some(Format::F2019));
        assert_eq!(
            s.severity,
            vec![
                (Code::EmptyCell, None),
                (Code::LabelTypo, Some(Severity::Error))
            ]
        );
        assert_eq!(
            ignored,
            vec!["bogus".to_owned(), "severity.nope: \"error\"".to_owned()]
        );
    }
}
