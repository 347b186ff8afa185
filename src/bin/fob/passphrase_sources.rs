//! Where a passphrase comes from: the one description of the sources that `unlock.rs` reads, in the
//! order it tries them. `fob --help` and the man pages' ENVIRONMENT section are written from these
//! tables, and each command's help points there rather than listing the sources again, so a source
//! added or reordered here shows everywhere at once.

use crate::cli::{
    ENV_BACKUP_PASSPHRASE, ENV_EXPORT_PASSPHRASE, ENV_IMPORT_PASSPHRASE, ENV_NEW_PASSPHRASE,
    ENV_PASSPHRASE,
};

/// A source set in the environment: the suffix it adds to a prefix such as `FOB_PASSPHRASE`, its note in
/// `--help`, and its man page text, where `{what}` stands for what the passphrase is for.
pub struct Source {
    pub suffix: &'static str,
    pub note: &'static str,
    pub man: &'static str,
}

/// The environment's sources, in the order they are tried; the terminal prompt comes after them.
pub const SOURCES: &[Source] = &[
    Source {
        suffix: "_COMMAND",
        note: " (run by sh; first line of its output)",
        man: "A command, run by sh, whose first line of output is the {what}.",
    },
    Source {
        suffix: "_FILE",
        note: " (first line)",
        man: "A file whose first line is the {what}.",
    },
    Source {
        suffix: "",
        note: "",
        man: "The {what} itself (other processes of the same user can read it: prefer the two above).",
    },
];

/// Every passphrase fob reads, by the prefix of its sources, and what it is for.
pub const PASSPHRASES: &[(&str, &str)] = &[
    (ENV_PASSPHRASE, "passphrase"),
    (ENV_NEW_PASSPHRASE, "new passphrase asked by fob passwd"),
    (ENV_BACKUP_PASSPHRASE, "backup passphrase"),
    (
        ENV_IMPORT_PASSPHRASE,
        "password of an encrypted file given to fob import",
    ),
    (ENV_EXPORT_PASSPHRASE, "password of an encrypted fob export"),
];

/// Where a passphrase comes from when none of [`SOURCES`] is set.
const AFTER_SOURCES: &str = "a prompt on the terminal";
/// What the vault passphrase comes from before any of [`SOURCES`] is read (`session.rs`).
const BEFORE_SOURCES: &str =
    "an agent started by `fob unlock` that holds the vault's passphrase comes before them all";

/// The variables of `prefix`'s sources in order, as a list in words: `P_COMMAND, P_FILE or P`.
pub fn names(prefix: &str) -> String {
    let name = |s: &Source| format!("{prefix}{}", s.suffix);
    let (last, rest) = SOURCES.split_last().expect("there are sources");
    let rest: Vec<String> = rest.iter().map(name).collect();
    format!("{} or {}", rest.join(", "), name(last))
}

/// The paragraph of `fob --help` and of the man pages on where passphrases come from. One paragraph
/// without line breaks: clap wraps it to the terminal, and a break of our own would leave a stray short
/// line where clap's wrapping and ours disagree.
pub fn help() -> String {
    let vault: Vec<String> = SOURCES
        .iter()
        .map(|s| format!("{ENV_PASSPHRASE}{}{}", s.suffix, s.note))
        .collect();
    let others: Vec<String> = PASSPHRASES
        .iter()
        .filter(|(prefix, _)| *prefix != ENV_PASSPHRASE)
        .map(|(prefix, what)| format!("the {what} from {}", names(prefix)))
        .collect();
    format!(
        "Passphrase sources, in order: {}, then {AFTER_SOURCES}; {BEFORE_SOURCES}. Other passphrases come \
         the same way from their own variables: {}.",
        vault.join(", "),
        others.join("; ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_list_the_sources_in_order() {
        assert_eq!(
            names("FOB_PASSPHRASE"),
            "FOB_PASSPHRASE_COMMAND, FOB_PASSPHRASE_FILE or FOB_PASSPHRASE"
        );
    }

    #[test]
    fn commands_point_here_instead_of_listing_the_sources() {
        use clap::CommandFactory;
        let mut commands = vec![crate::cli::Cli::command()];
        while let Some(command) = commands.pop() {
            for text in [command.get_about(), command.get_long_about()]
                .into_iter()
                .flatten()
            {
                assert!(
                    !text.to_string().contains("_COMMAND"),
                    "fob {}'s help lists passphrase sources: say `see fob --help` instead",
                    command.get_name()
                );
            }
            commands.extend(command.get_subcommands().cloned());
        }
    }
}
