//! The languages the kiosk speaks. Pure: the Fluent catalogues live in `i18n`.

/// A language the kiosk speaks.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, Default,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Swedish, the primary language.
    #[default]
    Sv,
    /// English.
    En,
    /// Italian.
    It,
}

impl Lang {
    /// Every language, in the order the language switch cycles through them.
    pub const ALL: [Lang; 3] = [Lang::Sv, Lang::En, Lang::It];

    /// The ISO 639-1 code: "sv", "en" or "it".
    pub fn code(self) -> &'static str {
        match self {
            Lang::Sv => "sv",
            Lang::En => "en",
            Lang::It => "it",
        }
    }

    /// Reads a language code or tag, ignoring case and any region or encoding: "sv",
    /// "sv-SE", "sv_SE.UTF-8" and "SV" are all Swedish.
    pub fn parse(s: &str) -> Option<Lang> {
        let language = s.split(['-', '_', '.']).next().unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(language.trim()))
    }

    /// The next language in [`Lang::ALL`], wrapping round: sv → en → it → sv.
    pub fn next(self) -> Lang {
        match self {
            Lang::Sv => Lang::En,
            Lang::En => Lang::It,
            Lang::It => Lang::Sv,
        }
    }

    /// The language's name in itself, for the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::Sv => "Svenska",
            Lang::En => "English",
            Lang::It => "Italiano",
        }
    }
}
