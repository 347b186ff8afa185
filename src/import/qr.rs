//! QR codes in pictures: the bytes of a PNG, JPEG, WebP, GIF or BMP in, the text of every code out.
//!
//! Screenshots and phone photos both arrive here, so the decoding is layered (CRATES.md §7, measured
//! again by `benches/qr_corpus.rs`): rxing first (its multi-code detector, then its single-code reader
//! with `TryHarder` and `AlsoInverted`), which finds clean, rotated, inverted and several codes in a few
//! milliseconds, scanning again with each decoded code painted over until nothing new turns up (one
//! scan misses codes that touch, or that sit among codes of other sizes); then rqrr on the same grey pixels, normal and inverted, which rescues some
//! low-contrast codes rxing misses. rqrr can take seconds to minutes on large noisy photos, so it only
//! sees a downscaled copy of big images. Both decoders have panicked on real input (rqrr#54), so every
//! call is contained with `catch_unwind`, and a panic reads as "could not decode".
//!
//! Nothing is trusted about the input: its dimensions are checked before any pixel is decoded, and the
//! decoder's allocations are capped, so a 20000×20000 PNG costs a header read, not gigabytes.

use std::cell::Cell;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use image::{DynamicImage, GrayImage, ImageError, ImageFormat, ImageReader};

thread_local! {
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
}

/// Whether this thread is inside a decoder call whose panic fob catches and reports as "could not
/// decode". A program's panic hook asks this to stay silent for such panics rather than print a crash
/// report for something that is not one.
#[must_use]
pub fn containing_a_panic() -> bool {
    CONTAINING.with(Cell::get)
}

/// Runs a decoder, turning a panic into an error.
fn contained<T>(decode: impl FnOnce() -> T) -> std::thread::Result<T> {
    CONTAINING.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(decode));
    CONTAINING.with(|c| c.set(false));
    result
}

/// How much image fob agrees to decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Widest image accepted, in pixels.
    pub max_width: u32,
    /// Tallest image accepted, in pixels.
    pub max_height: u32,
    /// Most pixels accepted: a 48-megapixel phone photo fits; a decompression bomb does not.
    pub max_pixels: u64,
    /// Most bytes the image decoder may allocate at once.
    pub max_alloc: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_width: 16_384,
            max_height: 16_384,
            max_pixels: 50_000_000,
            max_alloc: 256 << 20,
        }
    }
}

/// Images larger than this (in pixels on the longer side) are shrunk before rqrr sees them: its time
/// grows with clutter times area (CRATES.md 2.6), and rxing has already searched the full resolution.
const RQRR_MAX_SIDE: u32 = 1600;

/// Why no payload came out of an image. Carries no pixel data and no decoded text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QrError {
    /// Not an image in a format fob reads, or damaged.
    #[error("is not a readable image ({0})")]
    NotAnImage(String),
    /// Larger than [`Limits`] allow.
    #[error(
        "is too large to scan ({width}x{height} pixels; at most {max_width}x{max_height} and {max_megapixels} megapixels)"
    )]
    TooLarge {
        /// The image's width.
        width: u32,
        /// The image's height.
        height: u32,
        /// The width limit.
        max_width: u32,
        /// The height limit.
        max_height: u32,
        /// The area limit, in millions of pixels.
        max_megapixels: u64,
    },
    /// The image was read but holds no QR code that could be decoded.
    #[error("holds no QR code that could be read")]
    NoCode,
    /// A decoder crashed on this image and none found a code.
    #[error("could not be decoded (the QR decoder failed on it)")]
    DecoderFailed,
}

/// Whether `bytes` start like one of the image formats fob reads (PNG, JPEG, GIF, BMP, WebP), so that
/// stdin can hold either a picture or a list of URIs.
#[must_use]
pub fn looks_like_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(&[0xff, 0xd8, 0xff])
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || bytes.starts_with(b"BM")
        || (bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP")
}

/// Decodes an image and returns the text of every QR code in it, top to bottom, left to right.
/// Untrusted input: a fuzzing entry point.
pub fn decode_image(bytes: &[u8], limits: &Limits) -> Result<Vec<String>, QrError> {
    let luma = load_luma(bytes, limits)?;
    scan_luma(&luma)
}

