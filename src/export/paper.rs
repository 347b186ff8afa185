//! Recovery sheets as PDF, laid out here and returned as bytes (the caller decides where they go):
//! the entries sheet (`fob paper`) and the backup key sheet (`fob paper --backup-key`). Paper survives
//! any device; a sheet in a drawer opens the accounts or the backups when every machine is gone.
//!
//! Written with pdf-writer (typst's low-level writer: four small dependencies, where printpdf brings a
//! whole PDF object model and image stack). Text uses the standard Helvetica and Courier fonts, which
//! every reader has, so nothing is embedded; their `WinAnsi` encoding covers Latin-1 and a few more Latin
//! letters. A character outside it is printed in a visible escaped form (`<U+0416>`) and counted, never
//! dropped. QR codes are drawn as filled rectangles (vector), sharp at any printer resolution.

use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str};
use qrcode::{Color, EcLevel, QrCode};
use zeroize::Zeroizing;

use crate::entry::{Entry, Kind};
use crate::formats::otpauth;

/// Paper sizes, in points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperSize {
    /// 210 x 297 mm.
    A4,
    /// 8.5 x 11 inches.
    Letter,
}

impl PaperSize {
    fn points(self) -> (f32, f32) {
        match self {
            Self::A4 => (595.28, 841.89),
            Self::Letter => (612.0, 792.0),
        }
    }
}

/// Why a sheet cannot be laid out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaperError {
    /// An entry's URI is too long for a QR code (the vault caps names, so this is not expected).
    #[error("the QR code of {0} would hold too much data")]
    TooLong(String),
}

/// A laid-out sheet.
pub struct Sheet {
    /// The PDF file.
    pub pdf: Zeroizing<Vec<u8>>,
    /// How many names had characters printed in escaped form.
    pub escaped_names: usize,
}

const MARGIN: f32 = 48.0;
const QR_SIDE: f32 = 118.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");
const MONO: Name<'static> = Name(b"F3");

/// The entries sheet: a title with the date and the entry count, a clear mark that it holds secrets
/// unencrypted, how to re-enrol, then per entry its name, QR code, secret in groups of four, and settings.
pub fn entries_sheet(entries: &[&Entry], size: PaperSize, date: &str) -> Result<Sheet, PaperError> {
    let mut doc = Document::new(size);
    let count = entries.len();
    doc.text(BOLD, 18.0, "fob recovery sheet");
    doc.text(
        REGULAR,
        11.0,
        &format!(
            "Printed {date}, {count} entr{}",
            if count == 1 { "y" } else { "ies" }
        ),
    );
    doc.gap(6.0);
    doc.text(
        BOLD,
        11.0,
        "SECRETS IN CLEAR: anyone who reads this sheet can make your codes. Keep it in a safe.",
    );
    doc.gap(4.0);
    for line in [
        "To re-enrol an account: scan its QR code with any authenticator app, or type the secret",
        "and settings into the app by hand (spaces in the secret do not matter).",
        "Into fob: fob add 'Issuer:account' and type the secret when asked.",
    ] {
        doc.text(REGULAR, 10.0, line);
    }
    doc.gap(10.0);
    for entry in entries {
        let uri = otpauth::format(&entry.name, &entry.otp);
        let code = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M)
            .map_err(|_| PaperError::TooLong(entry.name.to_string()))?;
        doc.make_room(QR_SIDE + 8.0);
        let top = doc.y;
        doc.qr(&code, MARGIN, top - QR_SIDE, QR_SIDE);
        let x = MARGIN + QR_SIDE + 12.0;
        let mut y = top - 14.0;
        doc.text_at(BOLD, 12.0, x, y, &entry.name.to_string());
        y -= 20.0;
        let secret = entry.otp.secret.base32();
        let groups = Zeroizing::new(
            secret
                .as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        );
        // Long secrets wrap at 40 characters (8 groups) a line.
        for line in groups.as_bytes().chunks(40) {
            doc.text_at(MONO, 11.0, x, y, String::from_utf8_lossy(line).trim());
            y -= 14.0;
        }
        y -= 4.0;
        doc.text_at(REGULAR, 10.0, x, y, &settings(entry));
        doc.y = top - QR_SIDE - 14.0;
    }
    Ok(doc.finish())
}

