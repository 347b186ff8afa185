
use builtin;
use str;

set edit:completion:arg-completer[fob] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'fob'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'fob'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand --print 'With no command, on a terminal: Enter prints the chosen code and leaves the live view, instead of copying it'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Create an empty vault'
            cand add 'Add an entry; the secret is read hidden from the terminal, or from stdin'
            cand import 'Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups'
            cand list 'List entries (never their secrets), or those whose name contains QUERY'
            cand ls 'List entries (never their secrets), or those whose name contains QUERY'
            cand code 'Print current codes: one entry''s code alone, or a table of all'
            cand verify 'Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)'
            cand verify-log 'Print an entry''s recorded `fob verify` attempts: time and result, oldest first'
            cand show 'Show an entry''s settings, or its otpauth URI with --uri, or a QR code of it with --qr'
            cand export 'Write entries out as QR code pictures or as another app''s backup file'
            cand paper 'Write a printable recovery sheet (PDF): every entry''s QR code, secret and settings, or a backup key'
            cand rename 'Rename an entry'
            cand rm 'Remove an entry (asks first)'
            cand remove 'Remove an entry (asks first)'
            cand passwd 'Re-encrypt the vault with a new passphrase or new recipients'
            cand backup 'Write an encrypted backup, verified by reading it back, with a key independent of the vault''s'
            cand restore 'Merge a backup (or an earlier generation) into the vault, and say what changed'
            cand status 'Show the vault''s state: entries, last backup, entries in no backup'
            cand sync 'Keep the vault in step on several machines through git'
            cand unlock 'Unlock the vault once, for the commands that follow'
            cand lock 'Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits'
            cand completions 'Print a shell completion script (for installs by `cargo install`)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fob;init'= {
            cand -r 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand --recipient 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand -R 'Encrypt to the public keys in FILE, one a line'
            cand --recipients-file 'Encrypt to the public keys in FILE, one a line'
            cand --work-factor 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;add'= {
            cand --counter 'Initial HOTP counter'
            cand --algorithm 'HMAC algorithm'
            cand --digits 'Code length'
            cand --period 'Seconds per TOTP code'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --totp 'Time-based codes (the default)'
            cand --hotp 'Counter-based codes (RFC 4226)'
            cand --steam 'Steam Guard: five characters from Steam''s alphabet, every 30 seconds'
            cand --force 'Replace the secret of an existing entry with the same name (the old vault is kept as a generation)'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;import'= {
            cand --format 'Read every FILE as this format instead of recognising it by its content'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --skip-invalid 'Import what can be read even when some lines, pictures or codes cannot'
            cand --allow-partial 'Import the parts of a multi-code Google Authenticator export that were given, even with parts missing'
            cand --force 'Replace the secret of entries whose name exists with another secret'
            cand -n 'Show what would be imported (names and settings, never secrets); write nothing'
            cand --dry-run 'Show what would be imported (names and settings, never secrets); write nothing'
            cand --json 'Print what was (or, with --dry-run, would be) added, replaced and skipped as JSON'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;list'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --json 'Print a JSON array'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;ls'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --json 'Print a JSON array'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;code'= {
            cand --at 'Make codes for this moment: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)'
            cand --fresh 'If fewer than SECONDS remain before the code changes, wait for the next code (with a countdown on a terminal), so it does not expire while being typed; below the entry''s period; not with --at'
            cand --clear-after 'With --copy: clear the clipboard after SECONDS if it still holds the code (0: never)'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --next 'Also print the following period''s code (sites that ask for two at enrolment)'
            cand --json 'Print a JSON array (also for one QUERY)'
            cand --copy 'Put the code on the clipboard (wl-copy or xclip) instead of printing it, and clear it later'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;verify'= {
            cand --window 'TOTP: codes accepted on each side of the current one; HOTP: counters looked ahead'
            cand --at 'Check for this moment instead of now: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --exact 'QUERY is an entry''s whole `Issuer:account` (ignoring case), never a part of one'
            cand --id 'QUERY is an entry''s id (see `fob list --json`)'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;verify-log'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --exact 'QUERY is an entry''s whole `Issuer:account` (ignoring case), never a part of one'
            cand --id 'QUERY is an entry''s id (see `fob list --json`)'
            cand --json 'Print a JSON array'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;show'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --uri 'Print the otpauth:// URI, secret included'
            cand --qr 'Draw the otpauth:// URI as a QR code in the terminal (black on white), for a phone to scan'
            cand --force 'Print the secret even when stdout is not a terminal'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;export'= {
            cand -o 'With --format: write to FILE (new, mode 0600) instead of stdout'
            cand --out 'With --format: write to FILE (new, mode 0600) instead of stdout'
            cand --format 'Write one file in another app''s format (to --out FILE or stdout)'
            cand --qr 'Write one otpauth:// QR code PNG per entry into DIR'
            cand --google-migration 'Write Google Authenticator migration QR code PNGs (10 accounts each) into DIR'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --force 'With --out: replace FILE if it exists'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;paper'= {
            cand -o 'The PDF to create (new, mode 0600), or - for stdout when it is a pipe'
            cand --out 'The PDF to create (new, mode 0600), or - for stdout when it is a pipe'
            cand --paper 'Paper size'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --backup-key 'Make a new backup key that lives only on this sheet, and add it to the backup recipients'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;rename'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;rm'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;remove'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -y 'Do not ask for confirmation'
            cand --yes 'Do not ask for confirmation'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;passwd'= {
            cand -r 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand --recipient 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand -R 'Encrypt to the public keys in FILE, one a line'
            cand --recipients-file 'Encrypt to the public keys in FILE, one a line'
            cand --work-factor 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --force 'Re-key to recipients without checking that --identity opens the result'
            cand --accept-recipients 'Trust the age keys the vault (and its backup settings) list now, added on another machine, say; changes nothing in the vault'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;backup'= {
            cand -r 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand --recipient 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand -R 'Encrypt to the public keys in FILE, one a line'
            cand --recipients-file 'Encrypt to the public keys in FILE, one a line'
            cand --work-factor 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --same-key 'Allow a backup that only the vault''s own key (passphrase or identity) opens'
            cand --set-default 'Remember these recipients and DEST for later backups (public keys only, never a passphrase)'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand verify 'Check that a backup decrypts and parses, and compare it with the vault'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fob;backup;verify'= {
            cand --backup-identity 'Identity file that opens a backup encrypted to recipients [default: --identity]'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --list 'List the backups in the folder, newest first, and verify nothing'
            cand --json 'Print what was found as JSON'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;backup;help'= {
            cand verify 'Check that a backup decrypts and parses, and compare it with the vault'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fob;backup;help;verify'= {
        }
        &'fob;backup;help;help'= {
        }
        &'fob;restore'= {
            cand --generation 'Restore from the Nth earlier vault (1 is the newest; see --list-generations)'
            cand --backup-identity 'Identity file that opens a backup encrypted to recipients [default: --identity]'
            cand -r 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand --recipient 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line'
            cand -R 'Encrypt to the public keys in FILE, one a line'
            cand --recipients-file 'Encrypt to the public keys in FILE, one a line'
            cand --work-factor 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --list 'List the backups in the folder FILE, newest first, and restore nothing'
            cand --list-generations 'List the earlier vaults kept beside this one, newest first, with the change each one preceded'
            cand --prune-generations 'Remove every earlier vault kept beside this one (asks first)'
            cand -n 'Show what would change; write nothing'
            cand --dry-run 'Show what would change; write nothing'
            cand --replace 'Replace the whole vault with the backup instead of merging (asks first)'
            cand -y 'Do not ask before --replace or --prune-generations'
            cand --yes 'Do not ask before --replace or --prune-generations'
            cand --adopt-backup-defaults 'Keep the backup settings (recipients, destination) the restored file remembers, without asking'
            cand --json 'Print what changed as JSON'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;status'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --json 'Print JSON'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;sync'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --json 'Print what came in and what went out as JSON'
            cand --names 'Name the accounts that changed in commit messages (a remote on a forge would publish them)'
            cand --accept-recipients 'Trust the age keys the remote''s vault lists (added on another machine), as fob passwd --accept-recipients does for the vault here'
            cand --new-history 'After syncing, start the remote''s history afresh with one commit of the vault as it is now (after `fob passwd` because a passphrase or key leaked: every older commit still opens with it)'
            cand -y 'With --new-history: do not ask for confirmation'
            cand --yes 'With --new-history: do not ask for confirmation'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand init 'Make the vault''s folder a git repository that syncs the vault, and push it to REMOTE if given'
            cand clone 'Set this machine up from a remote that another machine pushed to'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fob;sync;init'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;sync;clone'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;sync;help'= {
            cand init 'Make the vault''s folder a git repository that syncs the vault, and push it to REMOTE if given'
            cand clone 'Set this machine up from a remote that another machine pushed to'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fob;sync;help;init'= {
        }
        &'fob;sync;help;clone'= {
        }
        &'fob;sync;help;help'= {
        }
        &'fob;unlock'= {
            cand --timeout 'Lock after this long without use, such as 90s, 15m or 2h [default: 15m, or agent_timeout in the config file]'
            cand --lifetime 'Lock this long after unlocking, however much it is used [default: 8h, or agent_lifetime in the config file]'
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;lock'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;completions'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'fob;help'= {
            cand --vault 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]'
            cand -i 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand --identity 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key'
            cand -q 'Say nothing on stderr but errors'
            cand --quiet 'Say nothing on stderr but errors'
            cand init 'Create an empty vault'
            cand add 'Add an entry; the secret is read hidden from the terminal, or from stdin'
            cand import 'Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups'
            cand list 'List entries (never their secrets), or those whose name contains QUERY'
            cand code 'Print current codes: one entry''s code alone, or a table of all'
            cand verify 'Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)'
            cand verify-log 'Print an entry''s recorded `fob verify` attempts: time and result, oldest first'
            cand show 'Show an entry''s settings, or its otpauth URI with --uri, or a QR code of it with --qr'
            cand export 'Write entries out as QR code pictures or as another app''s backup file'
            cand paper 'Write a printable recovery sheet (PDF): every entry''s QR code, secret and settings, or a backup key'
            cand rename 'Rename an entry'
            cand rm 'Remove an entry (asks first)'
            cand passwd 'Re-encrypt the vault with a new passphrase or new recipients'
            cand backup 'Write an encrypted backup, verified by reading it back, with a key independent of the vault''s'
            cand restore 'Merge a backup (or an earlier generation) into the vault, and say what changed'
            cand status 'Show the vault''s state: entries, last backup, entries in no backup'
            cand sync 'Keep the vault in step on several machines through git'
            cand merge-driver 'git''s merge driver for the vault (registered by fob sync init)'
            cand __textconv 'git''s diff filter for the vault: entry names and settings, never secrets (registered by fob sync init)'
            cand unlock 'Unlock the vault once, for the commands that follow'
            cand lock 'Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits'
            cand agent 'The background process that holds an unlocked vault (started by fob unlock)'
            cand completions 'Print a shell completion script (for installs by `cargo install`)'
            cand generate 'Write completions/ and man/ under DIR (the regeneration command: cargo run -- generate --out-dir .)'
            cand __names '__names'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'fob;help;init'= {
        }
        &'fob;help;add'= {
        }
        &'fob;help;import'= {
        }
        &'fob;help;list'= {
        }
        &'fob;help;code'= {
        }
        &'fob;help;verify'= {
        }
        &'fob;help;verify-log'= {
        }
        &'fob;help;show'= {
        }
        &'fob;help;export'= {
        }
        &'fob;help;paper'= {
        }
        &'fob;help;rename'= {
        }
        &'fob;help;rm'= {
        }
        &'fob;help;passwd'= {
        }
        &'fob;help;backup'= {
            cand verify 'Check that a backup decrypts and parses, and compare it with the vault'
        }
        &'fob;help;backup;verify'= {
        }
        &'fob;help;restore'= {
        }
        &'fob;help;status'= {
        }
        &'fob;help;sync'= {
            cand init 'Make the vault''s folder a git repository that syncs the vault, and push it to REMOTE if given'
            cand clone 'Set this machine up from a remote that another machine pushed to'
        }
        &'fob;help;sync;init'= {
        }
        &'fob;help;sync;clone'= {
        }
        &'fob;help;merge-driver'= {
        }
        &'fob;help;__textconv'= {
        }
        &'fob;help;unlock'= {
        }
        &'fob;help;lock'= {
        }
        &'fob;help;agent'= {
        }
        &'fob;help;completions'= {
        }
        &'fob;help;generate'= {
        }
        &'fob;help;__names'= {
        }
        &'fob;help;help'= {
        }
    ]
    $completions[$command]
}
