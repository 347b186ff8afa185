//! QR decoding benchmark: fob against zbarimg (Debian's zbar-tools) on the same pictures, in one run.
//!
//! Not a timed test: it prints a table. The corpus is made at run time with the `qrcode` crate and
//! `image` transforms (see `support/images.rs`): clean renders at several module sizes, scaled, rotated,
//! perspective, blurred, JPEG, noisy, inverted, low contrast, a small code on a big cluttered
//! background, several codes in one picture, and 12-megapixel photo-like pictures.
//!
//! Each picture is given, as a file, to
//! - `fob import --dry-run` as a whole process (what a user runs; it also unlocks a throwaway vault at
//!   the lowest work factor), timed and measured for peak RSS with `/usr/bin/time`;
//! - fob's decoder in this process (`fob::import::qr::decode_image`, file bytes in, texts out);
//! - `zbarimg -q --raw -Sdisable -Sqrcode.enable` (QR only), and the same with `-Stest-inverted`.
//!
//! Run with `benches/qr_corpus.sh` (or `cargo bench --bench qr_corpus`). Pass a folder to keep the
//! pictures there: `cargo bench --bench qr_corpus -- /tmp/corpus`.

#[path = "support/images.rs"]
mod images;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use image::GrayImage;

/// One picture of the corpus: what it is, its bytes, the QR texts it holds and the entry names fob
/// should report for them.
struct Case {
    name: String,
    file: PathBuf,
    pixels: (u32, u32),
    texts: Vec<String>,
    names: Vec<String>,
}

/// What one tool did with one picture.
#[derive(Clone, Copy)]
struct Run {
    ok: bool,
    time: Duration,
    rss_kib: Option<u64>,
}

fn main() {
    // `cargo test --all-targets` runs bench targets too, without `--bench`: nothing to do there.
    if !std::env::args().any(|a| a == "--bench") {
        println!("qr_corpus: run it with `cargo bench --bench qr_corpus` or benches/qr_corpus.sh");
        return;
    }
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let temp;
    let dir = if let Some(d) = args.first() {
        std::fs::create_dir_all(d).expect("corpus folder can be created");
        PathBuf::from(d)
    } else {
        temp = tempfile::tempdir().expect("temporary folder");
        temp.path().to_path_buf()
    };
    let fob = std::env::var_os("FOB_BIN")
        .map_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_fob")), PathBuf::from);
    let zbar = which("zbarimg");
    let time = Path::new("/usr/bin/time").is_file();
    if zbar.is_none() {
        eprintln!("zbarimg not found: apt-get install -y zbar-tools (its columns will be empty)");
    }
    if !time {
        eprintln!("/usr/bin/time not found: apt-get install -y time (no RSS column)");
    }

    eprintln!("making the corpus in {} ...", dir.display());
    let cases = corpus(&dir);
    let vault = dir.join("bench-vault.age");
    let _ = std::fs::remove_file(&vault);
    let status = fob_cmd(&fob, &vault, false)
        .arg("init")
        .output()
        .expect("fob runs");
    assert!(status.status.success(), "fob init: {status:?}");

    println!(
        "| picture | pixels | fob (process) | fob RSS | fob decode (in-process) | zbarimg | zbarimg -Stest-inverted |"
    );
    println!("|---|---|---|---|---|---|---|");
    let mut rows = Vec::new();
    for case in &cases {
        let row = Row {
            case,
            process: run_fob(&fob, &vault, case, time),
            in_process: run_in_process(case),
            zbar: zbar.as_ref().map(|z| run_zbar(z, case, false, time)),
            zbar_inverted: zbar.as_ref().map(|z| run_zbar(z, case, true, time)),
        };
        println!(
            "| {} | {}x{} | {} | {} | {} | {} | {} |",
            case.name,
            case.pixels.0,
            case.pixels.1,
            cell(Some(row.process)),
            row.process
                .rss_kib
                .map_or_else(|| "-".to_owned(), |k| format!("{} MB", k / 1024)),
            cell(Some(row.in_process)),
            cell(row.zbar),
            cell(row.zbar_inverted)
        );
        rows.push(row);
    }
    summary(&rows);
}

/// Every tool's result on one picture.
struct Row<'a> {
    case: &'a Case,
    process: Run,
    in_process: Run,
    zbar: Option<Run>,
    zbar_inverted: Option<Run>,
}

/// Picks one tool's result out of a row.
type Pick = fn(&Row) -> Option<Run>;

