//! QR codes in pictures: the bytes of a PNG, JPEG, WebP, GIF or BMP in, the text of every code out.
//!
//! Screenshots and phone photos both arrive here, so the decoding is layered (CRATES.md §7, measured
//! again by `benches/qr_corpus.rs`): rxing first (its multi-code detector with every code it proposes
//! decoded on its own, then its perspective-tolerant readers), which finds clean, rotated, inverted
//! and several codes in one scan of a few milliseconds; then rqrr on the same grey pixels, normal and
//! inverted, which rescues some low-contrast codes rxing misses. rqrr can take seconds to minutes on
//! large noisy photos, so it only sees a downscaled copy of big images. Both decoders have panicked on
//! real input (rqrr#54), so every call is contained with `catch_unwind`, and a panic reads as "could
//! not decode".
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
    let mut found = contained(|| with_rxing(luma)).unwrap_or_else(|_| {
        panicked = true;
        Vec::new()
    });
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

/// rxing in two steps.
///
/// First its multi-QR finder-pattern detector, on the picture and then on its inverse, with each code
/// shape it proposes decoded on its own ([`by_finder_patterns`]): every code of a screenshot, or of
/// several screenshots pasted together, in one scan (15 ms at 1080p).
///
/// When that finds nothing either way, rxing's port of zxing-cpp's reader, asked for every code, and
/// then its single-code reader, on the picture and then on its inverse: they cope with the perspective
/// and rotation of photos that the detector's stricter geometry rejects (100 ms at 12 MP), and the
/// first reads every code of such a photo. rxing's generic multi reader would do both steps at once
/// but rescans every region around a found code, which measured five times slower on cluttered photos
/// for no extra code found.
fn with_rxing(luma: &GrayImage) -> Vec<Found> {
    use rxing::Reader;
    use rxing::multi::MultipleBarcodeReader;

    let Ok(source) = rxing::Luma8Source::new_with_slice(luma.as_raw(), luma.width(), luma.height())
    else {
        return Vec::new();
    };
    let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
    let hints = rxing::DecodeHints::default()
        .with(rxing::DecodeHintValue::PossibleFormats(
            [rxing::BarcodeFormat::QR_CODE].into_iter().collect(),
        ))
        .with(rxing::DecodeHintValue::TryHarder(true));
    for inverted in [false, true] {
        if inverted {
            bitmap.invert();
        }
        let found = by_finder_patterns(bitmap.get_black_matrix(), &hints);
        if !found.is_empty() {
            return found;
        }
    }
    // The bitmap is inverted now: turn it back, and over again when nothing turns up.
    for _ in 0..2 {
        bitmap.invert();
        let mut codes = rxing::qrcode::cpp_port::QrReader
            .decode_multiple_with_hints(&mut bitmap, &hints)
            .unwrap_or_default();
        if codes.is_empty() {
            codes.extend(
                rxing::qrcode::QRCodeReader
                    .decode_with_hints(&mut bitmap, &hints)
                    .ok(),
            );
        }
        if !codes.is_empty() {
            return codes
                .iter()
                .map(|r| (r.getText().to_owned(), top_left_of(r.getPoints())))
                .collect();
        }
    }
    Vec::new()
}

/// rxing's multi-QR detector, with each code shape it proposes (three finder patterns in place)
/// sampled and decoded on its own. rxing's own `QRCodeMultiReader` drops every code of the picture
/// when one shape fails with a checksum or format error, which the shapes that pair finder patterns of
/// neighbouring codes do: from two Google export screens side by side it returned nothing (issue 15).
fn by_finder_patterns(matrix: &rxing::common::BitMatrix, hints: &rxing::DecodeHints) -> Vec<Found> {
    use rxing::common::DetectorRXingResult;

    let shapes = rxing::multi::qrcode::detector::MultiFinderPatternFinder::new(matrix, None)
        .findMulti(hints)
        .unwrap_or_default();
    let detector = rxing::qrcode::detector::Detector::new(matrix);
    shapes
        .into_iter()
        .filter_map(|shape| {
            let grid = detector.processFinderPatternInfo(shape).ok()?;
            let code = rxing::qrcode::decoder::qrcode_decoder::decode_bitmatrix_with_hints(
                grid.getBits(),
                hints,
            )
            .ok()?;
            Some((code.getText().to_owned(), top_left_of(grid.getPoints())))
        })
        .collect()
}

fn top_left_of(points: &[rxing::Point]) -> (i64, i64) {
    points.iter().fold((i64::MAX, i64::MAX), |a, p| {
        (a.0.min(p.x as i64), a.1.min(p.y as i64))
    })
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
