//! Gathering candidates from several inputs at once: each input is sniffed (picture or text), every QR
//! code or line in it is read, and multi-part Google exports are assembled across inputs. Every problem is
//! kept, named by input and place, so the caller can refuse the whole import or skip the bad parts.

use zeroize::Zeroizing;

use super::Format;
use super::qr::{self, QrError};
use crate::formats::google_migration::{self, AccountError, Batch, Gap, MigrationError};
use crate::formats::otpauth::{self, UriError};
use crate::formats::{self, Candidate, EntryProblem};

/// Non-OTP text shown in a message is cut to this many characters.
const MAX_SHOWN_CONTENT: usize = 60;

/// One thing that went wrong with one input. Names the input and the place in it; never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// The input could not be read at all (I/O, size).
    #[error("cannot read {file}: {reason}")]
    Unreadable {
        /// The input's name.
        file: String,
        /// Why.
        reason: String,
    },
    /// A file named as a picture whose content is text (or HTML saved by mistake) with no URI in it.
    #[error(
        "{file} is not a picture (the name says {named}, the content is {content}) and no otpauth:// URI in it"
    )]
    NotAPicture {
        /// The input's name.
        file: String,
        /// The picture format its name says: `PNG`.
        named: &'static str,
        /// What the content is instead: `text`, `HTML`.
        content: &'static str,
    },
    /// Neither an image nor UTF-8 text.
    #[error(
        "{file} is neither an image (PNG, JPEG, WebP, GIF, BMP) nor a text file of otpauth:// URIs"
    )]
    NotText {
        /// The input's name.
        file: String,
    },
    /// A text line that is not a usable otpauth URI.
    #[error("{file}: line {line}: {error}")]
    Line {
        /// The input's name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// Why.
        error: UriError,
    },
    /// A text line that is not a usable otpauth-migration URI.
    #[error("{file}: line {line}: {error}")]
    MigrationLine {
        /// The input's name.
        file: String,
        /// 1-based line number.
        line: usize,
        /// Why.
        error: MigrationError,
    },
    /// The image could not be read or holds no readable code.
    #[error("{}", image_message(file, error))]
    Image {
        /// The input's name.
        file: String,
        /// Why.
        error: QrError,
    },
    /// A QR code whose text is not an OTP URI at all (a web address, say). Its text is shown, shortened:
    /// it is not a secret.
    #[error("{code} in {file} is not an OTP secret ({content})")]
    NotOtp {
        /// The input's name.
        file: String,
        /// `QR code` or `QR code 2` when the image holds several.
        code: String,
        /// The start of the code's text.
        content: String,
    },
    /// A QR code holding an otpauth URI that cannot be used.
    #[error("{code} in {file}: {error}")]
    QrUri {
        /// The input's name.
        file: String,
        /// `QR code` or `QR code 2`.
        code: String,
        /// Why.
        error: UriError,
    },
    /// A QR code holding an otpauth-migration URI that cannot be read.
    #[error("{code} in {file}: {error}")]
    QrMigration {
        /// The input's name.
        file: String,
        /// `QR code` or `QR code 2`.
        code: String,
        /// Why.
        error: MigrationError,
    },
    /// One account of a Google export that cannot become an entry.
    #[error("{origin}: account {label}: {error}")]
    Account {
        /// Input and place: `export.png QR code 2`.
        origin: String,
        /// The account's name as the export gives it.
        label: String,
        /// Why.
        error: AccountError,
    },
    /// A multi-part Google export with parts missing.
    #[error("{0}")]
    Incomplete(Gap),
    /// JSON that is none of the backup formats fob reads.
    #[error("{file} is JSON but not a backup fob recognises (use --format to say which)")]
    UnknownJson {
        /// The input's name.
        file: String,
    },
    /// A backup file of another app (Aegis, 2FAS, andOTP, Bitwarden) that cannot be read at all.
    #[error("{}", file_message(file, *format, error))]
    File {
        /// The input's name.
        file: String,
        /// What it was read as.
        format: Format,
        /// Why.
        error: formats::Error,
    },
    /// One entry of such a file that cannot be imported (unsupported type, no secret...).
    #[error("{file}: {problem}")]
    Entry {
        /// The input's name.
        file: String,
        /// Which entry and why.
        problem: EntryProblem,
    },
}