fn summary(all: &[Row]) {
    // Pictures without a code measure the cost of finding nothing; they are not counted as decoded.
    let rows: Vec<&Row> = all.iter().filter(|r| !r.case.texts.is_empty()).collect();
    let n = rows.len();
    println!();
    println!("| tool | pictures decoded | median time per picture |");
    println!("|---|---|---|");
    let tools: [(&str, Pick); 4] = [
        ("fob import --dry-run (whole process)", |r| Some(r.process)),
        ("fob decoder in-process (read + decode)", |r| {
            Some(r.in_process)
        }),
        ("zbarimg (QR only, whole process)", |r| r.zbar),
        ("zbarimg -Stest-inverted (whole process)", |r| {
            r.zbar_inverted
        }),
    ];
    for (label, pick) in tools {
        let decoded = rows
            .iter()
            .filter(|r| pick(r).is_some_and(|x| x.ok))
            .count();
        let mut times: Vec<Duration> = rows
            .iter()
            .filter_map(|r| pick(r).map(|x| x.time))
            .collect();
        times.sort();
        let median = times.get(times.len() / 2).copied();
        println!(
            "| {label} | {decoded}/{n} | {} |",
            median.map_or_else(|| "-".to_owned(), ms)
        );
    }
    println!();
    for r in all.iter().filter(|r| r.case.texts.is_empty()) {
        println!(
            "no code, {}: fob said \"no QR code found\" {} in {}, peak RSS {}",
            r.case.name,
            if r.process.ok { "correctly" } else { "NOT" },
            ms(r.process.time),
            r.process
                .rss_kib
                .map_or_else(|| "unknown".to_owned(), |k| format!("{} MB", k / 1024))
        );
    }
    for r in rows
        .iter()
        .filter(|r| r.case.pixels.0 * r.case.pixels.1 >= 12_000_000)
    {
        println!(
            "12 MP {}: fob {} in {}, peak RSS {}",
            r.case.name,
            if r.process.ok {
                "decoded"
            } else {
                "did NOT decode"
            },
            ms(r.process.time),
            r.process
                .rss_kib
                .map_or_else(|| "unknown".to_owned(), |k| format!("{} MB", k / 1024))
        );
    }
    let missed: Vec<&str> = rows
        .iter()
        .filter(|r| {
            (r.zbar.is_some_and(|z| z.ok) || r.zbar_inverted.is_some_and(|z| z.ok)) && !r.process.ok
        })
        .map(|r| r.case.name.as_str())
        .collect();
    println!(
        "pictures zbarimg decodes and fob does not: {}",
        if missed.is_empty() {
            "none".to_owned()
        } else {
            missed.join(", ")
        }
    );
}

fn cell(run: Option<Run>) -> String {
    match run {
        None => "-".to_owned(),
        Some(r) => format!("{} {}", if r.ok { "ok" } else { "MISS" }, ms(r.time)),
    }
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(program))
            .find(|p| p.is_file())
    })
}

fn fob_cmd(fob: &Path, vault: &Path, timed: bool) -> Command {
    let mut cmd = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "RSS_KIB=%M"]).arg(fob);
        c
    } else {
        Command::new(fob)
    };
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("FOB_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("FOB_VAULT", vault)
        .env("FOB_PASSPHRASE", "bench")
        .env("FOB_WORK_FACTOR", "1");
    cmd
}

fn rss(stderr: &str) -> Option<u64> {
    stderr
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("RSS_KIB=")?.trim().parse().ok())
}

fn run_fob(fob: &Path, vault: &Path, case: &Case, time: bool) -> Run {
    let mut cmd = fob_cmd(fob, vault, time);
    cmd.args(["import", "--dry-run"]).arg(&case.file);
    let start = Instant::now();
    let out = cmd.output().expect("fob runs");
    let elapsed = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ok = if case.names.is_empty() {
        !out.status.success() && stderr.contains("no QR code found")
    } else {
        out.status.success()
            && case
                .names
                .iter()
                .all(|n| stderr.contains(&format!("would add {n} (")))
    };
    Run {
        ok,
        time: elapsed,
        rss_kib: rss(&stderr),
    }
}

fn run_in_process(case: &Case) -> Run {
    let start = Instant::now();
    let bytes = std::fs::read(&case.file).expect("corpus file reads");
    let got = fob::import::qr::decode_image(&bytes, &fob::import::qr::Limits::default());
    let elapsed = start.elapsed();
    let ok = match got {
        Ok(texts) => !case.texts.is_empty() && case.texts.iter().all(|t| texts.contains(t)),
        Err(e) => case.texts.is_empty() && e == fob::import::qr::QrError::NoCode,
    };
    Run {
        ok,
        time: elapsed,
        rss_kib: None,
    }
}

