//! `$XDG_CONFIG_HOME/fob/config.toml`: a flat file of `key = value` lines (a subset of TOML), for
//! preferences of this machine's user. Nothing secret is ever read from or written to it.
//!
//! ```toml
//! # do not remind me about entries in no backup
//! backup_reminder = false
//! # keep no entry-name cache for shell completion
//! name_cache = false
//! # fob verify: accept 2 TOTP steps each side; lock out after 3 failures in 5 minutes, for 2 minutes
//! verify_window = 2
//! verify_max_failures = 3
//! verify_failure_window = 300
//! verify_lockout = 120
//! # fob unlock: lock after 1 hour without use, and 4 hours after unlocking in any case
//! agent_timeout = 1h
//! agent_lifetime = 4h
//! ```

use std::time::Duration;

use fob::agent::expiry;
use fob::verify::MAX_WINDOW;

/// Preferences, with their defaults when the file or a key is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Print "N entries are in no backup" after changes.
    pub backup_reminder: bool,
    /// Keep the secret-free entry-name cache that shell completion reads.
    pub name_cache: bool,
    /// `fob verify`'s windows and lock-out policy.
    pub verify: fob::verify::Policy,
    /// The agent's idle timeout when `fob unlock` is given none.
    pub agent_timeout: Duration,
    /// The agent's lifetime when `fob unlock` is given none.
    pub agent_lifetime: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            backup_reminder: true,
            name_cache: true,
            verify: fob::verify::Policy::default(),
            agent_timeout: expiry::DEFAULT_IDLE,
            agent_lifetime: expiry::DEFAULT_LIFETIME,
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
            let number = match key.trim() {
                "verify_window" => Some((&mut config.verify.totp_window, MAX_WINDOW)),
                "verify_hotp_window" => Some((&mut config.verify.hotp_window, MAX_WINDOW)),
                "verify_failure_window" => Some((&mut config.verify.failure_window, u64::MAX)),
                "verify_lockout" => Some((&mut config.verify.lockout, u64::MAX)),
                _ => None,
            };
            if let Some((number, limit)) = number {
                // A bad value keeps the default, as for the switches.
                if let Ok(n) = value.trim().parse::<u64>()
                    && n <= limit
                {
                    *number = n;
                }
                continue;
            }
            let duration = match key.trim() {
                "agent_timeout" => Some(&mut config.agent_timeout),
                "agent_lifetime" => Some(&mut config.agent_lifetime),
                _ => None,
            };
            if let Some(duration) = duration {
                if let Ok(d) = crate::cli::parse_duration(value.trim().trim_matches('"')) {
                    *duration = d;
                }
                continue;
            }
            if key.trim() == "verify_max_failures" {
                if let Ok(n @ 1..) = value.trim().parse::<u32>() {
                    config.verify.max_failures = n;
                }
                continue;
            }
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

    #[test]
    fn reads_the_verify_policy() {
        let c = Config::parse(
            "verify_window = 2\nverify_hotp_window = 20\nverify_max_failures = 3\n\
             verify_failure_window = 300\nverify_lockout = 120\n",
        );
        assert_eq!(
            c.verify,
            fob::verify::Policy {
                totp_window: 2,
                hotp_window: 20,
                max_failures: 3,
                failure_window: 300,
                lockout: 120,
                ..fob::verify::Policy::default()
            }
        );
        let c = Config::parse("verify_window = 1000\nverify_max_failures = 0\nverify_lockout = x");
        assert_eq!(c.verify, fob::verify::Policy::default());
    }

    #[test]
    fn reads_the_agent_limits() {
        let c = Config::parse("agent_timeout = 1h\nagent_lifetime = \"4h\"\n");
        assert_eq!(c.agent_timeout, Duration::from_secs(3600));
        assert_eq!(c.agent_lifetime, Duration::from_secs(4 * 3600));
        let c = Config::parse("agent_timeout = forever\n");
        assert_eq!(c.agent_timeout, expiry::DEFAULT_IDLE);
    }
}
