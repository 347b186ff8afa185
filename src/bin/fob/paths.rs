//! Where fob keeps its files, decided in one place: the user's XDG folders (through `directories`),
//! each with a `fob` folder of its own. The man pages' FILES section is rendered from [`FILES`].

use std::path::PathBuf;

use directories::ProjectDirs;

/// Every file fob reads or writes and what it is, for the man pages' FILES section.
pub const FILES: &[(&str, &str)] = &[
    (
        "$XDG_DATA_HOME/fob/vault.age",
        "The vault: a standard age file holding JSON (age -d recovers it). FOB_VAULT or --vault choose another. A vault file or folder other users can write to, or that another user owns, is refused (one its group can write to is warned about), and a read-only vault (chmod 400) is never replaced.",
    ),
    (
        "<vault>.lock",
        "Taken while a change is saved, so two fob processes never lose each other's changes. Never followed if it is a symbolic link.",
    ),
    (
        "<vault>.generations/",
        "The last 5 earlier vaults, still encrypted, kept before every add, import, rm, rename, restore and passwd (not before HOTP codes, verify attempts or backups); each <time>.age has a <time>.label (mode 0600) saying what change followed it. See fob restore --list-generations and --prune-generations.",
    ),
    (
        "<vault>.failures",
        "Times of failed passphrase unlocks (JSON, never a passphrase), for the back-off between tries and for fob status.",
    ),
    (
        "$XDG_RUNTIME_DIR/fob/agent-<hash of the vault path>.sock",
        "The socket of the agent that fob unlock starts, in a folder only you can enter ($XDG_STATE_HOME/fob/agent, or ~/.local/state/fob/agent, when XDG_RUNTIME_DIR is unset; never a shared folder such as /tmp); the agent holds agent-<hash>.lock beside it while it runs.",
    ),
    (
        "$XDG_CONFIG_HOME/fob/config.toml",
        "Preferences, TOML key = value lines; each unknown key, bad value or line that is not TOML is reported with its line and keeps the default. The keys:",
    ),
    (
        "$XDG_STATE_HOME/fob/trusted-keys.json",
        "The age public keys this user chose or accepted on this machine for each vault (by its full path) and for its backups, mode 0600 in a 0700 folder. fob encrypts a vault or a backup only to these: a key that arrives inside a vault or backup file stops saves until fob passwd --accept-recipients. The first time fob meets a vault it records the keys the vault lists. JSON; see docs/vault-format.md.",
    ),
    (
        "<vault folder>/.git, .gitattributes, .gitignore",
        "With fob sync: the git repository that shares the vault with other machines. Only the vault and these two files are tracked; the vault merges through fob merge-driver and diffs as entry names (never secrets). See docs/sync.md.",
    ),
    (
        "$XDG_STATE_HOME/fob/clock-warned",
        "When fob last warned on a terminal that the system clock is not synchronised (unix seconds), mode 0600: the warning is shown there at most once a day. fob status always shows the clock.",
    ),
    (
        "$XDG_CACHE_HOME/fob/names/<hash of the vault path>",
        "Entry names (Issuer:account, one a line, never secrets or settings), mode 0600, rewritten whenever fob opens or saves that vault, so shell completion can offer names without unlocking. FOB_NAME_CACHE=0 or name_cache = false turns it off and removes it.",
    ),
];

/// The FILES entry of the config file, which the config keys follow.
pub const CONFIG_FILE_ENTRY: &str = "$XDG_CONFIG_HOME/fob/config.toml";

fn dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "fob")
}

/// `$XDG_DATA_HOME/fob/vault.age`: the vault when neither `--vault` nor `FOB_VAULT` names one.
pub fn default_vault() -> Option<PathBuf> {
    dirs().map(|d| d.data_dir().join("vault.age"))
}

/// `$XDG_CONFIG_HOME/fob/config.toml`.
pub fn config_file() -> Option<PathBuf> {
    dirs().map(|d| d.config_dir().join("config.toml"))
}

/// `$XDG_CACHE_HOME/fob/names`: the entry-name caches, one file per vault.
pub fn name_cache_dir() -> Option<PathBuf> {
    dirs().map(|d| d.cache_dir().join("names"))
}

/// `$XDG_STATE_HOME/fob`, else `~/.local/state/fob`: the record of trusted keys, and the agent's folder
/// when there is no `$XDG_RUNTIME_DIR`.
pub fn state_dir() -> Option<PathBuf> {
    dirs()
        .and_then(|d| d.state_dir().map(std::path::Path::to_owned))
        .or_else(|| directories::BaseDirs::new().map(|b| b.home_dir().join(".local/state/fob")))
}