/// Reads an image into grey levels, refusing it before decoding when it is larger than `limits`.
pub fn load_luma(bytes: &[u8], limits: &Limits) -> Result<GrayImage, QrError> {
    let reader = || {
        ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| QrError::NotAnImage(e.to_string()))
    };
    let format = reader()?.format().ok_or_else(|| {
        QrError::NotAnImage("unknown format; PNG, JPEG, WebP, GIF and BMP are read".to_owned())
    })?;
    let (width, height) = reader()?
        .into_dimensions()
        .map_err(|e| QrError::NotAnImage(describe(&e, format)))?;
    let too_large = QrError::TooLarge {
        width,
        height,
        max_width: limits.max_width,
        max_height: limits.max_height,
        max_megapixels: limits.max_pixels / 1_000_000,
    };
    if width > limits.max_width
        || height > limits.max_height
        || u64::from(width) * u64::from(height) > limits.max_pixels
    {
        return Err(too_large);
    }
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_width);
    image_limits.max_image_height = Some(limits.max_height);
    image_limits.max_alloc = Some(limits.max_alloc);
    let mut rdr = reader()?;
    rdr.limits(image_limits);
    let decoded = contained(|| rdr.decode())
        .map_err(|_| QrError::NotAnImage(format!("damaged {}", name(format))))?;
    match decoded {
        Ok(img) => Ok(to_luma(img)),
        Err(ImageError::Limits(_)) => Err(too_large),
        Err(e) => Err(QrError::NotAnImage(describe(&e, format))),
    }
}

/// Grey levels, with any transparency composited onto white: a QR code exported with a transparent
/// background has its light modules transparent and black below them, which would read as all dark.
fn to_luma(img: DynamicImage) -> GrayImage {
    if !img.color().has_alpha() {
        return img.into_luma8();
    }
    let la = img.into_luma_alpha8();
    GrayImage::from_fn(la.width(), la.height(), |x, y| {
        let [l, a] = la.get_pixel(x, y).0;
        let blended = (u32::from(l) * u32::from(a) + 255 * (255 - u32::from(a))) / 255;
        image::Luma([blended as u8])
    })
}

fn name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Png => "PNG",
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::WebP => "WebP",
        ImageFormat::Gif => "GIF",
        ImageFormat::Bmp => "BMP",
        _ => "image",
    }
}

/// A few words on why an image could not be read, for "x.png is not a readable image (truncated PNG)".
fn describe(e: &ImageError, format: ImageFormat) -> String {
    let fmt = name(format);
    match e {
        ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            format!("truncated {fmt}")
        }
        ImageError::Unsupported(_) => {
            if matches!(
                format,
                ImageFormat::Png
                    | ImageFormat::Jpeg
                    | ImageFormat::WebP
                    | ImageFormat::Gif
                    | ImageFormat::Bmp
            ) {
                format!("a {fmt} variant fob cannot read")
            } else {
                format!(
                    "{} images are not read; use PNG, JPEG, WebP, GIF or BMP",
                    format
                        .extensions_str()
                        .first()
                        .copied()
                        .unwrap_or("these")
                        .to_ascii_uppercase()
                )
            }
        }
        other => {
            let text = other.to_string().to_ascii_lowercase();
            if [
                "eof",
                "end of",
                "truncat",
                "unexpected end",
                "not enough",
                "no more data",
            ]
            .iter()
            .any(|w| text.contains(w))
            {
                format!("truncated {fmt}")
            } else {
                format!("damaged {fmt}")
            }
        }
    }
}

/// Finds and decodes every QR code in a grey image. A fuzzing entry point too.
pub fn scan_luma(luma: &GrayImage) -> Result<Vec<String>, QrError> {
    if luma.width() == 0 || luma.height() == 0 {
        return Err(QrError::NoCode);
    }
    let mut panicked = false;
    let mut found = with_rxing(luma, &mut panicked);
    if found.is_empty() {
        let small = shrink(luma, RQRR_MAX_SIDE);
        let image = small.as_ref().unwrap_or(luma);
        for invert in [false, true] {
            match contained(|| with_rqrr(image, invert)) {
                Ok(codes) => found = codes,
                Err(_) => panicked = true,
            }
            if !found.is_empty() {
                break;
            }
        }
    }
    if found.is_empty() {
        return Err(if panicked {
            QrError::DecoderFailed
        } else {
            QrError::NoCode
        });
    }
    // Reading order, in bands a tenth of the image tall so codes side by side keep left-to-right order.
    let band = i64::from((luma.height() / 10).max(1));
    found.sort_by_key(|(_, (x, y))| (y.div_euclid(band), *x));
    let mut texts: Vec<String> = Vec::with_capacity(found.len());
    for (text, _) in found {
        if !texts.contains(&text) {
            texts.push(text);
        }
    }
    Ok(texts)
}

