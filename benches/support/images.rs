//! Pictures of QR codes made at run time, for the integration tests and the decoding benchmark: clean
//! renders, and the ways real screenshots and photos differ from them (scale, rotation, perspective,
//! blur, JPEG, noise, inversion, low contrast, a small code on a big cluttered background).
//!
//! Shared by `tests/it/import_qr.rs` and `benches/qr_corpus.rs` through `#[path]`, so each uses only some
//! of it.
#![allow(dead_code)]
// Pixel arithmetic: every value is clamped to its range before the cast.
#![allow(
    clippy::cast_precision_loss,
    clippy::cast_sign_loss,
    clippy::cast_possible_wrap,
    clippy::many_single_char_names,
    clippy::similar_names
)]

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma};

/// A code with a 4-module quiet zone, `module` pixels per module, black on white.
pub fn render(text: &str, module: u32) -> GrayImage {
    qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
        .expect("text fits in a QR code")
        .render::<Luma<u8>>()
        .module_dimensions(module, module)
        .quiet_zone(true)
        .build()
}

/// Encodes as PNG.
pub fn png(img: &GrayImage) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .expect("PNG encodes");
    out.into_inner()
}

/// Encodes as JPEG at `quality` (1-100).
pub fn jpeg(img: &GrayImage, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .expect("JPEG encodes");
    out
}

/// Encodes as a colour JPEG, warm-tinted like a phone photo under indoor light, so the decoder pays for
/// three channels as it does with real photos.
pub fn jpeg_colour(img: &GrayImage, quality: u8) -> Vec<u8> {
    let rgb = image::RgbImage::from_fn(img.width(), img.height(), |x, y| {
        let v = u16::from(img.get_pixel(x, y).0[0]);
        image::Rgb([v.min(255) as u8, (v * 15 / 16) as u8, (v * 12 / 16) as u8])
    });
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(&rgb)
        .expect("JPEG encodes");
    out
}

/// Encodes in another format the importer reads.
pub fn encode(img: &GrayImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image::DynamicImage::ImageLuma8(img.clone())
        .into_rgb8()
        .write_to(&mut out, format)
        .expect("image encodes");
    out.into_inner()
}

/// A small deterministic random source (xorshift64*), so every run makes the same pictures.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
    /// Uniform in `-1.0..1.0`.
    pub fn signed(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 52) as f64 - 1.0
    }
}

/// Scales by `factor` (smooth).
pub fn scale(img: &GrayImage, factor: f64) -> GrayImage {
    let w = ((f64::from(img.width()) * factor).round() as u32).max(1);
    let h = ((f64::from(img.height()) * factor).round() as u32).max(1);
    image::imageops::resize(img, w, h, image::imageops::FilterType::Triangle)
}

/// Gaussian blur.
pub fn blur(img: &GrayImage, sigma: f32) -> GrayImage {
    image::imageops::blur(img, sigma)
}

/// Adds uniform noise of up to `amount` levels to every pixel.
pub fn noise(img: &GrayImage, amount: u8, rng: &mut Rng) -> GrayImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        let d = (rng.signed() * f64::from(amount)) as i32;
        p.0[0] = (i32::from(p.0[0]) + d).clamp(0, 255) as u8;
    }
    out
}

/// Light on dark.
pub fn invert(img: &GrayImage) -> GrayImage {
    let mut out = img.clone();
    image::imageops::invert(&mut out);
    out
}

/// Squeezes the levels into `low..=high` (a washed-out screen photo).
pub fn contrast(img: &GrayImage, low: u8, high: u8) -> GrayImage {
    let mut out = img.clone();
    for p in out.pixels_mut() {
        p.0[0] = (u32::from(low) + u32::from(p.0[0]) * u32::from(high - low) / 255) as u8;
    }
    out
}

