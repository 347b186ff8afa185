//! `fob` alone on a terminal: every code on the alternate screen, refreshed each second. Typing filters by
//! name, the arrow keys move, Enter copies the chosen code (or, with --print, prints it and leaves), Esc
//! and Ctrl-C leave.
//!
//! The terminal is given back as it was on every way out: a guard restores it when the view returns or
//! unwinds, and a panic hook restores it before the panic's message is printed, so the message lands on the
//! normal screen in line mode rather than on a screen that is about to vanish.

use std::io::{self, Write};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crossterm::cursor::{Hide, MoveTo, Show};
use crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use crossterm::style::{Attribute, Print, SetAttribute};
use crossterm::terminal::{self, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{execute, queue};
use fob::entry::{Entry, EntryId, Kind};
use fob::otp;

use crate::error::CliError;
use crate::output;
use crate::session::{Context, Session};

/// How long the clipboard keeps a copied code, as `fob code --copy` does by default.
const CLEAR_AFTER_SECONDS: u64 = 20;
/// The countdown bar's width in columns.
const BAR_WIDTH: u64 = 10;

pub fn run(ctx: &Context, print: bool) -> Result<(), CliError> {
    // Unlock first: a passphrase prompt belongs on the normal screen.
    let mut session = Session::open(ctx)?;
    if session.unlocked.vault.entries.is_empty() {
        ctx.talk
            .say("the vault is empty: add entries with `fob add NAME` or `fob import FILE`");
        return Ok(());
    }
    let chosen = {
        let _screen = Screen::enter().map_err(terminal_error)?;
        View::new(print).run(ctx, &mut session)?
    };
    match chosen {
        Some(code) => output::print(&format!("{code}\n")).map_err(CliError::stdout),
        None if print => Err(CliError::new("no entry chosen")),
        None => Ok(()),
    }
}

#[allow(clippy::needless_pass_by_value)] // used as `map_err(terminal_error)`
fn terminal_error(e: io::Error) -> CliError {
    CliError::new(format!("cannot use the terminal: {e}"))
}

/// Whether the alternate screen is up, so that the guard and the panic hook restore the terminal once.
static ON_SCREEN: AtomicBool = AtomicBool::new(false);

/// The alternate screen in raw mode, for as long as this lives.
struct Screen;

impl Screen {
    fn enter() -> io::Result<Self> {
        static HOOK: Once = Once::new();
        HOOK.call_once(|| {
            let previous = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                leave_screen();
                previous(info);
            }));
        });
        terminal::enable_raw_mode()?;
        ON_SCREEN.store(true, Ordering::SeqCst);
        // From here on, any failure drops the guard and so restores the terminal.
        let screen = Self;
        execute!(io::stdout(), EnterAlternateScreen, Hide)?;
        Ok(screen)
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        leave_screen();
    }
}

fn leave_screen() {
    if ON_SCREEN.swap(false, Ordering::SeqCst) {
        let _ = execute!(io::stdout(), Show, LeaveAlternateScreen);
        let _ = terminal::disable_raw_mode();
    }
}

/// What the person has typed and chosen so far.
struct View {
    print: bool,
    filter: String,
    /// The chosen line, counted in the filtered list.
    selected: usize,
    /// The first filtered line on screen, when there are more than fit.
    top: usize,
    /// Codes of HOTP entries already used here: an HOTP code is made only when chosen.
    used_hotp: Vec<(EntryId, String)>,
    /// The footer's last word: what Enter did, or why it could not.
    message: Option<String>,
}

impl View {
    fn new(print: bool) -> Self {
        Self {
            print,
            filter: String::new(),
            selected: 0,
            top: 0,
            used_hotp: Vec::new(),
            message: None,
        }
    }