/// A decoded text and the top-left-most corner of its code, for ordering.
type Found = (String, (i64, i64));

/// Most codes looked for in one picture: a Google export screen shows one code, and people put a few
/// screens side by side; each further code costs one more scan.
const MAX_CODES: usize = 16;

/// rxing, repeated until it finds nothing new: each pass runs [`rxing_pass`], then paints over every
/// code it decoded and looks again. One pass alone misses codes when several share a picture: the
/// multi-code detector pairs finder patterns of neighbouring codes (two screens side by side, or a
/// large and a small code) into shapes that decode to nothing and then stops, so a picture with two
/// Google export screens gave only one. With the decoded codes gone, their finder patterns cannot be
/// paired with the others', and the next pass sees the rest.
fn with_rxing(luma: &GrayImage, panicked: &mut bool) -> Vec<Found> {
    let mut found: Vec<Found> = Vec::new();
    let mut work: Option<GrayImage> = None;
    // Once a pass has found codes, later passes look only the way it found them (see `Scan`), which
    // halves the cost of the last, empty pass on a picture of one code.
    let mut scan = Scan {
        polarity: None,
        multi: true,
    };
    while found.len() < MAX_CODES {
        // Each pass is contained on its own, so a panic in a later pass keeps what earlier ones found.
        let Ok((pass, next)) = contained(|| rxing_pass(work.as_ref().unwrap_or(luma), scan)) else {
            *panicked = true;
            break;
        };
        scan = next;
        let before = found.len();
        let canvas = work.get_or_insert_with(|| luma.clone());
        for (text, points) in pass {
            if let [bottom_left, top_left, top_right, ..] = points[..] {
                erase(canvas, [bottom_left, top_left, top_right]);
            }
            if !found.iter().any(|(t, _)| *t == text) {
                found.push((text, top_left_of(&points)));
            }
        }
        if found.len() == before {
            break;
        }
    }
    found
}

/// A decoded text and rxing's points for its code: the centres of its three finder patterns (bottom
/// left, top left, top right), then its alignment pattern if it has one.
type Located = (String, Vec<(f32, f32)>);

/// One rxing scan. First its multi-QR detector, which finds the codes of a screenshot in one pass
/// (15 ms at 1080p), on the picture and then on its inverse. When that finds nothing, the single-code
/// reader with `TryHarder` and `AlsoInverted`, which copes with the perspective and rotation of photos
/// that the multi detector's stricter finder-pattern check rejects (100 ms at 12 MP). rxing's
/// generic multi reader would do both at once but rescans every region around a found code, which
/// measured five times slower on cluttered photos for no extra code found. `polarity` (inverted or
/// not) limits the pass to one way when it is known; the way codes were found is returned.
fn rxing_pass(luma: &GrayImage, scan: Scan) -> (Vec<Located>, Scan) {
    use rxing::Reader;
    use rxing::multi::MultipleBarcodeReader;
    use rxing::multi::qrcode::QRCodeMultiReader;

    let Scan { polarity, multi } = scan;
    let Ok(source) = rxing::Luma8Source::new_with_slice(luma.as_raw(), luma.width(), luma.height())
    else {
        return (Vec::new(), scan);
    };
    let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
    let hints = rxing::DecodeHints::default()
        .with(rxing::DecodeHintValue::PossibleFormats(
            [rxing::BarcodeFormat::QR_CODE].into_iter().collect(),
        ))
        .with(rxing::DecodeHintValue::TryHarder(true))
        .with(rxing::DecodeHintValue::AlsoInverted(polarity.is_none()));
    let mut is_inverted = false;
    let ways = polarity.map_or(&[false, true][..], |p| if p { &[true] } else { &[false] });
    for inverted in if multi { ways } else { &[] } {
        if *inverted != is_inverted {
            bitmap.invert();
            is_inverted = *inverted;
        }
        let found: Vec<Located> = QRCodeMultiReader::default()
            .decode_multiple_with_hints(&mut bitmap, &hints)
            .unwrap_or_default()
            .iter()
            .map(located)
            .collect();
        if !found.is_empty() {
            let scan = Scan {
                polarity: Some(*inverted),
                multi: true,
            };
            return (found, scan);
        }
    }
    if polarity.is_some() && multi {
        // The detector found codes in the pass before and nothing more now: the picture is a
        // screenshot-like one, where the single-code reader would find nothing the detector missed.
        return (Vec::new(), scan);
    }
    if polarity.is_none() && is_inverted {
        bitmap.invert();
    }
    let found = rxing::MultiFormatReader::default()
        .decode_with_hints(&mut bitmap, &hints)
        .map(|r| vec![located(&r)])
        .unwrap_or_default();
    let multi = multi && found.is_empty();
    (found, Scan { polarity, multi })
}