/// The backup key sheet: the `AGE-SECRET-KEY-1...` text in groups a person can type back, its QR code,
/// the public key, and how to restore.
#[must_use]
pub fn backup_key_sheet(secret_key: &str, public_key: &str, size: PaperSize, date: &str) -> Sheet {
    let mut doc = Document::new(size);
    doc.text(BOLD, 18.0, "fob backup key");
    doc.text(REGULAR, 11.0, &format!("Made {date}"));
    doc.gap(6.0);
    doc.text(
        BOLD,
        11.0,
        "SECRET KEY: it opens every fob backup made to it. Keep this sheet in a safe.",
    );
    doc.gap(10.0);
    let code = QrCode::with_error_correction_level(secret_key.as_bytes(), EcLevel::M)
        .expect("an age key fits a QR code");
    doc.make_room(QR_SIDE + 8.0);
    let top = doc.y;
    doc.qr(&code, MARGIN, top - QR_SIDE, QR_SIDE);
    let x = MARGIN + QR_SIDE + 12.0;
    let mut y = top - 16.0;
    for line in key_lines(secret_key) {
        doc.text_at(MONO, 13.0, x, y, &line);
        y -= 18.0;
    }
    doc.y = top - QR_SIDE - 16.0;
    doc.text(REGULAR, 10.0, "Public key (for checking, not secret):");
    doc.text(MONO, 9.0, public_key);
    doc.gap(8.0);
    doc.text(BOLD, 11.0, "To restore a backup:");
    for line in [
        "1. Type the key into a file, say key.txt, as printed: fob reads it with or without the",
        "   spaces and line breaks. (Or scan the QR code and save its text.)",
        "2. fob restore BACKUP.age --backup-identity key.txt",
        "   Or without fob: age -d -i key.txt BACKUP.age > vault.json (for age, type the key on one",
        "   line with no spaces; the JSON lists every secret).",
    ] {
        doc.text(REGULAR, 10.0, line);
    }
    doc.finish()
}

/// The secret key as lines of space-separated groups: the fixed prefix, then groups of six characters,
/// four a line. Only spaces and line breaks are added, which fob's identity reader drops.
fn key_lines(key: &str) -> Vec<String> {
    let (prefix, rest) = key.split_at(key.find('1').map_or(0, |i| i + 1));
    let groups: Vec<String> = rest
        .as_bytes()
        .chunks(6)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    let mut lines = vec![prefix.to_owned()];
    lines.extend(groups.chunks(4).map(|g| g.join(" ")));
    lines
}

fn settings(entry: &Entry) -> String {
    let otp = &entry.otp;
    match otp.kind {
        Kind::Totp { period } => format!(
            "TOTP, {}, {} digits, period {period} s",
            otp.algorithm, otp.digits
        ),
        Kind::Hotp { counter } => format!(
            "HOTP, {}, {} digits, next counter {counter}",
            otp.algorithm, otp.digits
        ),
        Kind::Steam => "Steam Guard (TOTP, SHA1, 5 characters, period 30 s)".to_owned(),
    }
}

/// Pages of text lines and QR codes, top to bottom.
struct Document {
    size: (f32, f32),
    pages: Vec<Content>,
    y: f32,
    escaped_names: usize,
}

impl Document {
    fn new(size: PaperSize) -> Self {
        let size = size.points();
        Self {
            size,
            pages: vec![Content::new()],
            y: size.1 - MARGIN,
            escaped_names: 0,
        }
    }

    fn page(&mut self) -> &mut Content {
        self.pages.last_mut().expect("a page")
    }

    /// Starts a new page unless `height` more points fit on this one.
    fn make_room(&mut self, height: f32) {
        if self.y - height < MARGIN {
            self.pages.push(Content::new());
            self.y = self.size.1 - MARGIN;
        }
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }

    /// A line at the left margin, below the previous one.
    fn text(&mut self, font: Name<'static>, size: f32, text: &str) {
        self.make_room(size * 1.4);
        self.y -= size * 1.4;
        let y = self.y;
        self.text_at(font, size, MARGIN, y, text);
    }

    fn text_at(&mut self, font: Name<'static>, size: f32, x: f32, y: f32, text: &str) {
        let (bytes, escaped) = win_ansi(text);
        if escaped {
            self.escaped_names += 1;
        }
        let page = self.page();
        page.begin_text();
        page.set_font(font, size);
        page.next_line(x, y);
        page.show(Str(&bytes));
        page.end_text();
    }