fn run_zbar(zbar: &Path, case: &Case, inverted: bool, time: bool) -> Run {
    let mut cmd = if time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "RSS_KIB=%M"]).arg(zbar);
        c
    } else {
        Command::new(zbar)
    };
    cmd.args(["-q", "--raw", "--nodbus", "-Sdisable", "-Sqrcode.enable"]);
    if inverted {
        cmd.arg("-Stest-inverted");
    }
    cmd.arg(&case.file);
    let start = Instant::now();
    let out = cmd.output().expect("zbarimg runs");
    let elapsed = start.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let ok = if case.texts.is_empty() {
        stdout.trim().is_empty()
    } else {
        case.texts
            .iter()
            .all(|t| stdout.lines().any(|l| l.trim_end() == t))
    };
    Run {
        ok,
        time: elapsed,
        rss_kib: rss(&String::from_utf8_lossy(&out.stderr)),
    }
}

/// A 100-character otpauth URI, as a site's enrolment page shows.
fn otpauth(n: usize) -> (String, String) {
    let account = format!("user{n}@example.com");
    (
        format!(
            "otpauth://totp/Bench%20Site:{}?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=Bench%20Site&algorithm=SHA1&digits=6&period=30",
            account.replace('@', "%40")
        ),
        format!("Bench Site:{account}"),
    )
}

/// A 10-account Google Authenticator export: the densest code fob meets (version 20-something).
fn migration() -> (String, Vec<String>) {
    let (mut texts, names) = migration_parts(10);
    (texts.remove(0), names)
}

/// A Google Authenticator export of `accounts` accounts in codes of 10, as "Export accounts" shows them
/// ("1 of 2", "2 of 2" ...): the texts of its codes and the names of its accounts.
fn migration_parts(accounts: u8) -> (Vec<String>, Vec<String>) {
    let entries: Vec<(fob::entry::Name, fob::entry::Otp)> = (0..accounts)
        .map(|i| {
            let p = fob::formats::otpauth::parse(&format!(
                "otpauth://totp/Phone%20Export:person{i}@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJ{}",
                (b'A' + i % 26) as char
            ))
            .expect("valid URI");
            (p.name, p.otp)
        })
        .collect();
    let refs: Vec<(&fob::entry::Name, &fob::entry::Otp)> =
        entries.iter().map(|(n, o)| (n, o)).collect();
    let texts = fob::formats::google_migration::encode_uris(&refs, 10, 1234)
        .expect("expressible")
        .iter()
        .map(|t| t.to_string())
        .collect();
    (texts, entries.iter().map(|(n, _)| n.to_string()).collect())
}