/// What a pass of [`rxing_pass`] tries, narrowed by what found codes in the pass before.
#[derive(Debug, Clone, Copy)]
struct Scan {
    /// Only light on dark (`Some(true)`) or dark on light, once codes were found that way.
    polarity: Option<bool>,
    /// Whether to run the multi-code detector: not after it found nothing and the single-code reader
    /// found a code (a photo at an angle, which the detector rejects however often it is asked).
    multi: bool,
}

fn located(r: &rxing::RXingResult) -> Located {
    (
        r.getText().to_owned(),
        r.getPoints().iter().map(|p| (p.x, p.y)).collect(),
    )
}

fn top_left_of(points: &[(f32, f32)]) -> (i64, i64) {
    points.iter().fold((i64::MAX, i64::MAX), |a, p| {
        (a.0.min(p.0 as i64), a.1.min(p.1 as i64))
    })
}

/// Paints over a decoded code: the parallelogram whose corners are its three finder-pattern centres
/// and the fourth corner they imply. That stays inside the code, so a neighbouring code, however
/// close, is untouched, and it takes away the inner quarter of each finder pattern, which is enough
/// for no detector to see a finder pattern there again.
// Pixel coordinates are at most 16384 (`Limits`), exact in an f32, and clamped at 0 before each cast.
#[allow(clippy::cast_sign_loss, clippy::cast_precision_loss)]
fn erase(canvas: &mut GrayImage, [bl, tl, tr]: [(f32, f32); 3]) {
    let br = (tr.0 + bl.0 - tl.0, tr.1 + bl.1 - tl.1);
    let quad = [tl, tr, br, bl];
    let (xs, ys): (Vec<f32>, Vec<f32>) = quad.iter().copied().unzip();
    let bound = |v: &[f32], max: u32| {
        let lo = v.iter().copied().fold(f32::MAX, f32::min).floor().max(0.0) as u32;
        let hi = (v.iter().copied().fold(f32::MIN, f32::max).ceil().max(0.0) as u32).min(max);
        (lo, hi)
    };
    let (x0, x1) = bound(&xs, canvas.width());
    let (y0, y1) = bound(&ys, canvas.height());
    // Inside when on the same side of all four edges (either winding).
    let side = |a: (f32, f32), b: (f32, f32), p: (f32, f32)| {
        (b.0 - a.0) * (p.1 - a.1) - (b.1 - a.1) * (p.0 - a.0)
    };
    for y in y0..y1 {
        for x in x0..x1 {
            let p = (x as f32 + 0.5, y as f32 + 0.5);
            let s: Vec<f32> = (0..4)
                .map(|i| side(quad[i], quad[(i + 1) % 4], p))
                .collect();
            if s.iter().all(|v| *v >= 0.0) || s.iter().all(|v| *v <= 0.0) {
                canvas.put_pixel(x, y, image::Luma([255]));
            }
        }
    }
}

fn with_rqrr(luma: &GrayImage, invert: bool) -> Vec<Found> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        luma.width() as usize,
        luma.height() as usize,
        |x, y| {
            let v = luma.get_pixel(x as u32, y as u32).0[0];
            if invert { 255 - v } else { v }
        },
    );
    prepared
        .detect_grids()
        .into_iter()
        .filter_map(|grid| {
            let corner = grid.bounds.iter().fold((i64::MAX, i64::MAX), |a, p| {
                (a.0.min(i64::from(p.x)), a.1.min(i64::from(p.y)))
            });
            grid.decode().ok().map(|(_, text)| (text, corner))
        })
        .collect()
}