    /// The code's dark modules as black rectangles in a `side`-point square (quiet zone included), one
    /// rectangle per horizontal run.
    fn qr(&mut self, code: &QrCode, x: f32, y: f32, side: f32) {
        let width = code.width();
        let module = side / modules(width + 8);
        let colors = code.to_colors();
        let page = self.page();
        page.set_fill_gray(0.0);
        for row in 0..width {
            let mut col = 0;
            while col < width {
                if colors[row * width + col] == Color::Dark {
                    let start = col;
                    while col < width && colors[row * width + col] == Color::Dark {
                        col += 1;
                    }
                    page.rect(
                        x + modules(start + 4) * module,
                        y + side - modules(row + 5) * module,
                        modules(col - start) * module,
                        module,
                    );
                } else {
                    col += 1;
                }
            }
        }
        page.fill_nonzero();
    }

    fn finish(self) -> Sheet {
        let mut pdf = Pdf::new();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let fonts = [
            (REGULAR, Ref::new(3), b"Helvetica".as_slice()),
            (BOLD, Ref::new(4), b"Helvetica-Bold".as_slice()),
            (MONO, Ref::new(5), b"Courier".as_slice()),
        ];
        // Pages from object 6 on, each followed by its content stream. A sheet has far fewer than
        // i32::MAX / 2 pages: one per few entries, and a vault holds at most 100,000.
        let pages = i32::try_from(self.pages.len()).expect("a sane page count");
        let page_ids: Vec<Ref> = (0..pages).map(|i| Ref::new(6 + 2 * i)).collect();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree).kids(page_ids.iter().copied()).count(pages);
        for (_, id, base) in fonts {
            pdf.type1_font(id)
                .base_font(Name(base))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        for (content, id) in self.pages.into_iter().zip(&page_ids) {
            let content_id = Ref::new(id.get() + 1);
            let mut page = pdf.page(*id);
            page.media_box(Rect::new(0.0, 0.0, self.size.0, self.size.1));
            page.parent(tree);
            page.contents(content_id);
            let mut resources = page.resources();
            let mut font_dict = resources.fonts();
            for (name, font_id, _) in fonts {
                font_dict.pair(name, font_id);
            }
            font_dict.finish();
            resources.finish();
            page.finish();
            pdf.stream(content_id, &content.finish());
        }
        Sheet {
            pdf: Zeroizing::new(pdf.finish()),
            escaped_names: self.escaped_names,
        }
    }
}

/// A count of QR modules (at most 177 a side) as a length.
fn modules(n: usize) -> f32 {
    f32::from(u16::try_from(n).unwrap_or(u16::MAX))
}

/// Text in the standard fonts' `WinAnsi` encoding: Latin-1 as is, the few extra letters and marks
/// `WinAnsi` places in 0x80-0x9F, and anything else as a visible `<U+XXXX>`. Returns whether any
/// character was escaped.
fn win_ansi(text: &str) -> (Vec<u8>, bool) {
    const EXTRA: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    let mut out = Vec::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        let code = u32::from(c);
        if (0x20..0x7F).contains(&code) || (0xA0..=0xFF).contains(&code) {
            out.push(code as u8);
        } else if let Some((_, b)) = EXTRA.iter().find(|(e, _)| *e == c) {
            out.push(*b);
        } else {
            escaped = true;
            out.extend_from_slice(format!("<U+{code:04X}>").as_bytes());
        }
    }
    (out, escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_names_print_exactly_and_others_visibly_escaped() {
        assert_eq!(
            win_ansi("Zoë Müller"),
            (b"Zo\xEB M\xFCller".to_vec(), false)
        );
        assert_eq!(win_ansi("Œuvre €"), (b"\x8Cuvre \x80".to_vec(), false));
        assert_eq!(win_ansi("Жа"), (b"<U+0416><U+0430>".to_vec(), true));
    }

    #[test]
    fn the_key_is_grouped_by_spaces_and_line_breaks_only() {
        let key = "AGE-SECRET-KEY-1QQQQQQWWWWWWEEEEEERRRRRRTTTTTTYYYYYYUUUUUUIIIIIIOOOOOOPP";
        let lines = key_lines(key);
        assert_eq!(lines[0], "AGE-SECRET-KEY-1");
        let joined: String = lines.concat().split_whitespace().collect();
        assert_eq!(joined, key);
    }
}