/// Draws `img` onto `canvas` so that its corners land on `quad` (top-left, top-right, bottom-right,
/// bottom-left), with a true perspective mapping and bilinear sampling. Rotation is the special case of
/// a rotated square.
pub fn warp_onto(canvas: &mut GrayImage, img: &GrayImage, quad: [(f64, f64); 4]) {
    let m = square_to_quad(quad);
    let inv = invert3(m);
    let (min_x, max_x) = minmax(quad.iter().map(|p| p.0));
    let (min_y, max_y) = minmax(quad.iter().map(|p| p.1));
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let x0 = min_x.floor().max(0.0) as u32;
    let y0 = min_y.floor().max(0.0) as u32;
    let x1 = (max_x.ceil() as u32).min(canvas.width());
    let y1 = (max_y.ceil() as u32).min(canvas.height());
    for y in y0..y1 {
        for x in x0..x1 {
            let (px, py) = (f64::from(x) + 0.5, f64::from(y) + 0.5);
            let d = inv[6] * px + inv[7] * py + inv[8];
            let u = (inv[0] * px + inv[1] * py + inv[2]) / d;
            let v = (inv[3] * px + inv[4] * py + inv[5]) / d;
            if (0.0..1.0).contains(&u) && (0.0..1.0).contains(&v) {
                let value = bilinear(img, u * w - 0.5, v * h - 0.5);
                canvas.put_pixel(x, y, Luma([value]));
            }
        }
    }
}

/// Rotates by `degrees` onto a canvas just large enough, filled with `background`.
pub fn rotate(img: &GrayImage, degrees: f64, background: u8) -> GrayImage {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let (s, c) = degrees.to_radians().sin_cos();
    let cw = (w * c.abs() + h * s.abs()).ceil() + 2.0;
    let ch = (w * s.abs() + h * c.abs()).ceil() + 2.0;
    let mut canvas = GrayImage::from_pixel(cw as u32, ch as u32, Luma([background]));
    let (cx, cy) = (cw / 2.0, ch / 2.0);
    let corner = |x: f64, y: f64| {
        let (dx, dy) = (x - w / 2.0, y - h / 2.0);
        (cx + dx * c - dy * s, cy + dx * s + dy * c)
    };
    let quad = [
        corner(0.0, 0.0),
        corner(w, 0.0),
        corner(w, h),
        corner(0.0, h),
    ];
    warp_onto(&mut canvas, img, quad);
    canvas
}

/// A keystone view, as a photo taken from below and to the side: the top edge shorter than the bottom.
pub fn perspective(img: &GrayImage, background: u8) -> GrayImage {
    let (w, h) = (f64::from(img.width()), f64::from(img.height()));
    let (cw, ch) = (w * 1.3, h * 1.3);
    let mut canvas = GrayImage::from_pixel(cw as u32, ch as u32, Luma([background]));
    let quad = [
        (w * 0.25, h * 0.12),
        (w * 1.1, h * 0.2),
        (w * 1.22, h * 1.2),
        (w * 0.08, h * 1.1),
    ];
    warp_onto(&mut canvas, img, quad);
    canvas
}

/// A textured, uneven background of `w`×`h`: a lighting gradient, soft blotches, fine grain and some
/// dark rectangles (text, icons, edges of things), as around a code in a photo.
pub fn clutter(w: u32, h: u32, rng: &mut Rng) -> GrayImage {
    let blobs: Vec<(f64, f64, f64, f64)> = (0..12)
        .map(|_| {
            (
                f64::from(rng.below(w)),
                f64::from(rng.below(h)),
                f64::from(w / 12 + rng.below(w / 6)),
                rng.signed() * 40.0,
            )
        })
        .collect();
    let mut img = GrayImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let mut v = 150.0 + 50.0 * fx / f64::from(w) - 30.0 * fy / f64::from(h);
        for &(bx, by, r, a) in &blobs {
            let d2 = ((fx - bx).powi(2) + (fy - by).powi(2)) / (r * r);
            if d2 < 4.0 {
                v += a * (-d2).exp();
            }
        }
        Luma([v.clamp(0.0, 255.0) as u8])
    });
    for _ in 0..(w * h / 40_000).max(4) {
        let rw = 4 + rng.below(w / 20);
        let rh = 3 + rng.below(h / 40);
        let (rx, ry) = (
            rng.below(w.saturating_sub(rw)),
            rng.below(h.saturating_sub(rh)),
        );
        let level = 20 + rng.below(90) as u8;
        for y in ry..ry + rh {
            for x in rx..rx + rw {
                img.put_pixel(x, y, Luma([level]));
            }
        }
    }
    noise(&img, 18, rng)
}