/// A copy no larger than `max_side` on either side, or `None` when the image is already that small.
fn shrink(luma: &GrayImage, max_side: u32) -> Option<GrayImage> {
    let longer = luma.width().max(luma.height());
    if longer <= max_side {
        return None;
    }
    let scaled =
        |side: u32| (u64::from(side) * u64::from(max_side) / u64::from(longer)).max(1) as u32;
    let (w, h) = (scaled(luma.width()), scaled(luma.height()));
    Some(image::imageops::resize(
        luma,
        w,
        h,
        image::imageops::FilterType::Triangle,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decoder_panic_is_contained_and_flagged_while_it_runs() {
        let inside = contained(containing_a_panic);
        assert_eq!(inside.ok(), Some(true));
        let panicked = contained(|| -> u8 { panic!("decoder bug") });
        assert!(panicked.is_err());
        assert!(!containing_a_panic());
    }

    fn png_of(text: &str) -> Vec<u8> {
        let code = qrcode::QrCode::new(text.as_bytes()).unwrap();
        let img = code
            .render::<image::Luma<u8>>()
            .module_dimensions(4, 4)
            .build();
        let mut out = Cursor::new(Vec::new());
        img.write_to(&mut out, ImageFormat::Png).unwrap();
        out.into_inner()
    }

    #[test]
    fn clean_code_decodes() {
        let png = png_of("otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP");
        assert!(looks_like_image(&png));
        assert_eq!(
            decode_image(&png, &Limits::default()).unwrap(),
            ["otpauth://totp/A:b?secret=JBSWY3DPEHPK3PXP"]
        );
    }

    #[test]
    fn inverted_code_decodes() {
        let code = qrcode::QrCode::new(b"hello inverted").unwrap();
        let mut img = code
            .render::<image::Luma<u8>>()
            .module_dimensions(5, 5)
            .build();
        image::imageops::invert(&mut img);
        assert_eq!(scan_luma(&img).unwrap(), ["hello inverted"]);
    }

    #[test]
    fn blank_image_has_no_code() {
        let img = GrayImage::from_pixel(300, 200, image::Luma([200]));
        assert_eq!(scan_luma(&img), Err(QrError::NoCode));
        assert_eq!(scan_luma(&GrayImage::new(0, 0)), Err(QrError::NoCode));
    }

    #[test]
    fn truncated_and_foreign_inputs_are_named() {
        let png = png_of("truncate me");
        let err = decode_image(&png[..png.len() / 2], &Limits::default()).unwrap_err();
        assert_eq!(err, QrError::NotAnImage("truncated PNG".into()));
        assert!(matches!(
            decode_image(b"hello, world", &Limits::default()),
            Err(QrError::NotAnImage(_))
        ));
        assert!(!looks_like_image(b"otpauth://totp/x"));
    }

    #[test]
    fn huge_dimensions_are_refused_from_the_header() {
        let limits = Limits::default();
        // A PNG header claiming 20000x20000 with no pixel data behind it.
        let mut png = Vec::new();
        png.extend_from_slice(b"\x89PNG\r\n\x1a\n");
        let mut ihdr = Vec::new();
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&20_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
        png.extend_from_slice(&13u32.to_be_bytes());
        let mut chunk = b"IHDR".to_vec();
        chunk.extend_from_slice(&ihdr);
        png.extend_from_slice(&chunk);
        png.extend_from_slice(&crc32(&chunk).to_be_bytes());
        // The start of a zlib stream, as a real file's first data chunk would begin.
        let idat = b"IDAT\x78\x9c\x01\x02";
        png.extend_from_slice(&4u32.to_be_bytes());
        png.extend_from_slice(idat);
        png.extend_from_slice(&crc32(idat).to_be_bytes());
        let got = decode_image(&png, &limits);
        assert!(
            matches!(
                got,
                Err(QrError::TooLarge {
                    width: 20_000,
                    height: 20_000,
                    ..
                })
            ),
            "{got:?}"
        );
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffff_u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
