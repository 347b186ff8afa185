//! `$XDG_CONFIG_HOME/fob/config.toml`: a flat file of `key = value` lines (a subset of TOML), for
//! preferences of this machine's user. Nothing secret is ever read from or written to it.
//!
//! ```toml
//! # do not remind me about entries in no backup
//! backup_reminder = false
//! # keep no entry-name cache for shell completion
//! name_cache = false
//! ```

/// Preferences, with their defaults when the file or a key is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Print "N entries are in no backup" after changes.
    pub backup_reminder: bool,
    /// Keep the secret-free entry-name cache that shell completion reads.
    pub name_cache: bool,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            backup_reminder: true,
            name_cache: true,
        }
    }
}

impl Config {
    /// Reads the file if there is one; unknown keys and unreadable values are ignored with defaults kept,
    /// so a typo in a preference never stops fob from giving a code.
    pub fn load() -> Self {
        let Some(path) = path() else {
            return Self::default();
        };
        std::fs::read_to_string(path)
            .map(|text| Self::parse(&text))
            .unwrap_or_default()
    }

    fn parse(text: &str) -> Self {
        let mut config = Self::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((key, value)) = line.split_once('=') else {
                continue;
            };
            let flag = match key.trim() {
                "backup_reminder" => &mut config.backup_reminder,
                "name_cache" => &mut config.name_cache,
                _ => continue,
            };
            match value.trim() {
                "true" => *flag = true,
                "false" => *flag = false,
                _ => {}
            }
        }
        config
    }
}

/// The config file's place (XDG on Linux).
pub fn path() -> Option<std::path::PathBuf> {
    directories::ProjectDirs::from("", "", "fob").map(|d| d.config_dir().join("config.toml"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_reminder_switch_and_ignores_the_rest() {
        assert!(Config::parse("").backup_reminder);
        assert!(
            !Config::parse("# mine\nbackup_reminder = false # quiet\nother = 1\n").backup_reminder
        );
        assert!(Config::parse("backup_reminder = maybe").backup_reminder);
        assert!(!Config::parse("name_cache = false").name_cache);
        assert!(Config::parse("").name_cache);
    }
}
