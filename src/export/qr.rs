//! Drawing a text (an otpauth URI, a migration URI) as a QR code: for a terminal, with Unicode half
//! blocks, or as a PNG file. Returns strings and bytes; the caller decides where they go.

use std::io::Cursor;

use qrcode::render::unicode::Dense1x2;
use qrcode::{EcLevel, QrCode};
use zeroize::Zeroizing;

/// Why a text cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// More data than the largest QR code holds.
    #[error("too much data for one QR code ({0} bytes)")]
    TooLong(usize),
    /// The PNG encoder failed (it writes to memory, so this is not expected).
    #[error("cannot encode the PNG: {0}")]
    Png(String),
}

/// Side of one module in a PNG, in pixels: large enough for a phone to read off a screen or a print.
pub const PNG_MODULE_PIXELS: u32 = 8;

/// ANSI colours for the terminal drawing: black on white from the fixed 256-colour cube (16 is #000000,
/// 231 is #ffffff). The 16 basic colours are theme-dependent, and a terminal's own foreground is light on
/// a dark theme, which would print the code inverted; many phone scanners reject that.
const BLACK_ON_WHITE: &str = "\x1b[38;5;16;48;5;231m";
const RESET: &str = "\x1b[0m";

/// Level M (15 % recovery), what sites use for otpauth codes; a 10-account migration URI still fits.
fn code(text: &str) -> Result<QrCode, RenderError> {
    QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|_| RenderError::TooLong(text.len()))
}

/// The columns and lines [`terminal`] draws `text` in: the code's modules and the quiet zone of 4 on each
/// side, two modules to a line.
pub fn terminal_size(text: &str) -> Result<(usize, usize), RenderError> {
    let side = code(text)?.width() + 8;
    Ok((side, side.div_ceil(2)))
}

/// The code as lines of half blocks (one character per module wide, two modules per line tall) with the
/// standard quiet zone, each line wrapped in explicit black-on-white colours and ended with a reset.
pub fn terminal(text: &str) -> Result<Zeroizing<String>, RenderError> {
    let blocks = Zeroizing::new(
        code(text)?
            .render::<Dense1x2>()
            .dark_color(Dense1x2::Dark)
            .light_color(Dense1x2::Light)
            .quiet_zone(true)
            .build(),
    );
    let mut out = Zeroizing::new(String::with_capacity(blocks.len() * 2));
    for line in blocks.lines() {
        out.push_str(BLACK_ON_WHITE);
        out.push_str(line);
        out.push_str(RESET);
        out.push('\n');
    }
    Ok(out)
}

/// The code as a greyscale PNG, black on white, with the quiet zone.
pub fn png(text: &str) -> Result<Zeroizing<Vec<u8>>, RenderError> {
    let image = code(text)?
        .render::<image::Luma<u8>>()
        .module_dimensions(PNG_MODULE_PIXELS, PNG_MODULE_PIXELS)
        .quiet_zone(true)
        .build();
    let mut out = Cursor::new(Vec::new());
    image
        .write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| RenderError::Png(e.to_string()))?;
    Ok(Zeroizing::new(out.into_inner()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI: &str =
        "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

    #[test]
    fn png_decodes_back() {
        let bytes = png(URI).unwrap();
        let texts =
            crate::import::qr::decode_image(&bytes, &crate::import::qr::Limits::default()).unwrap();
        assert_eq!(texts, [URI]);
    }

    #[test]
    fn terminal_drawing_has_colours_and_quiet_zone() {
        let s = terminal(URI).unwrap();
        let lines: Vec<&str> = s.lines().collect();
        assert!(
            lines
                .iter()
                .all(|l| l.starts_with(BLACK_ON_WHITE) && l.ends_with(RESET))
        );
        let first = lines[0]
            .trim_start_matches(BLACK_ON_WHITE)
            .trim_end_matches(RESET);
        assert!(first.chars().all(|c| c == ' '), "quiet zone: {first:?}");
        let width = first.chars().count();
        assert!(lines.iter().all(|l| {
            l.trim_start_matches(BLACK_ON_WHITE)
                .trim_end_matches(RESET)
                .chars()
                .count()
                == width
        }));
        assert!(s.contains('█'));
    }

    #[test]
    fn too_much_data_is_an_error() {
        assert_eq!(
            png(&"x".repeat(5000)).unwrap_err(),
            RenderError::TooLong(5000)
        );
    }
}
