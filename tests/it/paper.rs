//! `fob paper` (issue 16): the recovery sheet and the paper backup key, checked the way a person would:
//! the PDF rendered to pictures (poppler's pdftoppm, installed by .ci/run), every QR code decoded back
//! with fob's own decoder, and the text read with pdftotext.

use crate::support;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use predicates::str::contains;
use support::{RFC_SECRET, TestEnv};

/// Whether poppler's tools are here; on CI their absence fails the test.
fn poppler() -> bool {
    let found = std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "pdftoppm is missing: .ci/run installs poppler-utils"
    );
    if !found {
        eprintln!("skipped: pdftoppm is not installed (apt-get install poppler-utils)");
    }
    found
}

/// Every page of `pdf` as a PNG, at 150 dpi.
fn render(env: &TestEnv, pdf: &Path) -> Vec<PathBuf> {
    let prefix = env.path("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "150", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("page"))
        .collect();
    pages.sort();
    pages
}

/// Every QR code on the pages, decoded by fob's own decoder.
fn decode(pages: &[PathBuf]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|p| {
            fob::import::qr::decode_image(
                &std::fs::read(p).unwrap(),
                &fob::import::qr::Limits::default(),
            )
            .unwrap()
        })
        .collect()
}

fn text(pdf: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_sheet_holds_every_entry_readable_by_phone_and_by_eye() {
    if !poppler() {
        return;
    }
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.add(
        "Zoë Café:zoë@example.com",
        &["--digits", "8", "--period", "60"],
    );
    env.fob()
        .args(["add", "Bank:bob", "--hotp", "--counter", "5"])
        .write_stdin("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
        .assert()
        .success();
    for i in 0..6 {
        env.add(&format!("Site{i}:user{i}"), &[]);
    }
    let before = env.vault_bytes();
    env.fob()
        .args(["paper", "--out", "sheet.pdf"])
        .assert()
        .success()
        .stderr(contains("sheet.pdf holds 9 secrets unencrypted"));
    let pdf = env.path("sheet.pdf");
    assert_eq!(
        std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(env.vault_bytes(), before, "printing changes nothing");

    let pages = render(&env, &pdf);
    assert!(pages.len() >= 2, "nine entries take more than one page");
    let mut uris = decode(&pages);
    uris.sort();
    let doc = env.decrypt();
    let mut want: Vec<String> = doc["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["secret"].as_str().unwrap().to_owned())
        .collect();
    want.sort();
    let mut got: Vec<String> = uris
        .iter()
        .map(|u| {
            u.split(['?', '&'])
                .find_map(|p| p.strip_prefix("secret="))
                .unwrap()
                .to_owned()
        })
        .collect();
    got.sort();
    assert_eq!(got, want, "every QR code decodes to its entry's secret");
    assert!(
        uris.iter()
            .any(|u| u.starts_with("otpauth://hotp/") && u.contains("counter=5"))
    );

    let text = text(&pdf);
    assert!(text.contains("fob recovery sheet"), "{text}");
    assert!(text.contains("9 entries"));
    assert!(text.contains("SECRETS IN CLEAR"));
    assert!(
        text.contains("Zoë Café:zoë@example.com"),
        "accents print exactly: {text}"
    );
    assert!(
        text.contains("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"),
        "{text}"
    );
    assert!(text.contains("TOTP, SHA1, 8 digits, period 60 s"));
    assert!(text.contains("HOTP, SHA1, 6 digits, next counter 5"));
}

#[test]
fn the_sheet_never_replaces_a_file_nor_goes_to_a_terminal_but_feeds_a_pipe() {
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    std::fs::write(env.path("taken.pdf"), b"mine").unwrap();
    env.fob()
        .args(["paper", "--out", "taken.pdf"])
        .assert()
        .code(1)
        .stderr("fob: taken.pdf already exists\n  choose another --out FILE: fob never replaces a file with secrets in it\n");
    assert_eq!(std::fs::read(env.path("taken.pdf")).unwrap(), b"mine");
    let out = env.fob().args(["paper", "--out", "-"]).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"%PDF-"));
}

#[test]
fn the_paper_backup_key_opens_later_backups_and_is_nowhere_else_on_disk() {
    if !poppler() {
        return;
    }
    let env = TestEnv::with_vault();
    env.add("GitHub:alice", &[]);
    env.fob()
        .args(["paper", "--backup-key", "--out", "key.pdf"])
        .assert()
        .success()
        .stderr(contains("backups are now encrypted to the paper key age1"))
        .stderr(contains("key.pdf holds the secret key"));
    let pdf = env.path("key.pdf");
    let text = text(&pdf);
    let pages = render(&env, &pdf);
    let from_qr = decode(&pages);
    assert_eq!(from_qr.len(), 1);
    let key = &from_qr[0];
    assert!(key.starts_with("AGE-SECRET-KEY-1"));
    // The printed text: the prefix line and the groups below it, as a person types them.
    let typed: String = text
        .lines()
        .skip_while(|l| !l.starts_with("AGE-SECRET-KEY-1"))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(typed.split_whitespace().collect::<String>(), *key);

    // Nowhere on disk but the PDF (checked before the test writes the typed copy).
    let mut stack = vec![env.dir.path().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path != pdf {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !bytes.windows(20).any(|w| w == &key.as_bytes()[16..36]),
                    "the key is in {}",
                    path.display()
                );
            }
        }
    }

    std::fs::create_dir(env.path("usb")).unwrap();
    env.fob()
        .args(["backup", "usb"])
        .assert()
        .success()
        .stderr(contains("addressed to every recipient"));
    let backup = std::fs::read_dir(env.path("usb"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    std::fs::write(env.path("typed.txt"), format!("{typed}\n")).unwrap();
    env.fob()
        .args(["restore", "--dry-run"])
        .arg(&backup)
        .arg("--backup-identity")
        .arg(env.path("typed.txt"))
        .assert()
        .success()
        .stderr(contains("1 unchanged"));
    std::fs::write(env.path("qr.txt"), format!("{key}\n")).unwrap();
    if let Ok(out) = std::process::Command::new("age")
        .args(["-d", "-i"])
        .arg(env.path("qr.txt"))
        .arg(&backup)
        .output()
    {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains(RFC_SECRET));
    }
}
