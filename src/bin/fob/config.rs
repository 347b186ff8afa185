//! `$XDG_CONFIG_HOME/fob/config.toml`: TOML `key = value` lines, for preferences of this machine's user.
//! Nothing secret is ever read from or written to it.
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
//! agent_timeout = "1h"
//! agent_lifetime = "4h"
//! ```
//!
//! Each line is parsed as TOML on its own, so a line that is not TOML costs only its own key: every
//! other key keeps its value. The unquoted durations the first README showed (`agent_timeout = 1h`) are
//! still read, with a warning. Every unknown key, bad value and syntax error is reported once, with its
//! line, and keeps that key's default: a typo in a preference never stops fob from giving a code.

use std::time::Duration;

use fob::agent::expiry;
use fob::verify::MAX_WINDOW;

use crate::output::Talk;
use crate::session::Context;

/// Every key and what it does: the one source of the man pages' description of the file.
pub const KEYS: &[(&str, &str)] = &[
    (
        "backup_reminder",
        "true or false (default true): print \"N entries are in no backup\" after changes.",
    ),
    (
        "name_cache",
        "true or false (default true): keep the entry-name cache that shell completion reads.",
    ),
    (
        "verify_window",
        "fob verify: TOTP steps accepted each side of now (default 1, at most 100).",
    ),
    (
        "verify_hotp_window",
        "fob verify: HOTP counters looked ahead (default 10, at most 100).",
    ),
    (
        "verify_max_failures",
        "fob verify: failures that lock an entry out (default 5, at least 1).",
    ),
    (
        "verify_failure_window",
        "fob verify: seconds within which those failures count (default 600).",
    ),
    (
        "verify_lockout",
        "fob verify: seconds of the first lock-out, doubling for each further one within a day (default 60).",
    ),
    (
        "agent_timeout",
        "fob unlock: lock after this long without use, a quoted duration such as \"1h\" (default \"15m\").",
    ),
    (
        "agent_lifetime",
        "fob unlock: lock this long after unlocking in any case (default \"8h\").",
    ),
];

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

/// Something wrong on one line of the file; that key keeps its default.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Counted from 1.
    pub line: usize,
    pub what: String,
}

impl Context {
    /// The config, read the first time a command asks for it: its problems are reported then, once.
    pub fn config(&self) -> &Config {
        self.config.get_or_init(|| Config::load(self.talk))
    }
}

impl Config {
    /// Reads the file if there is one, and warns about each problem in it by its line.
    fn load(talk: Talk) -> Self {
        let Some(path) = crate::paths::config_file() else {
            return Self::default();
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Self::default();
        };
        let (config, problems) = Self::parse(&text);
        for problem in problems {
            talk.warn(format!(
                "{}:{}: {}",
                path.display(),
                problem.line,
                problem.what
            ));
        }
        config
    }

    fn parse(text: &str) -> (Self, Vec<Problem>) {
        let mut config = Self::default();
        let mut problems = Vec::new();
        let mut seen: Vec<(String, usize)> = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            let mut problem = |what: String| problems.push(Problem { line: number, what });
            let pairs: Vec<(String, toml::Value)> = match toml::from_str::<toml::Table>(line) {
                Ok(table) => table.into_iter().collect(),
                Err(e) => {
                    if let Some((key, value)) = unquoted_duration(line) {
                        problem(format!(
                            "write {key} = \"{value}\": TOML wants the duration quoted (read as it is for now)"
                        ));
                        vec![(key.to_owned(), toml::Value::String(value.to_owned()))]
                    } else {
                        let reason = e.message().lines().next().unwrap_or("").to_owned();
                        problem(match bare_key(line) {
                            Some(key) => format!("{key}: not TOML ({reason}); the default stays"),
                            None => format!("not a TOML key = value line ({reason}); ignored"),
                        });
                        continue;
                    }
                }
            };
            for (key, value) in pairs {
                if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
                    problem(format!(
                        "{key} is set again (first on line {first}); this line counts"
                    ));
                } else {
                    seen.push((key.clone(), number));
                }
                if let Err(what) = config.set(&key, &value) {
                    problem(what);
                }
            }
        }
        (config, problems)
    }

    /// Sets one key from its value, or says why not (the key then keeps its value).
    fn set(&mut self, key: &str, value: &toml::Value) -> Result<(), String> {
        let bad = |expected: &str| format!("{key}: expected {expected}; the default stays");
        let whole = |min: u64, max: u64| {
            value
                .as_integer()
                .and_then(|n| u64::try_from(n).ok())
                .filter(|n| (min..=max).contains(n))
        };
        match key {
            "backup_reminder" => {
                self.backup_reminder = value.as_bool().ok_or_else(|| bad("true or false"))?;
            }
            "name_cache" => {
                self.name_cache = value.as_bool().ok_or_else(|| bad("true or false"))?;
            }
            "verify_window" | "verify_hotp_window" => {
                let n = whole(0, MAX_WINDOW)
                    .ok_or_else(|| bad(&format!("a whole number from 0 to {MAX_WINDOW}")))?;
                if key == "verify_window" {
                    self.verify.totp_window = n;
                } else {
                    self.verify.hotp_window = n;
                }
            }
            "verify_max_failures" => {
                let n = whole(1, u64::from(u32::MAX))
                    .ok_or_else(|| bad("a whole number of at least 1"))?;
                self.verify.max_failures = u32::try_from(n).map_err(|_| bad("a smaller number"))?;
            }
            "verify_failure_window" => {
                self.verify.failure_window =
                    whole(0, u64::MAX).ok_or_else(|| bad("a whole number of seconds"))?;
            }
            "verify_lockout" => {
                self.verify.lockout =
                    whole(0, u64::MAX).ok_or_else(|| bad("a whole number of seconds"))?;
            }
            "agent_timeout" | "agent_lifetime" => {
                let text = value
                    .as_str()
                    .ok_or_else(|| bad("a quoted duration such as \"1h\""))?;
                let duration = crate::cli::parse_duration(text).map_err(|e| bad(&e))?;
                if key == "agent_timeout" {
                    self.agent_timeout = duration;
                } else {
                    self.agent_lifetime = duration;
                }
            }
            _ => return Err(format!("unknown key {key}; ignored")),
        }
        Ok(())
    }
}