/// A busy background of `w`×`h`, like a patterned wallpaper or a page of a document behind the codes:
/// waves of shading, a grid of dark blocks of several sizes, and grain.
pub fn busy(w: u32, h: u32, rng: &mut Rng) -> GrayImage {
    let img = GrayImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let wave = 60.0 * ((fx / 37.0).sin() * (fy / 53.0).cos());
        let block = if (x / 23 + y / 31) % 3 == 0 {
            -60.0
        } else {
            0.0
        };
        Luma([(120.0 + wave + block).clamp(0.0, 255.0) as u8])
    });
    noise(&img, 30, rng)
}

/// Pastes `img` onto `canvas` with its top-left corner at (`x`, `y`).
pub fn paste(canvas: &mut GrayImage, img: &GrayImage, x: u32, y: u32) {
    image::imageops::replace(canvas, img, i64::from(x), i64::from(y));
}

/// Several codes side by side on one white canvas.
pub fn side_by_side(codes: &[GrayImage]) -> GrayImage {
    let w = codes.iter().map(GrayImage::width).sum::<u32>() + 20 * (codes.len() as u32 + 1);
    let h = codes.iter().map(GrayImage::height).max().unwrap_or(0) + 40;
    let mut canvas = GrayImage::from_pixel(w, h, Luma([255]));
    let mut x = 20;
    for c in codes {
        paste(&mut canvas, c, x, 20);
        x += c.width() + 20;
    }
    canvas
}

fn minmax(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

fn bilinear(img: &GrayImage, x: f64, y: f64) -> u8 {
    let (maxx, maxy) = (i64::from(img.width()) - 1, i64::from(img.height()) - 1);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let at = |xi: i64, yi: i64| {
        f64::from(
            img.get_pixel(xi.clamp(0, maxx) as u32, yi.clamp(0, maxy) as u32)
                .0[0],
        )
    };
    let (xi, yi) = (x0 as i64, y0 as i64);
    let top = at(xi, yi) * (1.0 - fx) + at(xi + 1, yi) * fx;
    let bottom = at(xi, yi + 1) * (1.0 - fx) + at(xi + 1, yi + 1) * fx;
    (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8
}

/// The projective map of the unit square onto `q` (Heckbert's closed form), as a row-major 3×3 matrix.
fn square_to_quad(q: [(f64, f64); 4]) -> [f64; 9] {
    let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
    let (dx1, dx2, dx3) = (x1 - x2, x3 - x2, x0 - x1 + x2 - x3);
    let (dy1, dy2, dy3) = (y1 - y2, y3 - y2, y0 - y1 + y2 - y3);
    let den = dx1 * dy2 - dx2 * dy1;
    let g = (dx3 * dy2 - dx2 * dy3) / den;
    let h = (dx1 * dy3 - dx3 * dy1) / den;
    [
        x1 - x0 + g * x1,
        x3 - x0 + h * x3,
        x0,
        y1 - y0 + g * y1,
        y3 - y0 + h * y3,
        y0,
        g,
        h,
        1.0,
    ]
}

fn invert3(m: [f64; 9]) -> [f64; 9] {
    let [a, b, c, d, e, f, g, h, i] = m;
    let co = [
        e * i - f * h,
        c * h - b * i,
        b * f - c * e,
        f * g - d * i,
        a * i - c * g,
        c * d - a * f,
        d * h - e * g,
        b * g - a * h,
        a * e - b * d,
    ];
    let det = a * co[0] + b * co[3] + c * co[6];
    co.map(|v| v / det)
}