impl Problem {
    /// The input the problem is in, or the place in it (`FILE QR code 2`) when that is what it names;
    /// `None` for a multi-part export with parts missing, which is about several inputs.
    #[must_use]
    pub fn place(&self) -> Option<&str> {
        match self {
            Self::Unreadable { file, .. }
            | Self::NotAPicture { file, .. }
            | Self::NotText { file }
            | Self::Line { file, .. }
            | Self::MigrationLine { file, .. }
            | Self::Image { file, .. }
            | Self::NotOtp { file, .. }
            | Self::QrUri { file, .. }
            | Self::QrMigration { file, .. }
            | Self::UnknownJson { file }
            | Self::File { file, .. }
            | Self::Entry { file, .. } => Some(file),
            Self::Account { origin, .. } => Some(origin),
            Self::Incomplete(_) => None,
        }
    }
}

fn file_message(file: &str, format: Format, error: &formats::Error) -> String {
    match error {
        formats::Error::WrongPassword => format!("wrong password for {file}"),
        formats::Error::PasswordNeeded => {
            format!(
                "{file} is an encrypted {} backup and no password was given",
                format.name()
            )
        }
        other => format!("{file} ({} backup): {other}", format.name()),
    }
}

fn image_message(file: &str, error: &QrError) -> String {
    match error {
        QrError::NoCode => format!("no QR code found in {file}"),
        QrError::DecoderFailed => format!("could not decode {file} (the QR decoder failed on it)"),
        other => format!("{file} {other}"),
    }
}

/// What a [`Collector`] gathered, once every input has been added.
#[derive(Debug, Default)]
pub struct Collected {
    /// Everything that can be imported, in input order.
    pub candidates: Vec<Candidate>,
    /// Everything that went wrong. An import should write nothing while this is not empty, unless asked to
    /// skip what is invalid.
    pub problems: Vec<Problem>,
    /// Incomplete exports whose present parts are in `candidates` because partial imports were allowed.
    pub partial: Vec<Gap>,
}

/// Reads inputs one by one and holds what they gave until [`Collector::finish`].
#[derive(Debug, Default)]
pub struct Collector {
    limits: qr::Limits,
    items: Vec<(Batch, String, Vec<Candidate>)>,
    problems: Vec<Problem>,
}

impl Collector {
    /// A collector that decodes images within `limits`.
    #[must_use]
    pub fn new(limits: qr::Limits) -> Self {
        Self {
            limits,
            ..Self::default()
        }
    }

    /// Adds one input, deciding from its content whether it is a picture, text, or a backup file of another
    /// app ([`Format::detect_named`]). An encrypted backup read this way reports that it needs a password;
    /// use [`Collector::add_input`] to give one.
    pub fn add_bytes(&mut self, file: &str, bytes: &[u8]) {
        self.add_input(file, bytes, None, None);
    }

    /// Adds one input read as `format` (detected from the content when `None`), with the password for an
    /// encrypted backup.
    pub fn add_input(
        &mut self,
        file: &str,
        bytes: &[u8],
        format: Option<Format>,
        password: Option<&[u8]>,
    ) {
        match format.or_else(|| Format::detect_named(file, bytes)) {
            None if looks_like_json(bytes) => self.problems.push(Problem::UnknownJson {
                file: file.to_owned(),
            }),
            None | Some(Format::Uris) => self.add_plain(file, bytes),
            Some(format) => self.add_backup(file, bytes, format, password),
        }
    }

    fn add_backup(&mut self, file: &str, bytes: &[u8], format: Format, password: Option<&[u8]>) {
        match format.parse(bytes, password) {
            Ok(parsed) => {
                let candidates = parsed
                    .candidates
                    .into_iter()
                    .map(|mut c| {
                        c.origin = format!("{file} {}", c.origin);
                        c
                    })
                    .collect();
                self.items
                    .push((Batch::default(), file.to_owned(), candidates));
                self.problems
                    .extend(parsed.problems.into_iter().map(|problem| Problem::Entry {
                        file: file.to_owned(),
                        problem,
                    }));
            }
            Err(error) => self.problems.push(Problem::File {
                file: file.to_owned(),
                format,
                error,
            }),
        }
    }

    fn add_plain(&mut self, file: &str, bytes: &[u8]) {
        if qr::looks_like_image(bytes) {
            self.add_image(file, bytes);
        } else if let Ok(text) = std::str::from_utf8(bytes) {
            match picture_name(file) {
                Some(named) if !holds_a_uri(text) => self.problems.push(Problem::NotAPicture {
                    file: file.to_owned(),
                    named,
                    content: if looks_like_html(text) {
                        "HTML"
                    } else {
                        "text"
                    },
                }),
                _ => self.add_text(file, text),
            }
        } else {
            self.problems.push(Problem::NotText {
                file: file.to_owned(),
            });
        }
    }