/// The key of a `key = ...` line that is not TOML, to name in the warning.
fn bare_key(line: &str) -> Option<&str> {
    let key = line.split_once('=')?.0.trim();
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')).then_some(key)
}

/// `agent_timeout = 1h`, the unquoted form the first README showed: its key and duration.
fn unquoted_duration(line: &str) -> Option<(&str, &str)> {
    let line = line.split('#').next()?;
    let (key, value) = line.split_once('=')?;
    let (key, value) = (key.trim(), value.trim());
    let known = ["agent_timeout", "agent_lifetime"].contains(&key);
    (known && !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric()))
        .then_some((key, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> Config {
        Config::parse(text).0
    }

    fn problems(text: &str) -> Vec<(usize, String)> {
        Config::parse(text)
            .1
            .into_iter()
            .map(|p| (p.line, p.what))
            .collect()
    }

    #[test]
    fn reads_the_switches() {
        assert!(config("").backup_reminder);
        assert!(!config("# mine\nbackup_reminder = false # quiet\n").backup_reminder);
        assert!(!config("name_cache = false").name_cache);
        assert!(config("").name_cache);
        assert!(problems("# mine\n\nbackup_reminder = false # quiet\n").is_empty());
    }

    #[test]
    fn reads_the_verify_policy() {
        let c = config(
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
    }

    #[test]
    fn bad_values_keep_the_default_and_are_reported_by_line() {
        let text = "verify_window = 1000\nverify_max_failures = 0\nverify_lockout = \"x\"\nbackup_reminder = maybe\nverify_max_failure = 3\n";
        assert_eq!(config(text), Config::default());
        let lines: Vec<usize> = problems(text).iter().map(|p| p.0).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5]);
        assert!(
            problems(text)[4]
                .1
                .contains("unknown key verify_max_failure")
        );
    }

    #[test]
    fn a_syntax_error_costs_only_its_own_line() {
        let text = "name_cache = false\nverify_window = [2\nbackup_reminder = false\n";
        let c = config(text);
        assert!(!c.name_cache && !c.backup_reminder);
        assert_eq!(
            c.verify.totp_window,
            fob::verify::Policy::default().totp_window
        );
        let found = problems(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 2);
    }

    #[test]
    fn reads_quoted_durations_and_the_unquoted_form_with_a_warning() {
        let c = config("agent_timeout = \"1h\"\nagent_lifetime = \"4h\"\n");
        assert_eq!(c.agent_timeout, Duration::from_secs(3600));
        assert_eq!(c.agent_lifetime, Duration::from_secs(4 * 3600));
        assert!(problems("agent_timeout = \"1h\"").is_empty());
        let text = "agent_timeout = 1h # idle\n";
        assert_eq!(config(text).agent_timeout, Duration::from_secs(3600));
        let found = problems(text);
        assert_eq!(found.len(), 1);
        assert!(found[0].1.contains("agent_timeout = \"1h\""), "{found:?}");
        assert_eq!(
            config("agent_timeout = \"forever\"\n").agent_timeout,
            expiry::DEFAULT_IDLE
        );
    }

    #[test]
    fn a_key_set_twice_is_reported() {
        let found = problems("verify_window = 2\nverify_window = 3\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, 2);
        assert_eq!(
            config("verify_window = 2\nverify_window = 3\n")
                .verify
                .totp_window,
            3
        );
    }

    #[test]
    fn every_key_is_documented() {
        let documented: Vec<&str> = KEYS.iter().map(|k| k.0).collect();
        for &key in &documented {
            let value = if key.starts_with("agent_") {
                toml::Value::String("1h".into())
            } else if key.starts_with("verify_") {
                toml::Value::Integer(1)
            } else {
                toml::Value::Boolean(true)
            };
            assert_eq!(Config::default().set(key, &value), Ok(()), "{key}");
        }
        assert!(
            Config::default()
                .set("nope", &toml::Value::Integer(1))
                .is_err()
        );
    }
}
