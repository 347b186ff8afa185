//! `fob import` on pictures, `fob show --qr` and `fob export`, driving the real binary. Every picture is
//! made at test time in a temporary folder (issue 3).

#[path = "../../benches/support/images.rs"]
mod images;
use crate::support;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use predicates::str::contains;
use support::TestEnv;

const ALICE: &str =
    "otpauth://totp/Example:alice@example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example";

/// The shared sandbox (tests/it/support.rs), with the picture helpers these tests need.
struct Env {
    sandbox: TestEnv,
}

impl Env {
    fn new() -> Self {
        Self {
            sandbox: TestEnv::with_vault(),
        }
    }

    fn dir(&self) -> &Path {
        self.sandbox.dir.path()
    }

    fn fob(&self, args: &[&str]) -> Command {
        let mut cmd = self.sandbox.fob();
        cmd.args(args);
        cmd
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        name.to_owned()
    }

    fn names(&self) -> Vec<String> {
        let out = self.fob(&["list", "--json"]).output().unwrap();
        assert!(out.status.success());
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_owned())
            .collect()
    }

    fn uri(&self, query: &str) -> String {
        let out = self
            .fob(&["show", query, "--uri", "--force"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    fn vault_bytes(&self) -> Vec<u8> {
        self.sandbox.vault_bytes()
    }
}

fn uri(issuer: &str, account: &str, secret: &str) -> String {
    format!("otpauth://totp/{issuer}:{account}?secret={secret}&issuer={issuer}")
}

const ALICE_STORED: &str = "otpauth://totp/Example:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example&algorithm=SHA1&digits=6&period=30";

#[test]
fn clean_screenshot_imports_with_its_secret() {
    let env = Env::new();
    let file = env.write("shot.png", &images::png(&images::render(ALICE, 4)));
    env.fob(&["import", &file])
        .assert()
        .success()
        .stderr(contains("added Example:alice@example.com"));
    assert_eq!(env.uri("alice"), ALICE_STORED);
    env.fob(&["code", "alice", "--at", "59"])
        .assert()
        .success()
        .stdout(predicate::str::is_match("^[0-9]{6}\n$").unwrap());
}

#[test]
fn inverted_rotated_perspective_and_jpeg_pictures() {
    let env = Env::new();
    let mut rng = images::Rng::new(7);
    let code = |n: u32| images::render(&uri("Site", &format!("user{n}"), "JBSWY3DPEHPK3PXP"), 4);
    let files = [
        env.write("inverted.png", &images::png(&images::invert(&code(1)))),
        env.write(
            "rotated.png",
            &images::png(&images::rotate(&code(2), 33.0, 255)),
        ),
        env.write(
            "photo.jpg",
            &images::jpeg(
                &images::noise(&images::perspective(&code(3), 200), 12, &mut rng),
                60,
            ),
        ),
        env.write(
            "upside.webp",
            &images::encode(
                &images::rotate(&code(4), 180.0, 255),
                image::ImageFormat::WebP,
            ),
        ),
        env.write(
            "bitmap.bmp",
            &images::encode(&code(5), image::ImageFormat::Bmp),
        ),
        env.write(
            "anim.gif",
            &images::encode(&code(6), image::ImageFormat::Gif),
        ),
    ];
    let mut args = vec!["import"];
    args.extend(files.iter().map(String::as_str));
    env.fob(&args).assert().success();
    let mut names = env.names();
    names.sort();
    assert_eq!(
        names,
        (1..=6).map(|n| format!("Site:user{n}")).collect::<Vec<_>>()
    );
}

#[test]
fn small_code_in_a_cluttered_photo() {
    let env = Env::new();
    let mut rng = images::Rng::new(11);
    let mut photo = images::clutter(1600, 1200, &mut rng);
    let code = images::perspective(&images::render(ALICE, 3), 170);
    images::paste(&mut photo, &code, 900, 500);
    let file = env.write("desk.jpg", &images::jpeg(&photo, 80));
    env.fob(&["import", &file]).assert().success();
    assert_eq!(env.names(), ["Example:alice@example.com"]);
}

#[test]
fn several_codes_in_one_picture_are_numbered() {
    let env = Env::new();
    let codes: Vec<_> = ["a", "b", "c"]
        .iter()
        .map(|a| images::render(&uri("Multi", a, "GEZDGNBVGY3TQOJQ"), 4))
        .collect();
    let file = env.write("three.png", &images::png(&images::side_by_side(&codes)));
    env.fob(&["import", "--dry-run", &file])
        .assert()
        .success()
        .stderr(contains(
            "would add Multi:a (totp, SHA1, 6 digits, every 30 s)",
        ))
        .stderr(contains("would add Multi:c"))
        .stderr(contains("GEZDGNBV").not());
    assert!(env.names().is_empty(), "a dry run writes nothing");

    let mut with_web = codes.clone();
    with_web.insert(1, images::render("https://example.com/enrol", 4));
    let file = env.write("mixed.png", &images::png(&images::side_by_side(&with_web)));
    env.fob(&["import", &file])
        .assert()
        .failure()
        .stderr(contains(
            "QR code 2 in mixed.png is not an OTP secret (https://example.com/enrol)",
        ));
    env.fob(&["import", "--skip-invalid", &file])
        .assert()
        .success();
    assert_eq!(env.names(), ["Multi:a", "Multi:b", "Multi:c"]);
}

/// A Google Authenticator export of `count` accounts named `Issuer:userN`, in parts of `per`, as the
/// `otpauth-migration://` texts of its QR codes, and the names fob should list for them.
fn google_export(issuer: &str, count: usize, per: usize) -> (Vec<String>, Vec<String>) {
    let entries: Vec<_> = (0..count)
        .map(|i| {
            let p = fob::formats::otpauth::parse(&uri(
                issuer,
                &format!("user{i}@example.com"),
                &format!("JBSWY3DPEHPK3PX{}", (b'A' + (i % 26) as u8) as char),
            ))
            .unwrap();
            (p.name, p.otp)
        })
        .collect();
    let refs: Vec<_> = entries.iter().map(|(n, o)| (n, o)).collect();
    let texts = fob::formats::google_migration::encode_uris(&refs, per, 15)
        .unwrap()
        .iter()
        .map(|t| t.to_string())
        .collect();
    let mut names: Vec<String> = entries.iter().map(|(n, _)| n.to_string()).collect();
    names.sort();
    (texts, names)
}

/// Imports one picture and checks that every entry of every code in it arrived.
fn imports_every_code(env: &Env, file: &str, mut expected: Vec<String>) {
    let count = expected.len();
    env.fob(&["import", file])
        .assert()
        .success()
        .stderr(contains(format!("import done: {count} added")));
    let mut names = env.names();
    names.sort();
    expected.sort();
    assert_eq!(names, expected);
}

/// Issue 15: two Google Authenticator "Export accounts" screens side by side, "1 of 2" and "2 of 2"
/// with 10 accounts each, imported one code and then failed with "part 2 of 2 missing". The screens
/// are dark, and the codes' white quiet zones touch, as when two screenshots are pasted edge to edge.
#[test]
fn r15_two_export_screens_side_by_side() {
    let env = Env::new();
    let (texts, names) = google_export("Screen", 20, 10);
    let codes: Vec<_> = texts.iter().map(|t| images::render(t, 5)).collect();
    let (w, h) = (codes[0].width(), codes[0].height());
    let mut shot = image::GrayImage::from_pixel(2 * w + 40, h + 400, image::Luma([28]));
    images::paste(&mut shot, &codes[0], 20, 200);
    images::paste(&mut shot, &codes[1], 20 + w, 200);
    let file = env.write("screens.png", &images::png(&shot));
    imports_every_code(&env, &file, names);
}

/// Issue 15: codes stacked in one picture, touching, two export parts of one size above a plain
/// otpauth code of another.
#[test]
fn r15_codes_of_different_sizes_stacked() {
    let env = Env::new();
    let (texts, mut names) = google_export("Stack", 20, 10);
    let codes = [
        images::render(&texts[0], 4),
        images::render(&texts[1], 4),
        images::render(ALICE, 2),
    ];
    let w = codes.iter().map(image::GrayImage::width).max().unwrap();
    let h: u32 = codes.iter().map(image::GrayImage::height).sum();
    let mut picture = image::GrayImage::from_pixel(w + 60, h, image::Luma([255]));
    let mut y = 0;
    for (code, x) in codes.iter().zip([0, 0, 0]) {
        images::paste(&mut picture, code, x, y);
        y += code.height();
    }
    let file = env.write("stacked.png", &images::png(&picture));
    names.push("Example:alice@example.com".to_owned());
    imports_every_code(&env, &file, names);
}

/// Issue 15: four codes of three sizes on a busy, patterned background, in two rows, each touching its
/// neighbours, as when screenshots are pasted into a collage.
#[test]
fn r15_four_codes_on_a_busy_background() {
    let env = Env::new();
    let (texts, names) = google_export("Busy", 40, 10);
    let codes: Vec<_> = texts
        .iter()
        .zip([4, 4, 2, 6])
        .map(|(t, module)| images::render(t, module))
        .collect();
    let margin = 60;
    let places = [
        (margin, margin),
        (margin + codes[0].width(), margin),
        (margin, margin + codes[0].height().max(codes[1].height())),
        (
            margin + codes[2].width(),
            margin + codes[0].height().max(codes[1].height()),
        ),
    ];
    let width = places[3].0 + codes[3].width() + margin;
    let height = places[3].1 + codes[3].height() + margin;
    let mut picture = images::busy(width, height, &mut images::Rng::new(15));
    for (code, (x, y)) in codes.iter().zip(places) {
        images::paste(&mut picture, code, x, y);
    }
    let file = env.write("busy.png", &images::png(&picture));
    imports_every_code(&env, &file, names);
}

/// Issue 15: two Google export screens photographed side by side at an angle. The detector that reads
/// screenshots rejects codes in perspective, so the reader for photos must return every code it sees,
/// not only the first.
#[test]
fn r15_two_export_screens_photographed_at_an_angle() {
    let env = Env::new();
    let (texts, names) = google_export("Desk", 20, 10);
    let mut rng = images::Rng::new(16);
    let mut photo = images::clutter(1800, 1000, &mut rng);
    for (text, x) in texts.iter().zip([80, 930]) {
        let code = images::perspective(&images::rotate(&images::render(text, 4), 7.0, 240), 190);
        images::paste(&mut photo, &code, x, 120);
    }
    let photo = images::noise(&photo, 8, &mut rng);
    let file = env.write("desk.jpg", &images::jpeg(&photo, 85));
    imports_every_code(&env, &file, names);
}

/// Entries of every kind Google's format holds, in a vault, exported as a batch of `per` accounts.
fn google_batch(env: &Env, count: usize) -> Vec<String> {
    for i in 0..count {
        env.fob(&["add", &format!("Batch:user{i}")])
            .write_stdin(format!(
                "JBSWY3DPEHPK3PX{}\n",
                (b'A' + (i % 26) as u8) as char
            ))
            .assert()
            .success();
    }
    env.fob(&["export", "--google-migration", "g"])
        .assert()
        .success();
    let mut files: Vec<String> = std::fs::read_dir(env.dir().join("g"))
        .unwrap()
        .map(|e| format!("g/{}", e.unwrap().file_name().to_string_lossy()))
        .collect();
    files.sort();
    files
}

#[test]
fn google_export_in_parts_is_imported_whole_or_not_at_all() {
    let source = Env::new();
    let parts = google_batch(&source, 25);
    assert_eq!(
        parts,
        [
            "g/google-migration-1-of-3.png",
            "g/google-migration-2-of-3.png",
            "g/google-migration-3-of-3.png"
        ]
    );
    let env = Env::new();
    let copy = |p: &str| {
        env.write(
            &p.replace("g/", ""),
            &std::fs::read(source.dir().join(p)).unwrap(),
        )
    };
    let files: Vec<String> = parts.iter().map(|p| copy(p)).collect();
    let before = env.vault_bytes();
    env.fob(&["import", &files[0], &files[2]])
        .assert()
        .failure()
        .stderr(contains("part 2 of 3 missing"))
        .stderr(contains("--allow-partial"));
    assert_eq!(env.vault_bytes(), before, "nothing written");

    env.fob(&["import", "--allow-partial", &files[0], &files[2]])
        .assert()
        .success()
        .stderr(contains("part 2 of 3 missing"));
    assert_eq!(env.names().len(), 15);
    env.fob(&["import", &files[2], &files[1], &files[0]])
        .assert()
        .success()
        .stderr(contains("10 added, 0 replaced, 15 duplicates skipped"));
    assert_eq!(env.uri("user7"), source.uri("user7"));
}

#[test]
fn migration_lines_in_text_files() {
    let env = Env::new();
    let text = "# from an export\notpauth-migration://offline?data=CjEKCkhlbGxvId6tvu8SGEV4YW1wbGU6YWxpY2VAZ29vZ2xlLmNvbRoHRXhhbXBsZTAC\n";
    let file = env.write("export.txt", text.as_bytes());
    env.fob(&["import", &file]).assert().success();
    assert_eq!(env.names(), ["Example:alice@google.com"]);
    assert!(env.uri("alice").contains("secret=JBSWY3DPEHPK3PXP"));
}

#[test]
fn bad_pictures_are_named_and_change_nothing() {
    let env = Env::new();
    let good = env.write("good.png", &images::png(&images::render(ALICE, 4)));
    let png = images::png(&images::render(
        "otpauth://totp/T:t?secret=JBSWY3DPEHPK3PXP",
        4,
    ));
    let truncated = env.write("x.png", &png[..png.len() / 2]);
    let blank = env.write(
        "photo.jpg",
        &images::jpeg(&images::clutter(400, 300, &mut images::Rng::new(3)), 80),
    );
    let huge = env.write("huge.png", &huge_png_header(20_000, 20_000));
    let before = env.vault_bytes();
    env.fob(&["import", &good, &truncated, &blank, &huge])
        .assert()
        .failure()
        .stderr(contains("3 problems in the input; nothing was imported"))
        .stderr(contains("x.png is not a readable image (truncated PNG)"))
        .stderr(contains("no QR code found in photo.jpg"))
        .stderr(contains(
            "huge.png is too large to scan (20000x20000 pixels",
        ));
    assert_eq!(env.vault_bytes(), before);
    env.fob(&["import", "--skip-invalid", &good, &truncated, &blank, &huge])
        .assert()
        .success()
        .stderr(contains("skipped: x.png is not a readable image"));
    assert_eq!(env.names(), ["Example:alice@example.com"]);
}

#[test]
fn stdin_takes_a_picture_or_text() {
    let env = Env::new();
    env.fob(&["import", "-"])
        .write_stdin(images::png(&images::render(ALICE, 3)))
        .assert()
        .success();
    env.fob(&["import", "-"])
        .write_stdin(format!("{}\n", uri("Text", "bob", "GEZDGNBVGY3TQOJQ")))
        .assert()
        .success();
    assert_eq!(env.names(), ["Example:alice@example.com", "Text:bob"]);
    env.fob(&["import", "-"])
        .write_stdin(vec![0u8, 159, 146, 150])
        .assert()
        .failure()
        .stderr(contains("stdin is neither an image"));
}

#[test]
fn show_qr_draws_black_on_white_and_refuses_a_pipe() {
    let env = Env::new();
    env.fob(&["import", "-"])
        .write_stdin(ALICE)
        .assert()
        .success();
    env.fob(&["show", "alice", "--qr"])
        .assert()
        .failure()
        .stderr(contains("refusing to write a secret to a pipe"));
    let out = env
        .fob(&["show", "alice", "--qr", "--force"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.lines()
            .all(|l| l.starts_with("\x1b[38;5;16;48;5;231m") && l.ends_with("\x1b[0m"))
    );
    assert!(text.contains('▀') || text.contains('▄'));
}

#[test]
fn export_qr_writes_private_new_files() {
    let env = Env::new();
    env.fob(&["import", "-"])
        .write_stdin(format!(
            "{ALICE}\notpauth://totp/We%2Fird:x%3F?secret=GEZDGNBVGY3TQOJQ\n"
        ))
        .assert()
        .success();
    env.write("out/Example_alice@example.com.png", b"keep me");
    env.fob(&["export", "--qr", "out"])
        .assert()
        .success()
        .stderr(contains("unencrypted"));
    let out = env.dir().join("out");
    assert_eq!(
        std::fs::read_to_string(out.join("Example_alice@example.com.png")).unwrap(),
        "keep me"
    );
    let written = out.join("Example_alice@example.com-2.png");
    assert!(out.join("We_ird_x?.png").is_file());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&written).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let fresh = Env::new();
    let file = fresh.write("a.png", &std::fs::read(&written).unwrap());
    fresh.fob(&["import", &file]).assert().success();
    assert_eq!(fresh.uri("alice"), ALICE_STORED);
}

#[test]
fn google_export_leaves_out_what_it_cannot_express() {
    let env = Env::new();
    env.fob(&["add", "Steam:gamer", "--steam"])
        .write_stdin("JBSWY3DPEHPK3PXP\n")
        .assert()
        .success();
    env.fob(&["add", "Slow:me", "--period", "60"])
        .write_stdin("JBSWY3DPEHPK3PXP\n")
        .assert()
        .success();
    env.fob(&["add", "Ok:me"])
        .write_stdin("JBSWY3DPEHPK3PXP\n")
        .assert()
        .success();
    env.fob(&["export", "--google-migration", "g"])
        .assert()
        .success()
        .stderr(contains(
            "left out Steam:gamer: Steam Guard entries cannot be expressed",
        ))
        .stderr(contains("left out Slow:me"))
        .stderr(contains("unencrypted"));
    assert!(env.dir().join("g/google-migration-1-of-1.png").is_file());
}

/// Every QR fob writes decodes, through fob's own import, to the same entries: every algorithm, digit
/// count and HOTP counter, through both `--qr` and `--google-migration`.
#[test]
fn round_trip_of_everything_fob_writes() {
    let env = Env::new();
    let mut expected = Vec::new();
    for alg in ["SHA1", "SHA256", "SHA512"] {
        for digits in ["6", "7", "8"] {
            let name = format!("T{alg}:d{digits}");
            env.fob(&["add", &name, "--algorithm", alg, "--digits", digits])
                .write_stdin("GEZDGNBVGY3TQOJQ\n")
                .assert()
                .success();
            expected.push(name);
            let name = format!("H{alg}:d{digits}");
            let counter = format!("{}", 10u64.pow(u32::from(digits.as_bytes()[0] - b'0')) + 3);
            env.fob(&[
                "add",
                &name,
                "--hotp",
                "--counter",
                &counter,
                "--algorithm",
                alg,
                "--digits",
                digits,
            ])
            .write_stdin("JBSWY3DPEHPK3PXP\n")
            .assert()
            .success();
            expected.push(name);
        }
    }
    env.fob(&["add", "Steam:s", "--steam"])
        .write_stdin("JBSWY3DPEHPK3PXP\n")
        .assert()
        .success();
    env.fob(&["add", "Long:period", "--period", "90"])
        .write_stdin("JBSWY3DPEHPK3PXP\n")
        .assert()
        .success();
    env.fob(&["export", "--qr", "qr"]).assert().success();
    env.fob(&["export", "--google-migration", "g"])
        .assert()
        .success();

    let via_qr = Env::new();
    via_qr
        .fob(&["import"])
        .args(pngs(&env.dir().join("qr")))
        .assert()
        .success();
    let via_google = Env::new();
    via_google
        .fob(&["import"])
        .args(pngs(&env.dir().join("g")))
        .assert()
        .success();

    for name in env.names() {
        assert_eq!(via_qr.uri(&name), env.uri(&name), "{name} via --qr");
        let google_can =
            !name.starts_with("Steam") && !name.starts_with("Long") && !name.ends_with("d7");
        if google_can {
            assert_eq!(
                via_google.uri(&name),
                env.uri(&name),
                "{name} via --google-migration"
            );
        }
    }
    assert_eq!(via_qr.names().len(), env.names().len());
    assert_eq!(via_google.names().len(), 12);
}

fn pngs(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A PNG whose header claims `w`×`h` pixels, followed by the start of a data chunk.
fn huge_png_header(w: u32, h: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        png.extend_from_slice(&u32::try_from(data.len()).unwrap().to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        png.extend_from_slice(&body);
        png.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x01, 0x02]);
    png
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

/// The README's demo pictures (made by `cargo run --example make_demo_pictures`) import as described.
/// They are copied into the test folder first: committed files are never written.
#[test]
fn committed_demo_pictures_import() {
    let env = Env::new();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let a = env.write(
        "example-qr.png",
        &std::fs::read(examples.join("example-qr.png")).unwrap(),
    );
    let b = env.write(
        "google-export.png",
        &std::fs::read(examples.join("google-export.png")).unwrap(),
    );
    env.fob(&["import", &a, &b])
        .assert()
        .success()
        .stderr(contains(
            "added Demo Bank:alice (totp, SHA256, 8 digits, every 30 s)",
        ))
        .stderr(contains(
            "added Demo VPN:alice (hotp, SHA1, 6 digits, counter 5)",
        ));
    assert_eq!(
        env.names(),
        [
            "Example:alice@example.com",
            "Demo Mail:alice@example.com",
            "Demo Bank:alice",
            "Demo VPN:alice"
        ]
    );
    assert_eq!(env.uri("Example:alice"), ALICE_STORED);
}
