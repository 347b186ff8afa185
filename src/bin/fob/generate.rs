//! Completion scripts and man pages, generated from the one clap definition in `cli.rs`.
//!
//! Both functions are pure and deterministic (fixed program name "fob", no date in the pages), so the
//! files committed under `completions/` and `man/` can be compared byte for byte with what they return.
//! The one regeneration command is `cargo run -- generate --out-dir .`; a test below fails when the
//! committed files differ from it.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap_complete::aot::Shell;
use roff::{Roff, bold, italic, roman};

use clap::CommandFactory;

use crate::{cli, passphrase_sources};

/// The shells `fob generate` writes scripts for, with their file names under `completions/`.
pub const SHELLS: &[(Shell, &str)] = &[
    (Shell::Bash, "fob.bash"),
    (Shell::Zsh, "_fob"),
    (Shell::Fish, "fob.fish"),
    (Shell::Elvish, "fob.elv"),
    (Shell::PowerShell, "_fob.ps1"),
];

/// The completion script for `shell`, with entry-name completion appended where the shell allows it.
pub fn completions(shell: Shell) -> Vec<u8> {
    let mut out = Vec::new();
    clap_complete::aot::generate(shell, &mut offered_command(), "fob", &mut out);
    match shell {
        Shell::Bash => out.extend_from_slice(BASH_NAMES.as_bytes()),
        Shell::Zsh => {
            // clap leaves the QUERY arguments to `_default` (files); ask fob's name cache instead.
            // The function goes before the closing `if [ "$funcstack[1]" = "_fob" ]` that runs `_fob`.
            let text = String::from_utf8(out).expect("clap writes UTF-8");
            let text = text.replace(QUERY_ZSH_DEFAULT, QUERY_ZSH_NAMES);
            let end = text
                .rfind(ZSH_TAIL)
                .expect("clap's zsh script ends by calling _fob");
            out = format!("{}{ZSH_NAMES}\n{}", &text[..end], &text[end..]).into_bytes();
        }
        Shell::Fish => out.extend_from_slice(FISH_NAMES.as_bytes()),
        _ => {}
    }
    out
}

/// The command line as completion offers it: without the hidden commands (fob's own plumbing: `agent`,
/// `generate`, `merge-driver`, `__names`, `__textconv`), which clap's generators would list with the rest.
/// clap has no way to drop a subcommand, so the top level is rebuilt from the full one's parts.
fn offered_command() -> clap::Command {
    let mut full = <cli::Cli as clap::CommandFactory>::command();
    full.build();
    clap::Command::new("fob")
        .bin_name("fob")
        .version(env!("CARGO_PKG_VERSION"))
        .disable_help_flag(true)
        .disable_version_flag(true)
        .disable_help_subcommand(true)
        .args(full.get_arguments().cloned())
        .subcommands(full.get_subcommands().filter(|c| !c.is_hide_set()).cloned())
}

/// How clap's zsh script completes a QUERY argument, and what fob puts there instead.
const QUERY_ZSH_DEFAULT: &str = "`Issuer\\:account`:_default'";
const QUERY_ZSH_NAMES: &str = "`Issuer\\:account`:_fob_entry_names'";

/// Bash: entry names for the QUERY of code, verify, verify-log, show, list, rm and rename; everything else
/// as clap does, from a file of its own so shellcheck can check it
/// (.ci/run). A name with spaces completes from the words typed so far (`fob code Demo B<TAB>` gives
/// `Bank:me`, making `Demo Bank:me`), since bash splits the line at the spaces.
const BASH_NAMES: &str = include_str!("completion/names.bash");

/// The last statement of clap's zsh script.
const ZSH_TAIL: &str = "if [ \"$funcstack[1]\" = \"_fob\" ]; then";

/// Zsh: the function the QUERY arguments call.
const ZSH_NAMES: &str = include_str!("completion/names.zsh");

