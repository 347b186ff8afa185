//! stdout carries data, stderr carries talk. Names that came from files or QR codes are cleaned of control
//! characters before they reach a terminal, so an imported name cannot rewrite the screen.

use std::borrow::Cow;
use std::io::{self, IsTerminal, Write};

/// Where talk goes, and whether it is wanted.
#[derive(Debug, Clone, Copy)]
pub struct Talk {
    pub quiet: bool,
}

impl Talk {
    /// A line of progress or result for a person, on stderr.
    pub fn say(self, line: impl AsRef<str>) {
        if !self.quiet {
            talk_line(&clean(line.as_ref()));
        }
    }

    /// A warning, on stderr (yellow on a terminal).
    pub fn warn(self, line: impl AsRef<str>) {
        if !self.quiet {
            let (on, off) = if colour(&io::stderr()) {
                ("\x1b[33m", "\x1b[0m")
            } else {
                ("", "")
            };
            talk_line(&format!("{on}fob: warning: {}{off}", clean(line.as_ref())));
        }
    }
}

/// Writes a line to stderr. A closed stderr is ignored: talk is for a person who is no longer listening,
/// and fob must still finish (and save) what it was doing rather than panic as `eprintln!` would.
pub fn talk_line(line: &str) {
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// Whether to colour what goes to `stream`: only a terminal, and never when `NO_COLOR` is set (no-color.org).
pub fn colour(stream: &impl IsTerminal) -> bool {
    stream.is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `text` in bold when `on`.
pub fn bold(text: &str, on: bool) -> String {
    if on {
        format!("\x1b[1m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

/// Writes data to stdout. Its error goes through `CliError::stdout`: a closed pipe (`fob list | head -1`)
/// ends fob quietly with status 0.
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes()).and_then(|()| out.flush())
}

/// Replaces control characters (escape sequences, newlines) with `?`.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { '?' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// The NAME column of a table: names cleaned for the terminal, and a width that fits them and the header.
pub fn name_column<'a>(names: impl Iterator<Item = &'a str>) -> (Vec<String>, usize) {
    let names: Vec<String> = names.map(|n| clean(n).into_owned()).collect();
    let width = names
        .iter()
        .map(|n| width(n))
        .max()
        .unwrap_or(0)
        .max("NAME".len());
    (names, width)
}

/// A time for people: in the local time zone (`TZ` honoured), to the second: `2026-11-30 03:35:07 CET`.
pub fn local_time(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Second)
        .unwrap_or(t)
        .to_zoned(jiff::tz::TimeZone::system())
        .strftime("%Y-%m-%d %H:%M:%S %Z")
        .to_string()
}

/// A time for JSON: UTC, RFC 3339, to the second: `2026-11-30T02:35:07Z`.
pub fn json_time(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Second)
        .unwrap_or(t)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

/// `1 entry`, `3 entries`.
pub fn entries(count: usize) -> String {
    format!("{count} entr{}", if count == 1 { "y" } else { "ies" })
}

/// The columns `text` takes on a terminal: CJK characters and emoji take two, so tables line up.
pub fn width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Pads `text` with spaces to `columns` terminal columns.
pub fn pad(text: &str, columns: usize) -> String {
    format!("{text}{}", " ".repeat(columns.saturating_sub(width(text))))
}

/// `text` cut to at most `columns` terminal columns, never in the middle of a wide character.
pub fn fit(text: &str, columns: usize) -> Cow<'_, str> {
    if width(text) <= columns {
        return Cow::Borrowed(text);
    }
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|&(_, c)| {
            used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            used > columns
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Borrowed(&text[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_neutralised() {
        assert_eq!(clean("GitHub:\x1b[2Jalice\n"), "GitHub:?[2Jalice?");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(width("東京:太郎"), 9);
        assert_eq!(pad("東京", 6), "東京  ");
        assert_eq!(fit("東京:太郎", 5), "東京:");
        assert_eq!(fit("東京:太郎", 4), "東京");
        assert_eq!(fit("東京:太郎", 3), "東");
    }
}