    /// Draws once a second and on every key until the person leaves; `Some(code)` when --print chose one.
    fn run(&mut self, ctx: &Context, session: &mut Session) -> Result<Option<String>, CliError> {
        let mut out = io::stdout();
        loop {
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_err(|_| CliError::new("the system clock is set before 1970"))?;
            self.draw(&mut out, &session.unlocked.vault.entries, now.as_secs())
                .map_err(terminal_error)?;
            // Wake at the next whole second, when codes and countdowns change.
            let wait = Duration::from_secs(1)
                .saturating_sub(Duration::from_nanos(u64::from(now.subsec_nanos())));
            if !event::poll(wait).map_err(terminal_error)? {
                continue;
            }
            let Event::Key(key) = event::read().map_err(terminal_error)? else {
                continue;
            };
            if key.kind != KeyEventKind::Press {
                continue;
            }
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Esc => return Ok(None),
                // Raw mode turns Ctrl-C into a key rather than a signal: it leaves, as Esc does.
                KeyCode::Char('c' | 'd') if ctrl => return Ok(None),
                KeyCode::Char('u') if ctrl => self.set_filter(String::new()),
                KeyCode::Char(c) if !ctrl => {
                    let mut filter = std::mem::take(&mut self.filter);
                    filter.push(c);
                    self.set_filter(filter);
                }
                KeyCode::Backspace => {
                    let mut filter = std::mem::take(&mut self.filter);
                    filter.pop();
                    self.set_filter(filter);
                }
                KeyCode::Up => self.selected = self.selected.saturating_sub(1),
                KeyCode::Down => self.selected = self.selected.saturating_add(1),
                KeyCode::PageUp => self.selected = self.selected.saturating_sub(10),
                KeyCode::PageDown => self.selected = self.selected.saturating_add(10),
                KeyCode::Home => self.selected = 0,
                KeyCode::End => self.selected = usize::MAX,
                KeyCode::Enter => {
                    if let Some(code) = self.choose(ctx, session, now.as_secs())? {
                        return Ok(Some(code));
                    }
                }
                _ => {}
            }
        }
    }

    fn set_filter(&mut self, filter: String) {
        self.filter = filter;
        self.selected = 0;
        self.top = 0;
    }

    /// The entries whose name contains the filter (ignoring case), sorted by name: indices into `entries`.
    fn visible(&self, entries: &[Entry]) -> Vec<usize> {
        let filter = self.filter.to_lowercase();
        let mut list: Vec<(String, usize)> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.to_string(), i))
            .filter(|(name, _)| name.to_lowercase().contains(&filter))
            .collect();
        list.sort_by_key(|(name, _)| name.to_lowercase());
        list.into_iter().map(|(_, i)| i).collect()
    }

    /// Enter: the chosen entry's code, printed (`Some`, to leave with) or copied.
    fn choose(
        &mut self,
        ctx: &Context,
        session: &mut Session,
        now: u64,
    ) -> Result<Option<String>, CliError> {
        let list = self.visible(&session.unlocked.vault.entries);
        let Some(&index) = list.get(self.selected) else {
            return Ok(None);
        };
        let entry = &session.unlocked.vault.entries[index];
        let name = output::clean(&entry.name.to_string()).into_owned();
        let code = if matches!(entry.otp.kind, Kind::Hotp { .. }) {
            let id = entry.id.clone();
            let code = super::code::use_hotp(ctx, session, index)?;
            self.used_hotp.retain(|(used, _)| *used != id);
            self.used_hotp.push((id, code.clone()));
            code
        } else {
            otp::totp_at(&entry.otp, now)
                .map(|c| c.to_string())
                .unwrap_or_default()
        };
        if self.print {
            return Ok(Some(code));
        }
        self.message = Some(match crate::clipboard::copy(&code, CLEAR_AFTER_SECONDS) {
            Ok(()) => format!(
                "copied the code of {name}; cleared in {CLEAR_AFTER_SECONDS} s if unchanged"
            ),
            Err(e) => e.message,
        });
        Ok(None)
    }

    fn draw(&mut self, out: &mut impl Write, entries: &[Entry], now: u64) -> io::Result<()> {
        let (columns, rows) = terminal::size()
            .ok()
            .filter(|&(c, r)| c > 0 && r > 0)
            .unwrap_or((80, 24));
        let (columns, rows) = (usize::from(columns), usize::from(rows));
        let list = self.visible(entries);
        self.selected = self.selected.min(list.len().saturating_sub(1));
        // A header line and a blank one above the entries, a blank line and the footer below.
        let body = rows.saturating_sub(4).max(1);
        if self.selected < self.top {
            self.top = self.selected;
        } else if self.selected >= self.top + body {
            self.top = self.selected + 1 - body;
        }
        let header = if self.filter.is_empty() {
            format!("fob: {} entries; type to filter", entries.len())
        } else {
            format!(
                "fob: {} of {} match {}",
                list.len(),
                entries.len(),
                output::clean(&self.filter)
            )
        };
        line(out, 0, &header, columns, false)?;
        line(out, 1, "", columns, false)?;
        let names: Vec<String> = list
            .iter()
            .map(|&i| output::clean(&entries[i].name.to_string()).into_owned())
            .collect();
        // The code and countdown need about 30 columns; names get the rest.
        let width = names
            .iter()
            .map(|n| output::width(n))
            .max()
            .unwrap_or(0)
            .min(columns.saturating_sub(32).max(8));
        let mut y = 2;
        for (row, (&i, name)) in list
            .iter()
            .zip(&names)
            .enumerate()
            .skip(self.top)
            .take(body)
        {
            let text = format!(
                "{} {}  {}",
                if row == self.selected { '>' } else { ' ' },
                output::pad(&output::fit(name, width), width),
                self.code_column(&entries[i], now)
            );
            line(out, y, &text, columns, row == self.selected)?;
            y += 1;
        }
        if list.is_empty() {
            line(
                out,
                y,
                "  no entry matches; Backspace to widen",
                columns,
                false,
            )?;
            y += 1;
        }
        queue!(out, MoveTo(0, to_u16(y)), Clear(ClearType::FromCursorDown))?;
        let action = if self.print { "print" } else { "copy" };
        let footer = self
            .message
            .clone()
            .unwrap_or_else(|| format!("Up/Down move, Enter {action}, Esc leave; type to filter"));
        line(out, rows - 1, &footer, columns, false)?;
        out.flush()
    }

    /// `123 456  ██████░░░░ 17s` for a time-based entry; for an HOTP entry, its code once used here.
    fn code_column(&self, entry: &Entry, now: u64) -> String {
        if let Kind::Hotp { counter } = entry.otp.kind {
            return match self.used_hotp.iter().find(|(id, _)| *id == entry.id) {
                Some((_, code)) => format!("{}  (counter {})", grouped(code), counter),
                None => "---  hotp: Enter makes the next code".to_owned(),
            };
        }
        let code = otp::totp_at(&entry.otp, now)
            .map(|c| grouped(c.as_ref()))
            .unwrap_or_default();
        let period = u64::from(entry.otp.kind.period().unwrap_or(30)).max(1);
        let left = otp::seconds_left(&entry.otp, now).unwrap_or_default();
        let filled = (left * BAR_WIDTH).div_ceil(period).min(BAR_WIDTH);
        format!(
            "{code}  {}{} {left:>2}s",
            "█".repeat(filled as usize),
            "░".repeat((BAR_WIDTH - filled) as usize)
        )
    }
}

/// One screen line, cut to the terminal's width, the rest of the line cleared.
fn line(
    out: &mut impl Write,
    y: usize,
    text: &str,
    columns: usize,
    highlight: bool,
) -> io::Result<()> {
    queue!(out, MoveTo(0, to_u16(y)))?;
    if highlight {
        queue!(out, SetAttribute(Attribute::Reverse))?;
    }
    queue!(
        out,
        Print(output::fit(text, columns)),
        SetAttribute(Attribute::Reset),
        Clear(ClearType::UntilNewLine)
    )
}

fn to_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Digits in two groups for reading (`123 456`, `1234 5678`); Steam's five letters stay whole.
fn grouped(code: &str) -> String {
    if code.len() < 6 || !code.is_ascii() {
        return code.to_owned();
    }
    let (a, b) = code.split_at(code.len().div_ceil(2));
    format!("{a} {b}")
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn codes_are_grouped_for_reading() {
        assert_eq!(grouped("123456"), "123 456");
        assert_eq!(grouped("1234567"), "1234 567");
        assert_eq!(grouped("12345678"), "1234 5678");
        assert_eq!(grouped("K7VBD"), "K7VBD");
    }
}