/// Fish: names for the QUERY of code, verify, verify-log, show, list, rm and rename, also with spaces: the
/// words typed after the command and the current one are matched as one name, and the rest of it offered.
const FISH_NAMES: &str = include_str!("completion/names.fish");

/// `fob.1` and one page per subcommand (`fob-code.1`, `fob-backup-verify.1`, ...), as (file name, roff).
pub fn man_pages() -> Vec<(PathBuf, Vec<u8>)> {
    let mut cmd = show_rare_options(cli::Cli::command().disable_help_subcommand(true));
    cmd.build();
    let mut pages = Vec::new();
    add_pages(&cmd, true, &mut pages);
    pages
}

/// Options kept out of `-h` (`hide_short_help`) still belong in the man page with their help: `clap_mangen`
/// shows only a long help for them, so give them one.
fn show_rare_options(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|arg| match arg.get_help().cloned() {
        Some(help) if arg.is_hide_short_help_set() && arg.get_long_help().is_none() => {
            arg.long_help(help)
        }
        _ => arg,
    })
    .mut_subcommands(show_rare_options)
}

fn add_pages(cmd: &clap::Command, top: bool, pages: &mut Vec<(PathBuf, Vec<u8>)>) {
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    render_page(&man, cmd, top, &mut out).expect("writing to a Vec cannot fail");
    pages.push((PathBuf::from(man.get_filename()), out));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        add_pages(sub, false, pages);
    }
}

fn render_page(
    man: &clap_mangen::Man,
    cmd: &clap::Command,
    top: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    man.render_title(w)?;
    man.render_name_section(w)?;
    man.render_synopsis_section(w)?;
    man.render_description_section(w)?;
    if cmd.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(w)?;
    }
    if cmd.get_subcommands().any(|s| !s.is_hide_set()) {
        man.render_subcommands_section(w)?;
    }
    let mut roff = Roff::new();
    environment(&mut roff);
    files(&mut roff);
    exit_status(&mut roff);
    examples(&mut roff, cmd, top);
    see_also(&mut roff, top);
    roff.to_writer(w)?;
    if top {
        man.render_version_section(w)?;
    }
    Ok(())
}

fn environment(roff: &mut Roff) {
    roff.control("SH", ["ENVIRONMENT"]);
    for &(name, what) in cli::ENVIRONMENT_VARIABLES {
        roff.control("TP", []);
        roff.text([bold(name)]);
        roff.text([roman(what)]);
    }
    for &(prefix, what) in passphrase_sources::PASSPHRASES {
        for source in passphrase_sources::SOURCES {
            roff.control("TP", []);
            roff.text([bold(format!("{prefix}{}", source.suffix))]);
            roff.text([roman(source.man.replace("{what}", what))]);
        }
    }
    roff.control("TP", []);
    roff.text([bold("NO_COLOR")]);
    roff.text([roman(
        "When set, output has no colour. Colour is used only when the output is a terminal.",
    )]);
    roff.control("TP", []);
    roff.text([
        bold("XDG_DATA_HOME"),
        roman(", "),
        bold("XDG_CONFIG_HOME"),
        roman(", "),
        bold("XDG_CACHE_HOME"),
        roman(", "),
        bold("XDG_STATE_HOME"),
    ]);
    roff.text([roman(
        "Where the vault, the config file, the name cache and the record of trusted keys are (see FILES); ~/.local/share, ~/.config, ~/.cache and ~/.local/state when unset.",
    )]);
    roff.control("PP", []);
    roff.text([roman(passphrase_sources::help())]);
}

fn files(roff: &mut Roff) {
    roff.control("SH", ["FILES"]);
    for &(path, text) in crate::paths::FILES {
        roff.control("TP", []);
        roff.text([italic(path)]);
        roff.text([roman(text)]);
        if path == crate::paths::CONFIG_FILE_ENTRY {
            roff.control("RS", []);
            for &(key, what) in crate::config::KEYS {
                roff.control("TP", []);
                roff.text([bold(key)]);
                roff.text([roman(what)]);
            }
            roff.control("RE", []);
        }
    }
}