    /// Records an input that could not be read, so it is reported with the rest.
    pub fn add_problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// Adds text with one `otpauth://` or `otpauth-migration://` URI a line; blank lines and `#`
    /// comments are skipped.
    pub fn add_text(&mut self, file: &str, text: &str) {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let n = i + 1;
            let origin = format!("{file} line {n}");
            if is_migration(line) {
                match google_migration::parse_uri(line) {
                    Ok(payload) => self.add_payload(payload, origin),
                    Err(error) => self.problems.push(Problem::MigrationLine {
                        file: file.to_owned(),
                        line: n,
                        error,
                    }),
                }
                continue;
            }
            match otpauth::parse(line) {
                Ok(p) => self.add_single(p, origin),
                Err(error) => self.problems.push(Problem::Line {
                    file: file.to_owned(),
                    line: n,
                    error,
                }),
            }
        }
    }

    /// Adds a picture: every QR code in it is read.
    pub fn add_image(&mut self, file: &str, bytes: &[u8]) {
        let texts = match qr::decode_image(bytes, &self.limits) {
            Ok(texts) => texts.into_iter().map(Zeroizing::new).collect::<Vec<_>>(),
            Err(error) => {
                self.problems.push(Problem::Image {
                    file: file.to_owned(),
                    error,
                });
                return;
            }
        };
        let several = texts.len() > 1;
        for (i, text) in texts.iter().enumerate() {
            let code = if several {
                format!("QR code {}", i + 1)
            } else {
                "QR code".to_owned()
            };
            let origin = format!("{file} {code}");
            let text = text.trim();
            if is_migration(text) {
                match google_migration::parse_uri(text) {
                    Ok(payload) => self.add_payload(payload, origin),
                    Err(error) => self.problems.push(Problem::QrMigration {
                        file: file.to_owned(),
                        code,
                        error,
                    }),
                }
            } else if starts_with_ignore_case(text, "otpauth:")
                || starts_with_ignore_case(text, "steam://")
            {
                match otpauth::parse(text) {
                    Ok(p) => self.add_single(p, origin),
                    Err(error) => self.problems.push(Problem::QrUri {
                        file: file.to_owned(),
                        code,
                        error,
                    }),
                }
            } else {
                self.problems.push(Problem::NotOtp {
                    file: file.to_owned(),
                    code,
                    content: shown_content(text),
                });
            }
        }
    }

    fn add_single(&mut self, parsed: otpauth::Parsed, origin: String) {
        let candidate = Candidate {
            name: parsed.name,
            otp: parsed.otp,
            origin: origin.clone(),
            extra: serde_json::Map::new(),
        };
        self.items.push((Batch::default(), origin, vec![candidate]));
    }

    fn add_payload(&mut self, payload: google_migration::Payload, origin: String) {
        let mut candidates = Vec::new();
        for account in payload.accounts {
            match account.entry {
                Ok((name, otp)) => candidates.push(Candidate {
                    name,
                    otp,
                    origin: origin.clone(),
                    extra: serde_json::Map::new(),
                }),
                Err(error) => self.problems.push(Problem::Account {
                    origin: origin.clone(),
                    label: format!("{:?}", account.label),
                    error,
                }),
            }
        }
        self.items.push((payload.batch, origin, candidates));
    }

    /// Puts multi-part exports together. A part missing is a [`Problem`] and its export's other parts are
    /// left out, unless `allow_partial`, which imports what is there and lists the gap in
    /// [`Collected::partial`].
    #[must_use]
    pub fn finish(self, allow_partial: bool) -> Collected {
        let assembled = google_migration::assemble(self.items);
        let mut out = Collected {
            candidates: assembled.complete.into_iter().flatten().collect(),
            problems: self.problems,
            partial: Vec::new(),
        };
        if allow_partial {
            out.candidates
                .extend(assembled.partial.into_iter().flatten());
            out.partial = assembled.gaps;
        } else {
            out.problems
                .extend(assembled.gaps.into_iter().map(Problem::Incomplete));
        }
        out
    }
}