#[allow(clippy::too_many_lines)] // one line per picture reads better than a table of closures
fn corpus(dir: &Path) -> Vec<Case> {
    let mut rng = images::Rng::new(2026);
    let mut cases = Vec::new();
    let mut add =
        |name: &str, img: &GrayImage, jpeg: Option<u8>, texts: Vec<String>, names: Vec<String>| {
            // Photos are colour JPEGs, as phones write them; everything else is a grey PNG or JPEG.
            let (ext, bytes) = match jpeg {
                Some(q) if name.starts_with("photo") => ("jpg", images::jpeg_colour(img, q)),
                Some(q) => ("jpg", images::jpeg(img, q)),
                None => ("png", images::png(img)),
            };
            let file = dir.join(format!("{name}.{ext}"));
            std::fs::write(&file, bytes).expect("corpus file writes");
            cases.push(Case {
                name: name.to_owned(),
                file,
                pixels: img.dimensions(),
                texts,
                names,
            });
        };
    let (u1, n1) = otpauth(1);
    let (mig, mig_names) = migration();
    let one = |u: &str, n: &str| (vec![u.to_owned()], vec![n.to_owned()]);
    let (t1, nm1) = one(&u1, &n1);
    let (tm, nmm) = (vec![mig.clone()], mig_names.clone());

    for module in [2, 4, 8] {
        add(
            &format!("clean-{module}px"),
            &images::render(&u1, module),
            None,
            t1.clone(),
            nm1.clone(),
        );
    }
    add(
        "migration-clean-3px",
        &images::render(&mig, 3),
        None,
        tm.clone(),
        nmm.clone(),
    );
    add(
        "migration-clean-6px",
        &images::render(&mig, 6),
        None,
        tm.clone(),
        nmm.clone(),
    );
    add(
        "scaled-0.7",
        &images::scale(&images::render(&u1, 3), 0.7),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "migration-scaled-1.3",
        &images::scale(&images::render(&mig, 3), 1.3),
        None,
        tm.clone(),
        nmm.clone(),
    );
    for deg in [8.0, 45.0, 90.0, 200.0] {
        add(
            &format!("rotated-{deg}"),
            &images::rotate(&images::render(&u1, 4), deg, 255),
            None,
            t1.clone(),
            nm1.clone(),
        );
    }
    add(
        "migration-rotated-20",
        &images::rotate(&images::render(&mig, 4), 20.0, 255),
        None,
        tm.clone(),
        nmm.clone(),
    );
    add(
        "perspective",
        &images::perspective(&images::render(&u1, 5), 230),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "migration-perspective",
        &images::perspective(&images::render(&mig, 5), 230),
        None,
        tm.clone(),
        nmm.clone(),
    );
    add(
        "blur-1",
        &images::blur(&images::render(&u1, 5), 1.0),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "blur-2.5",
        &images::blur(&images::render(&u1, 5), 2.5),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "migration-blur-1.5",
        &images::blur(&images::render(&mig, 5), 1.5),
        None,
        tm.clone(),
        nmm.clone(),
    );
    add(
        "jpeg-q30",
        &images::render(&u1, 4),
        Some(30),
        t1.clone(),
        nm1.clone(),
    );
    add(
        "migration-jpeg-q40",
        &images::render(&mig, 4),
        Some(40),
        tm.clone(),
        nmm.clone(),
    );
    add(
        "noise-60",
        &images::noise(&images::render(&u1, 4), 60, &mut rng),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "inverted",
        &images::invert(&images::render(&u1, 4)),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "migration-inverted-jpeg",
        &images::invert(&images::render(&mig, 4)),
        Some(70),
        tm.clone(),
        nmm.clone(),
    );
    add(
        "low-contrast-100-160",
        &images::contrast(&images::render(&u1, 4), 100, 160),
        None,
        t1.clone(),
        nm1.clone(),
    );
    add(
        "low-contrast-120-145",
        &images::contrast(&images::render(&u1, 4), 120, 145),
        None,
        t1.clone(),
        nm1.clone(),
    );

    // Several codes in one picture.
    let (u2, n2) = otpauth(2);
    let (u3, n3) = otpauth(3);
    add(
        "three-codes",
        &images::side_by_side(&[
            images::render(&u1, 4),
            images::render(&u2, 4),
            images::render(&u3, 4),
        ]),
        None,
        vec![u1.clone(), u2.clone(), u3.clone()],
        vec![n1.clone(), n2.clone(), n3.clone()],
    );

    add(
        "three-codes-inverted",
        &images::invert(&images::side_by_side(&[
            images::render(&u1, 4),
            images::render(&u2, 4),
            images::render(&u3, 4),
        ])),
        None,
        vec![u1.clone(), u2.clone(), u3.clone()],
        vec![n1.clone(), n2.clone(), n3.clone()],
    );

    // Issue 15's pictures, as tests/it/import_qr.rs makes them: two export screens pasted edge to edge
    // on a dark page; two export codes stacked above a small otpauth code; four export codes of three
    // sizes touching on a busy background. One rxing scan misses some of their codes.
    let (parts, part_names) = migration_parts(20);
    let codes: Vec<GrayImage> = parts.iter().map(|t| images::render(t, 5)).collect();
    let (w, h) = codes[0].dimensions();
    let mut shot = GrayImage::from_pixel(2 * w + 40, h + 400, image::Luma([28]));
    images::paste(&mut shot, &codes[0], 20, 200);
    images::paste(&mut shot, &codes[1], 20 + w, 200);
    add(
        "two-export-screens",
        &shot,
        None,
        parts.clone(),
        part_names.clone(),
    );

    let stack = [
        images::render(&parts[0], 4),
        images::render(&parts[1], 4),
        images::render(&u1, 2),
    ];
    let w = stack.iter().map(GrayImage::width).max().unwrap_or(0);
    let mut picture = GrayImage::from_pixel(
        w + 60,
        stack.iter().map(GrayImage::height).sum(),
        image::Luma([255]),
    );
    let mut y = 0;
    for code in &stack {
        images::paste(&mut picture, code, 0, y);
        y += code.height();
    }
    let mut texts = parts.clone();
    texts.push(u1.clone());
    let mut names = part_names.clone();
    names.push(n1.clone());
    add("stacked-sizes", &picture, None, texts, names);

    let (parts, part_names) = migration_parts(40);
    let codes: Vec<GrayImage> = parts
        .iter()
        .zip([4, 4, 2, 6])
        .map(|(t, module)| images::render(t, module))
        .collect();
    let row2 = 60 + codes[0].height().max(codes[1].height());
    let places = [
        (60, 60),
        (60 + codes[0].width(), 60),
        (60, row2),
        (60 + codes[2].width(), row2),
    ];
    let mut picture = images::busy(
        places[3].0 + codes[3].width() + 60,
        places[3].1 + codes[3].height() + 60,
        &mut images::Rng::new(15),
    );
    for (code, (x, y)) in codes.iter().zip(places) {
        images::paste(&mut picture, code, x, y);
    }
    add("four-codes-busy", &picture, None, parts, part_names);

    // A screenshot: a small code on a 1920x1080 page with text-like clutter.
    let mut page = images::clutter(1920, 1080, &mut rng);
    images::paste(&mut page, &images::render(&u1, 3), 1200, 400);
    add("screenshot-1080p", &page, None, t1.clone(), nm1.clone());

    // A phone photo of a screen: perspective, noise, JPEG.
    let mut photo = images::clutter(2000, 1500, &mut rng);
    let code = images::perspective(&images::rotate(&images::render(&u1, 6), 12.0, 235), 200);
    images::paste(&mut photo, &code, 700, 400);
    add(
        "photo-3mp",
        &images::noise(&photo, 10, &mut rng),
        Some(75),
        t1.clone(),
        nm1.clone(),
    );

    // Two codes in one photo (a printed recovery sheet), slightly rotated.
    let mut photo = images::clutter(2400, 1800, &mut rng);
    images::paste(
        &mut photo,
        &images::rotate(&images::render(&u2, 5), 4.0, 240),
        300,
        500,
    );
    images::paste(
        &mut photo,
        &images::rotate(&images::render(&u3, 5), 4.0, 240),
        1300,
        600,
    );
    add(
        "photo-two-codes",
        &images::noise(&photo, 8, &mut rng),
        Some(80),
        vec![u2.clone(), u3.clone()],
        vec![n2.clone(), n3.clone()],
    );

    // 12-megapixel photo-like pictures: a code of ordinary size, a small one, and a Google export.
    // The same without perspective (held square to the screen), and a photo with no code at all: the
    // worst case for time, since every decoder runs and finds nothing.
    let mut photo = images::clutter(4032, 3024, &mut rng);
    images::paste(
        &mut photo,
        &images::rotate(&images::render(&u1, 9), 3.0, 240),
        2200,
        1200,
    );
    add(
        "photo-12mp-square",
        &images::noise(&photo, 8, &mut rng),
        Some(85),
        t1.clone(),
        nm1.clone(),
    );
    let photo = images::clutter(4032, 3024, &mut rng);
    add(
        "photo-12mp-no-code",
        &images::noise(&photo, 8, &mut rng),
        Some(85),
        vec![],
        vec![],
    );

    for (name, text, names, module) in [
        ("photo-12mp", &u1, &nm1, 10u32),
        ("photo-12mp-small-code", &u1, &nm1, 4),
        ("photo-12mp-migration", &mig, &nmm, 7),
    ] {
        let mut photo = images::clutter(4032, 3024, &mut rng);
        let code = images::perspective(
            &images::rotate(&images::render(text, module), 7.0, 240),
            190,
        );
        images::paste(&mut photo, &code, 1500, 900);
        add(
            name,
            &images::noise(&photo, 8, &mut rng),
            Some(85),
            vec![text.clone()],
            names.clone(),
        );
    }
    // Two codes in a 12-megapixel photo of a printed sheet, held square (last, so that the pictures
    // before it stay the same from one version of this corpus to the next).
    let mut photo = images::clutter(4032, 3024, &mut rng);
    for (text, x) in [(&u2, 900), (&u3, 2400)] {
        images::paste(
            &mut photo,
            &images::rotate(&images::render(text, 9), 3.0, 240),
            x,
            1100,
        );
    }
    add(
        "photo-12mp-two-codes",
        &images::noise(&photo, 8, &mut rng),
        Some(85),
        vec![u2.clone(), u3.clone()],
        vec![n2.clone(), n3.clone()],
    );

    cases
}