fn exit_status(roff: &mut Roff) {
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in crate::error::EXIT_STATUSES {
        roff.control("TP", []);
        roff.text([bold(code.to_string())]);
        roff.text([roman(*meaning)]);
    }
}

const TOP_EXAMPLES: &[&str] = &[
    "fob init",
    "fob add GitHub:alice@example.com",
    "fob import exported.txt screenshot.png",
    "fob code github",
    "fob code github --fresh 10 --copy",
    "fob list --json | jq -r '.[].name'",
    "fob backup /media/usb",
    "fob completions bash > ~/.local/share/bash-completion/completions/fob",
];

/// A subcommand's examples are its `after_help` ("Examples:" and indented command lines).
fn examples(roff: &mut Roff, cmd: &clap::Command, top: bool) {
    let lines: Vec<String> = if top {
        TOP_EXAMPLES.iter().map(|&l| l.to_owned()).collect()
    } else {
        cmd.get_after_help()
            .map(|h| {
                h.to_string()
                    .lines()
                    .skip(1)
                    .map(|l| l.trim().to_owned())
                    .filter(|l| !l.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    if lines.is_empty() {
        return;
    }
    roff.control("SH", ["EXAMPLES"]);
    roff.control("PP", []);
    roff.control("RS", ["4"]);
    roff.control("nf", []);
    for line in lines {
        roff.text([roman(line)]);
    }
    roff.control("fi", []);
    roff.control("RE", []);
}

fn see_also(roff: &mut Roff, top: bool) {
    roff.control("SH", ["SEE ALSO"]);
    if top {
        roff.text([
            bold("age"),
            roman("(1), "),
            bold("age-keygen"),
            roman("(1)"),
        ]);
    } else {
        roff.text([bold("fob"), roman("(1), "), bold("age"), roman("(1)")]);
    }
}

/// docs/cli.md, whose exit-status table is generated between these two lines.
const DOCS_CLI: &str = "docs/cli.md";
const EXIT_STATUSES_BEGIN: &str = "<!-- Written by `cargo run -- generate --out-dir .` from EXIT_STATUSES in src/bin/fob/error.rs. -->\n";
const EXIT_STATUSES_END: &str = "<!-- end of exit statuses -->\n";

/// `doc` with the exit-status table between its markers rendered afresh; `None` without the markers.
fn with_exit_statuses(doc: &str) -> Option<String> {
    let start = doc.find(EXIT_STATUSES_BEGIN)? + EXIT_STATUSES_BEGIN.len();
    let end = start + doc[start..].find(EXIT_STATUSES_END)?;
    let mut table = String::from("| status | meaning |\n|---|---|\n");
    for (code, meaning) in crate::error::EXIT_STATUSES {
        table.push_str(&format!("| {code} | {meaning} |\n"));
    }
    Some(format!("{}{table}{}", &doc[..start], &doc[end..]))
}

/// Writes `DIR/completions/*` and `DIR/man/*`, creating the folders, and the exit-status table of
/// `DIR/docs/cli.md` if that file exists; returns the paths written.
pub fn write_all(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    let doc_path = dir.join(DOCS_CLI);
    if let Ok(doc) = std::fs::read_to_string(&doc_path) {
        let rendered = with_exit_statuses(&doc).ok_or_else(|| {
            std::io::Error::other(format!("{DOCS_CLI} lacks the exit-status markers"))
        })?;
        std::fs::write(&doc_path, rendered)?;
        written.push(doc_path);
    }
    for (folder, files) in expected() {
        let folder = dir.join(folder);
        std::fs::create_dir_all(&folder)?;
        for (name, bytes) in files {
            let path = folder.join(name);
            std::fs::write(&path, bytes)?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Generated files: (file name, contents).
type Files = Vec<(PathBuf, Vec<u8>)>;

/// Every generated file, by folder.
fn expected() -> Vec<(&'static str, Files)> {
    let completions = SHELLS
        .iter()
        .map(|&(shell, name)| (PathBuf::from(name), completions(shell)))
        .collect();
    vec![("completions", completions), ("man", man_pages())]
}

#[cfg(test)]
mod tests {
    use super::*;

    const REGENERATE: &str =
        "regenerate with `cargo run -- generate --out-dir .` and commit the result";

    #[test]
    fn committed_completions_and_man_pages_are_current() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut problems = Vec::new();
        for (folder, files) in expected() {
            let dir = root.join(folder);
            for (name, bytes) in &files {
                match std::fs::read(dir.join(name)) {
                    Ok(committed) if &committed == bytes => {}
                    Ok(_) => problems.push(format!("{folder}/{} differs", name.display())),
                    Err(e) => problems.push(format!("{folder}/{}: {e}", name.display())),
                }
            }
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let name = PathBuf::from(entry.file_name());
                if !files.iter().any(|(n, _)| *n == name) {
                    problems.push(format!(
                        "{folder}/{} is not generated any more: delete it",
                        name.display()
                    ));
                }
            }
        }
        assert!(problems.is_empty(), "{}\n{REGENERATE}", problems.join("\n"));
    }

    #[test]
    fn committed_exit_status_table_is_current() {
        let doc =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(DOCS_CLI)).unwrap();
        assert_eq!(
            with_exit_statuses(&doc).as_deref(),
            Some(doc.as_str()),
            "{DOCS_CLI}'s exit statuses: {REGENERATE}"
        );
    }

    /// Issue 18: `man fob-verify` stopped at 4 while verify exits 5, because the pages had their own table.
    #[test]
    fn r18_every_page_lists_every_exit_status() {
        for (name, bytes) in man_pages() {
            let text = String::from_utf8(bytes).unwrap();
            let section = text.split(".SH \"EXIT STATUS\"").nth(1).unwrap_or_default();
            for code in 0..=5 {
                assert!(
                    section.contains(&format!(".TP\n\\fB{code}\\fR")),
                    "{} lacks exit status {code}",
                    name.display()
                );
            }
        }
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(completions(Shell::Zsh), completions(Shell::Zsh));
        assert_eq!(man_pages(), man_pages());
    }

    #[test]
    fn zsh_queries_complete_entry_names() {
        let zsh = String::from_utf8(completions(Shell::Zsh)).unwrap();
        assert!(
            !zsh.contains(QUERY_ZSH_DEFAULT),
            "clap's zsh output changed shape"
        );
        assert!(
            zsh.matches(QUERY_ZSH_NAMES).count() >= 4,
            "code, show, rm, rename"
        );
    }

    #[test]
    fn every_page_has_the_expected_sections() {
        let pages = man_pages();
        assert!(pages.iter().any(|(n, _)| n == Path::new("fob.1")));
        assert!(
            pages
                .iter()
                .any(|(n, _)| n == Path::new("fob-backup-verify.1"))
        );
        assert!(
            !pages
                .iter()
                .any(|(n, _)| n.to_string_lossy().contains("generate"))
        );
        for (name, bytes) in pages {
            let text = String::from_utf8(bytes).unwrap();
            for section in [
                "DESCRIPTION",
                "ENVIRONMENT",
                "FILES",
                "EXIT STATUS",
                "EXAMPLES",
            ] {
                assert!(
                    text.contains(&format!(".SH {section}"))
                        || text.contains(&format!(".SH \"{section}\"")),
                    "{} lacks {section}",
                    name.display()
                );
            }
            for var in [
                "FOB_PASSPHRASE_COMMAND",
                "FOB_BACKUP_PASSPHRASE_FILE",
                "FOB_NAME_CACHE",
            ] {
                assert!(text.contains(var), "{} lacks {var}", name.display());
            }
        }
    }
}
