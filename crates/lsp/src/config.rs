//! The configuration in force: the user's settings (from `initializationOptions`,
//! `workspace/didChangeConfiguration` or a `workspace/configuration` pull), their generation, and
//! what the client told us in `initialize` (its locale and capabilities).

use std::sync::Arc;

use nianbao_core::{Lang, Settings};
use serde_json::Value;

use crate::capabilities::ClientFeatures;

/// The configuration section the server reads and pulls.
pub const SECTION: &str = "nianbao";

#[derive(Debug, Clone, Default)]
pub(crate) struct Config {
    pub settings: Arc<Settings>,
    /// Incremented on every settings change: an analysis made with older settings is redone.
    pub gen: u64,
    /// The language of the client's user interface (`locale` in `initialize`).
    pub client_lang: Option<Lang>,
    pub client: ClientFeatures,
    /// Whether settings came with `initializationOptions` (else they are pulled once initialized).
    pub from_init: bool,
    /// Problems with the initial settings, shown once the client can receive messages.
    pub init_ignored: Vec<String>,
}

impl Config {
    /// The message language: the setting, else the client's locale, else Chinese.
    pub fn lang(&self) -> Lang {
        self.settings.lang.or(self.client_lang).unwrap_or_default()
    }

    /// Replaces the settings with those read from `value`; returns what was ignored in it.
    pub fn set(&mut self, value: &Value) -> Vec<String> {
        let (settings, ignored) = Settings::from_json(value);
        self.settings = Arc::new(settings);
        self.gen += 1;
        ignored
    }
}

/// What the user is told about settings that were ignored.
pub fn ignored_message(lang: Lang, ignored: &[String]) -> String {
    nianbao_core::messages::Ui::SettingsIgnored {
        names: ignored.to_vec(),
    }
    .render(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_language_falls_back_to_the_locale_then_chinese() {
        let mut c = Config::default();
        assert_eq!(c.lang(), Lang::Zh);
        c.client_lang = Some(Lang::En);
        assert_eq!(c.lang(), Lang::En);
        let ignored = c.set(&json!({"nianbao": {"language": "zh-CN", "bogus": true}}));
        assert_eq!(c.lang(), Lang::Zh);
        assert_eq!(ignored, vec!["bogus".to_owned()]);
        assert_eq!(c.gen, 1);
    }
}