/// The picture format a file's name says it is (`PNG` for `x.png`), if any.
fn picture_name(file: &str) -> Option<&'static str> {
    let (_, extension) = file.rsplit_once('.')?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "png" => "PNG",
        "jpg" | "jpeg" => "JPEG",
        "webp" => "WebP",
        "gif" => "GIF",
        "bmp" => "BMP",
        _ => return None,
    })
}

/// Whether any line of a text starts like an OTP URI: a text that does is a URI list whatever its name,
/// and its bad lines are reported by number.
fn holds_a_uri(text: &str) -> bool {
    text.lines().map(str::trim).any(|line| {
        starts_with_ignore_case(line, "otpauth:") || starts_with_ignore_case(line, "steam://")
    })
}

/// An HTML page (a download that saved the web page instead of the picture).
fn looks_like_html(text: &str) -> bool {
    let head = text.trim_start_matches('\u{feff}').trim_start();
    ["<!doctype html", "<html", "<head"]
        .iter()
        .any(|tag| starts_with_ignore_case(head, tag))
}

/// A JSON object or array (a URI list never starts with `{` or `[`).
fn looks_like_json(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes
        .iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['))
        && serde_json::from_slice::<serde_json::Value>(bytes).is_ok()
}

fn is_migration(text: &str) -> bool {
    starts_with_ignore_case(text, google_migration::SCHEME)
}

fn starts_with_ignore_case(text: &str, prefix: &str) -> bool {
    text.get(..prefix.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// What of a non-OTP code's text may be shown: a web address, shortened, since it tells the user what
/// the code is; anything else could be a bare secret (some enrolment cards hold only the base32 key),
/// so only its length is said.
fn shown_content(text: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let is_web = lower.starts_with("https://") || lower.starts_with("http://");
    if is_web && !lower.contains("secret") {
        shorten(text)
    } else {
        format!("{} characters, not shown", text.chars().count())
    }
}

/// The start of a text, on one line, for a message.
fn shorten(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if flat.chars().count() <= MAX_SHOWN_CONTENT {
        flat
    } else {
        let mut cut: String = flat.chars().take(MAX_SHOWN_CONTENT).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entry::{Kind, Name, Otp};

    const SAMPLE: &str = "otpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC";

    fn png_of(texts: &[&str]) -> Vec<u8> {
        let codes: Vec<image::GrayImage> = texts
            .iter()
            .map(|t| {
                qrcode::QrCode::new(t.as_bytes())
                    .unwrap()
                    .render::<image::Luma<u8>>()
                    .module_dimensions(4, 4)
                    .build()
            })
            .collect();
        let w = codes.iter().map(image::GrayImage::width).sum::<u32>() + 40;
        let h = codes.iter().map(image::GrayImage::height).max().unwrap() + 40;
        let mut canvas = image::GrayImage::from_pixel(w, h, image::Luma([255]));
        let mut x = 20;
        for c in &codes {
            image::imageops::overlay(&mut canvas, c, i64::from(x), 20);
            x += c.width();
        }
        let mut out = std::io::Cursor::new(Vec::new());
        canvas.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn text_with_both_kinds_of_uri() {
        let mut c = Collector::default();
        c.add_bytes(
            "list.txt",
            format!("# x\notpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n{SAMPLE}\nhttps://x\n")
                .as_bytes(),
        );
        let got = c.finish(false);
        let names: Vec<String> = got.candidates.iter().map(|c| c.name.to_string()).collect();
        assert_eq!(names, ["A:b", "Example:alice@google.com"]);
        assert_eq!(got.candidates[1].origin, "list.txt line 3");
        assert_eq!(got.problems.len(), 1);
        assert_eq!(
            got.problems[0].to_string(),
            "list.txt: line 4: not an otpauth:// URI"
        );
    }

    #[test]
    fn image_codes_are_classified() {
        let mut c = Collector::default();
        c.add_bytes(
            "x.png",
            &png_of(&[
                "otpauth://hotp/Bank:me?secret=JBSWY3DPEHPK3PXP&counter=3",
                "https://example.com/a/very/long/path/that/goes/on/and/on/and/on/forever/and/ever",
            ]),
        );
        let got = c.finish(false);
        assert_eq!(got.candidates.len(), 1);
        assert_eq!(got.candidates[0].otp.kind, Kind::Hotp { counter: 3 });
        assert_eq!(got.candidates[0].origin, "x.png QR code 1");
        let msg = got.problems[0].to_string();
        assert!(
            msg.starts_with("QR code 2 in x.png is not an OTP secret (https://example.com/"),
            "{msg}"
        );
        assert!(msg.ends_with("…)"), "{msg}");
    }

    #[test]
    fn image_problems_read_well() {
        let mut c = Collector::default();
        let blank = {
            let img = image::GrayImage::from_pixel(64, 64, image::Luma([255]));
            let mut out = std::io::Cursor::new(Vec::new());
            img.write_to(&mut out, image::ImageFormat::Png).unwrap();
            out.into_inner()
        };
        c.add_bytes("photo.png", &blank);
        c.add_bytes("t.png", &blank[..40]);
        c.add_bytes("bin", &[0xff, 0xfe, 0x00, 0x81]);
        let msgs: Vec<String> = c
            .finish(false)
            .problems
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            msgs,
            [
                "no QR code found in photo.png",
                "t.png is not a readable image (truncated PNG)",
                "bin is neither an image (PNG, JPEG, WebP, GIF, BMP) nor a text file of otpauth:// URIs"
            ]
        );
    }

    /// Issue 15: a `.png` that is really text was reported as "line 1: not an otpauth:// URI".
    #[test]
    fn text_named_as_a_picture_says_what_it_is() {
        let mut c = Collector::default();
        c.add_bytes(
            "code.png",
            b"<!DOCTYPE html>\n<html><body>QR</body></html>\n",
        );
        c.add_bytes("Shot.JPG", b"hello\n");
        c.add_bytes("list.png", b"otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP\n");
        let got = c.finish(false);
        assert_eq!(
            got.candidates.len(),
            1,
            "a URI list is read whatever its name"
        );
        let msgs: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
        assert_eq!(
            msgs,
            [
                "code.png is not a picture (the name says PNG, the content is HTML) and no otpauth:// URI in it",
                "Shot.JPG is not a picture (the name says JPEG, the content is text) and no otpauth:// URI in it",
            ]
        );
        assert_eq!(got.problems[0].place(), Some("code.png"));
    }

    #[test]
    fn backups_are_detected_and_unknown_json_is_named() {
        let mut c = Collector::default();
        c.add_bytes("x.json", br#"{"some": "thing"}"#);
        c.add_bytes(
            "bw.json",
            br#"{"encrypted": true, "passwordProtected": true, "data": "x"}"#,
        );
        c.add_bytes(
            "a.json",
            br#"[{"secret": "JBSWY3DPEHPK3PXP", "issuer": "I", "label": "l", "type": "TOTP"}]"#,
        );
        let got = c.finish(false);
        assert_eq!(got.candidates.len(), 1);
        assert_eq!(got.candidates[0].origin, "a.json entry 1");
        let msgs: Vec<String> = got.problems.iter().map(ToString::to_string).collect();
        assert!(msgs[0].starts_with("x.json is JSON but not"), "{msgs:?}");
        assert!(
            msgs[1].starts_with("bw.json (Bitwarden backup): an encrypted Bitwarden export"),
            "{msgs:?}"
        );
    }

    #[test]
    fn batches_across_inputs() {
        let entries: Vec<(Name, Otp)> = (0..3)
            .map(|i| {
                let p = otpauth::parse(&format!(
                    "otpauth://totp/I:u{i}?secret=JBSWY3DPEHPK3PX{}",
                    i + 2
                ))
                .unwrap();
                (p.name, p.otp)
            })
            .collect();
        let refs: Vec<(&Name, &Otp)> = entries.iter().map(|(n, o)| (n, o)).collect();
        let uris = google_migration::encode_uris(&refs, 1, 42).unwrap();
        let mut c = Collector::default();
        c.add_text("a.txt", &uris[0]);
        c.add_text("c.txt", &uris[2]);
        let got = c.finish(false);
        assert!(got.candidates.is_empty());
        assert_eq!(got.problems.len(), 1);
        assert!(got.problems[0].to_string().contains("part 2 of 3 missing"));

        let mut c = Collector::default();
        c.add_text("a.txt", &uris[0]);
        c.add_text("c.txt", &uris[2]);
        let got = c.finish(true);
        assert_eq!(got.candidates.len(), 2);
        assert!(got.problems.is_empty());
        assert_eq!(got.partial[0].missing, [2]);

        let mut c = Collector::default();
        for (i, u) in uris.iter().enumerate().rev() {
            c.add_text(&format!("{i}.txt"), u);
        }
        let got = c.finish(false);
        assert_eq!(got.candidates.len(), 3);
        assert!(got.problems.is_empty());
    }
}
