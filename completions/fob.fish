# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_fob_global_optspecs
    string join \n vault= i/identity= q/quiet print h/help V/version
end

function __fish_fob_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_fob_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_fob_using_subcommand
    set -l cmd (__fish_fob_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c fob -n "__fish_fob_needs_command" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_needs_command" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_needs_command" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_needs_command" -l print -d 'With no command, on a terminal: Enter prints the chosen code and leaves the live view, instead of copying it'
complete -c fob -n "__fish_fob_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_needs_command" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_needs_command" -f -a "init" -d 'Create an empty vault'
complete -c fob -n "__fish_fob_needs_command" -f -a "add" -d 'Add an entry; the secret is read hidden from the terminal, or from stdin'
complete -c fob -n "__fish_fob_needs_command" -f -a "import" -d 'Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups'
complete -c fob -n "__fish_fob_needs_command" -f -a "list" -d 'List entries (never their secrets), or those whose name contains QUERY'
complete -c fob -n "__fish_fob_needs_command" -f -a "ls" -d 'List entries (never their secrets), or those whose name contains QUERY'
complete -c fob -n "__fish_fob_needs_command" -f -a "code" -d 'Print current codes: one entry\'s code alone, or a table of all'
complete -c fob -n "__fish_fob_needs_command" -f -a "verify" -d 'Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)'
complete -c fob -n "__fish_fob_needs_command" -f -a "verify-log" -d 'Print an entry\'s recorded `fob verify` attempts: time and result, oldest first'
complete -c fob -n "__fish_fob_needs_command" -f -a "show" -d 'Show an entry\'s settings, or its otpauth URI with --uri, or a QR code of it with --qr'
complete -c fob -n "__fish_fob_needs_command" -f -a "export" -d 'Write entries out as QR code pictures or as another app\'s backup file'
complete -c fob -n "__fish_fob_needs_command" -f -a "paper" -d 'Write a printable recovery sheet (PDF): every entry\'s QR code, secret and settings, or a backup key'
complete -c fob -n "__fish_fob_needs_command" -f -a "rename" -d 'Rename an entry'
complete -c fob -n "__fish_fob_needs_command" -f -a "rm" -d 'Remove an entry (asks first)'
complete -c fob -n "__fish_fob_needs_command" -f -a "remove" -d 'Remove an entry (asks first)'
complete -c fob -n "__fish_fob_needs_command" -f -a "passwd" -d 'Re-encrypt the vault with a new passphrase or new recipients'
complete -c fob -n "__fish_fob_needs_command" -f -a "backup" -d 'Write an encrypted backup, verified by reading it back, with a key independent of the vault\'s'
complete -c fob -n "__fish_fob_needs_command" -f -a "restore" -d 'Merge a backup (or an earlier generation) into the vault, and say what changed'
complete -c fob -n "__fish_fob_needs_command" -f -a "status" -d 'Show the vault\'s state: entries, last backup, entries in no backup'
complete -c fob -n "__fish_fob_needs_command" -f -a "sync" -d 'Keep the vault in step on several machines through git'
complete -c fob -n "__fish_fob_needs_command" -f -a "unlock" -d 'Unlock the vault once, for the commands that follow'
complete -c fob -n "__fish_fob_needs_command" -f -a "lock" -d 'Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits'
complete -c fob -n "__fish_fob_needs_command" -f -a "completions" -d 'Print a shell completion script (for installs by `cargo install`)'
complete -c fob -n "__fish_fob_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fob -n "__fish_fob_using_subcommand init" -s r -l recipient -d 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin\'s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line' -r
complete -c fob -n "__fish_fob_using_subcommand init" -s R -l recipients-file -d 'Encrypt to the public keys in FILE, one a line' -r -F
complete -c fob -n "__fish_fob_using_subcommand init" -l work-factor -d 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines' -r
complete -c fob -n "__fish_fob_using_subcommand init" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand init" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand init" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand init" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand add" -l counter -d 'Initial HOTP counter' -r
complete -c fob -n "__fish_fob_using_subcommand add" -l algorithm -d 'HMAC algorithm' -r -f -a "SHA1\t''
SHA256\t''
SHA512\t''"
complete -c fob -n "__fish_fob_using_subcommand add" -l digits -d 'Code length' -r
complete -c fob -n "__fish_fob_using_subcommand add" -l period -d 'Seconds per TOTP code' -r
complete -c fob -n "__fish_fob_using_subcommand add" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand add" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand add" -l totp -d 'Time-based codes (the default)'
complete -c fob -n "__fish_fob_using_subcommand add" -l hotp -d 'Counter-based codes (RFC 4226)'
complete -c fob -n "__fish_fob_using_subcommand add" -l steam -d 'Steam Guard: five characters from Steam\'s alphabet, every 30 seconds'
complete -c fob -n "__fish_fob_using_subcommand add" -l force -d 'Replace the secret of an existing entry with the same name (the old vault is kept as a generation)'
complete -c fob -n "__fish_fob_using_subcommand add" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand add" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand import" -l format -d 'Read every FILE as this format instead of recognising it by its content' -r -f -a "uris\t'otpauth:// and otpauth-migration:// URIs, one a line, or QR code pictures'
aegis\t'Aegis vault or backup JSON, plain or encrypted'
2fas\t'2FAS .2fas backup, plain or encrypted'
andotp\t'andOTP backup: plain JSON or encrypted .json.aes'
bitwarden\t'Bitwarden unencrypted JSON or CSV export'
freeotp\t'FreeOTP tokens.xml, or FreeOTP 2\'s encrypted externalBackup.xml'
freeotp-plus\t'FreeOTP+ JSON export or tokens.xml'
steam\t'Steam Desktop Authenticator or steamguard-cli .maFile'
proton\t'Proton Authenticator JSON export'
ente\t'Ente Auth export: plain text, or the encrypted JSON'
google-authenticator\t'Google Authenticator\'s own database (`databases`, from a rooted phone)'
microsoft-authenticator\t'Microsoft Authenticator\'s own database (`PhoneFactor`, from a rooted phone)'
authenticator-pro\t'Authenticator Pro (Stratum): plain or encrypted backup, or its database (`proauth.db3`)'
authy\t'Authy\'s token files (`com.authy.storage.tokens.*.xml`, from a rooted phone)'
duo\t'Duo Mobile\'s `accounts.json` (from a rooted phone)'
battle-net\t'The Battle.net app\'s authenticator preferences (from a rooted phone)'
totp-authenticator\t'TOTP Authenticator: its backup (base64 text) or its preferences XML'
authenticator-plus\t'Authenticator Plus export: the (encrypted) zip holding Accounts.txt'"
complete -c fob -n "__fish_fob_using_subcommand import" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand import" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand import" -l skip-invalid -d 'Import what can be read even when some lines, pictures or codes cannot'
complete -c fob -n "__fish_fob_using_subcommand import" -l allow-partial -d 'Import the parts of a multi-code Google Authenticator export that were given, even with parts missing'
complete -c fob -n "__fish_fob_using_subcommand import" -l force -d 'Replace the secret of entries whose name exists with another secret'
complete -c fob -n "__fish_fob_using_subcommand import" -s n -l dry-run -d 'Show what would be imported (names and settings, never secrets); write nothing'
complete -c fob -n "__fish_fob_using_subcommand import" -l json -d 'Print what was (or, with --dry-run, would be) added, replaced and skipped as JSON'
complete -c fob -n "__fish_fob_using_subcommand import" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand import" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand list" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand list" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand list" -l json -d 'Print a JSON array'
complete -c fob -n "__fish_fob_using_subcommand list" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand list" -s h -l help -d 'Print help'
complete -c fob -n "__fish_fob_using_subcommand list" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand ls" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand ls" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand ls" -l json -d 'Print a JSON array'
complete -c fob -n "__fish_fob_using_subcommand ls" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand ls" -s h -l help -d 'Print help'
complete -c fob -n "__fish_fob_using_subcommand ls" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand code" -l at -d 'Make codes for this moment: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)' -r
complete -c fob -n "__fish_fob_using_subcommand code" -l fresh -d 'If fewer than SECONDS remain before the code changes, wait for the next code (with a countdown on a terminal), so it does not expire while being typed; below the entry\'s period; not with --at' -r
complete -c fob -n "__fish_fob_using_subcommand code" -l clear-after -d 'With --copy: clear the clipboard after SECONDS if it still holds the code (0: never)' -r
complete -c fob -n "__fish_fob_using_subcommand code" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand code" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand code" -l next -d 'Also print the following period\'s code (sites that ask for two at enrolment)'
complete -c fob -n "__fish_fob_using_subcommand code" -l json -d 'Print a JSON array (also for one QUERY)'
complete -c fob -n "__fish_fob_using_subcommand code" -l copy -d 'Put the code on the clipboard (wl-copy or xclip) instead of printing it, and clear it later'
complete -c fob -n "__fish_fob_using_subcommand code" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand code" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand code" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand verify" -l window -d 'TOTP: codes accepted on each side of the current one; HOTP: counters looked ahead' -r
complete -c fob -n "__fish_fob_using_subcommand verify" -l at -d 'Check for this moment instead of now: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)' -r
complete -c fob -n "__fish_fob_using_subcommand verify" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand verify" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand verify" -l exact -d 'QUERY is an entry\'s whole `Issuer:account` (ignoring case), never a part of one'
complete -c fob -n "__fish_fob_using_subcommand verify" -l id -d 'QUERY is an entry\'s id (see `fob list --json`)'
complete -c fob -n "__fish_fob_using_subcommand verify" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand verify" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand verify-log" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand verify-log" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand verify-log" -l exact -d 'QUERY is an entry\'s whole `Issuer:account` (ignoring case), never a part of one'
complete -c fob -n "__fish_fob_using_subcommand verify-log" -l id -d 'QUERY is an entry\'s id (see `fob list --json`)'
complete -c fob -n "__fish_fob_using_subcommand verify-log" -l json -d 'Print a JSON array'
complete -c fob -n "__fish_fob_using_subcommand verify-log" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand verify-log" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand verify-log" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand show" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand show" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand show" -l uri -d 'Print the otpauth:// URI, secret included'
complete -c fob -n "__fish_fob_using_subcommand show" -l qr -d 'Draw the otpauth:// URI as a QR code in the terminal (black on white), for a phone to scan'
complete -c fob -n "__fish_fob_using_subcommand show" -l force -d 'Print the secret even when stdout is not a terminal'
complete -c fob -n "__fish_fob_using_subcommand show" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand show" -s h -l help -d 'Print help'
complete -c fob -n "__fish_fob_using_subcommand show" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand export" -s o -l out -d 'With --format: write to FILE (new, mode 0600) instead of stdout' -r -F
complete -c fob -n "__fish_fob_using_subcommand export" -l format -d 'Write one file in another app\'s format (to --out FILE or stdout)' -r -f -a "uris\t'otpauth:// URIs, one a line (unencrypted)'
aegis\t'Aegis vault JSON (unencrypted)'
aegis-encrypted\t'Aegis vault JSON encrypted with a password'
2fas\t'2FAS .2fas backup (unencrypted)'
2fas-encrypted\t'2FAS .2fas backup encrypted with a password'
andotp\t'andOTP JSON backup (unencrypted)'"
complete -c fob -n "__fish_fob_using_subcommand export" -l qr -d 'Write one otpauth:// QR code PNG per entry into DIR' -r -f -a "(__fish_complete_directories)"
complete -c fob -n "__fish_fob_using_subcommand export" -l google-migration -d 'Write Google Authenticator migration QR code PNGs (10 accounts each) into DIR' -r -f -a "(__fish_complete_directories)"
complete -c fob -n "__fish_fob_using_subcommand export" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand export" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand export" -l force -d 'With --out: replace FILE if it exists'
complete -c fob -n "__fish_fob_using_subcommand export" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand export" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand paper" -s o -l out -d 'The PDF to create (new, mode 0600), or - for stdout when it is a pipe' -r -F
complete -c fob -n "__fish_fob_using_subcommand paper" -l paper -d 'Paper size' -r -f -a "a4\t'210 x 297 mm'
letter\t'8.5 x 11 inches'"
complete -c fob -n "__fish_fob_using_subcommand paper" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand paper" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand paper" -l backup-key -d 'Make a new backup key that lives only on this sheet, and add it to the backup recipients'
complete -c fob -n "__fish_fob_using_subcommand paper" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand paper" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand paper" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand rename" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand rename" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand rename" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand rename" -s h -l help -d 'Print help'
complete -c fob -n "__fish_fob_using_subcommand rename" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand rm" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand rm" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand rm" -s y -l yes -d 'Do not ask for confirmation'
complete -c fob -n "__fish_fob_using_subcommand rm" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand rm" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand rm" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand remove" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand remove" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand remove" -s y -l yes -d 'Do not ask for confirmation'
complete -c fob -n "__fish_fob_using_subcommand remove" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand remove" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand remove" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand passwd" -s r -l recipient -d 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin\'s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line' -r
complete -c fob -n "__fish_fob_using_subcommand passwd" -s R -l recipients-file -d 'Encrypt to the public keys in FILE, one a line' -r -F
complete -c fob -n "__fish_fob_using_subcommand passwd" -l work-factor -d 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines' -r
complete -c fob -n "__fish_fob_using_subcommand passwd" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand passwd" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand passwd" -l force -d 'Re-key to recipients without checking that --identity opens the result'
complete -c fob -n "__fish_fob_using_subcommand passwd" -l accept-recipients -d 'Trust the age keys the vault (and its backup settings) list now, added on another machine, say; changes nothing in the vault'
complete -c fob -n "__fish_fob_using_subcommand passwd" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand passwd" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand passwd" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -s r -l recipient -d 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin\'s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line' -r
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -s R -l recipients-file -d 'Encrypt to the public keys in FILE, one a line' -r -F
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -l work-factor -d 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines' -r
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -l same-key -d 'Allow a backup that only the vault\'s own key (passphrase or identity) opens'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -l set-default -d 'Remember these recipients and DEST for later backups (public keys only, never a passphrase)'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -a "verify" -d 'Check that a backup decrypts and parses, and compare it with the vault'
complete -c fob -n "__fish_fob_using_subcommand backup; and not __fish_seen_subcommand_from verify help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -l backup-identity -d 'Identity file that opens a backup encrypted to recipients [default: --identity]' -r -F
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -l list -d 'List the backups in the folder, newest first, and verify nothing'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -l json -d 'Print what was found as JSON'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check that a backup decrypts and parses, and compare it with the vault'
complete -c fob -n "__fish_fob_using_subcommand backup; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fob -n "__fish_fob_using_subcommand restore" -l generation -d 'Restore from the Nth earlier vault (1 is the newest; see --list-generations)' -r
complete -c fob -n "__fish_fob_using_subcommand restore" -l backup-identity -d 'Identity file that opens a backup encrypted to recipients [default: --identity]' -r -F
complete -c fob -n "__fish_fob_using_subcommand restore" -s r -l recipient -d 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin\'s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line' -r
complete -c fob -n "__fish_fob_using_subcommand restore" -s R -l recipients-file -d 'Encrypt to the public keys in FILE, one a line' -r -F
complete -c fob -n "__fish_fob_using_subcommand restore" -l work-factor -d 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines' -r
complete -c fob -n "__fish_fob_using_subcommand restore" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand restore" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand restore" -l list -d 'List the backups in the folder FILE, newest first, and restore nothing'
complete -c fob -n "__fish_fob_using_subcommand restore" -l list-generations -d 'List the earlier vaults kept beside this one, newest first, with the change each one preceded'
complete -c fob -n "__fish_fob_using_subcommand restore" -l prune-generations -d 'Remove every earlier vault kept beside this one (asks first)'
complete -c fob -n "__fish_fob_using_subcommand restore" -s n -l dry-run -d 'Show what would change; write nothing'
complete -c fob -n "__fish_fob_using_subcommand restore" -l replace -d 'Replace the whole vault with the backup instead of merging (asks first)'
complete -c fob -n "__fish_fob_using_subcommand restore" -s y -l yes -d 'Do not ask before --replace or --prune-generations'
complete -c fob -n "__fish_fob_using_subcommand restore" -l adopt-backup-defaults -d 'Keep the backup settings (recipients, destination) the restored file remembers, without asking'
complete -c fob -n "__fish_fob_using_subcommand restore" -l json -d 'Print what changed as JSON'
complete -c fob -n "__fish_fob_using_subcommand restore" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand restore" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand restore" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand status" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand status" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand status" -l json -d 'Print JSON'
complete -c fob -n "__fish_fob_using_subcommand status" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand status" -s h -l help -d 'Print help'
complete -c fob -n "__fish_fob_using_subcommand status" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -l json -d 'Print what came in and what went out as JSON'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -l names -d 'Name the accounts that changed in commit messages (a remote on a forge would publish them)'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -l accept-recipients -d 'Trust the age keys the remote\'s vault lists (added on another machine), as fob passwd --accept-recipients does for the vault here'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -l new-history -d 'After syncing, start the remote\'s history afresh with one commit of the vault as it is now (after `fob passwd` because a passphrase or key leaked: every older commit still opens with it)'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -s y -l yes -d 'With --new-history: do not ask for confirmation'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -f -a "init" -d 'Make the vault\'s folder a git repository that syncs the vault, and push it to REMOTE if given'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -f -a "clone" -d 'Set this machine up from a remote that another machine pushed to'
complete -c fob -n "__fish_fob_using_subcommand sync; and not __fish_seen_subcommand_from init clone help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from init" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from init" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from init" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from clone" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from clone" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from clone" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from clone" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from clone" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "init" -d 'Make the vault\'s folder a git repository that syncs the vault, and push it to REMOTE if given'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "clone" -d 'Set this machine up from a remote that another machine pushed to'
complete -c fob -n "__fish_fob_using_subcommand sync; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fob -n "__fish_fob_using_subcommand unlock" -l timeout -d 'Lock after this long without use, such as 90s, 15m or 2h [default: 15m, or agent_timeout in the config file]' -r
complete -c fob -n "__fish_fob_using_subcommand unlock" -l lifetime -d 'Lock this long after unlocking, however much it is used [default: 8h, or agent_lifetime in the config file]' -r
complete -c fob -n "__fish_fob_using_subcommand unlock" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand unlock" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand unlock" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand unlock" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand unlock" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand lock" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand lock" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand lock" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand lock" -s h -l help -d 'Print help'
complete -c fob -n "__fish_fob_using_subcommand lock" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand completions" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand completions" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand completions" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c fob -n "__fish_fob_using_subcommand completions" -s V -l version -d 'Print version'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -l vault -d 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]' -r -F
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -s i -l identity -d 'An identity file that unlocks a vault locked to recipients: age-keygen\'s, an age plugin\'s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key' -r -F
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -s q -l quiet -d 'Say nothing on stderr but errors'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "init" -d 'Create an empty vault'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "add" -d 'Add an entry; the secret is read hidden from the terminal, or from stdin'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "import" -d 'Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "list" -d 'List entries (never their secrets), or those whose name contains QUERY'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "code" -d 'Print current codes: one entry\'s code alone, or a table of all'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "verify" -d 'Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "verify-log" -d 'Print an entry\'s recorded `fob verify` attempts: time and result, oldest first'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "show" -d 'Show an entry\'s settings, or its otpauth URI with --uri, or a QR code of it with --qr'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "export" -d 'Write entries out as QR code pictures or as another app\'s backup file'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "paper" -d 'Write a printable recovery sheet (PDF): every entry\'s QR code, secret and settings, or a backup key'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "rename" -d 'Rename an entry'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "rm" -d 'Remove an entry (asks first)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "passwd" -d 'Re-encrypt the vault with a new passphrase or new recipients'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "backup" -d 'Write an encrypted backup, verified by reading it back, with a key independent of the vault\'s'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "restore" -d 'Merge a backup (or an earlier generation) into the vault, and say what changed'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "status" -d 'Show the vault\'s state: entries, last backup, entries in no backup'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "sync" -d 'Keep the vault in step on several machines through git'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "merge-driver" -d 'git\'s merge driver for the vault (registered by fob sync init)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "__textconv" -d 'git\'s diff filter for the vault: entry names and settings, never secrets (registered by fob sync init)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "unlock" -d 'Unlock the vault once, for the commands that follow'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "lock" -d 'Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "agent" -d 'The background process that holds an unlocked vault (started by fob unlock)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "completions" -d 'Print a shell completion script (for installs by `cargo install`)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "generate" -d 'Write completions/ and man/ under DIR (the regeneration command: cargo run -- generate --out-dir .)'
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "__names"
complete -c fob -n "__fish_fob_using_subcommand help; and not __fish_seen_subcommand_from init add import list code verify verify-log show export paper rename rm passwd backup restore status sync merge-driver __textconv unlock lock agent completions generate __names help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c fob -n "__fish_fob_using_subcommand help; and __fish_seen_subcommand_from backup" -f -a "verify" -d 'Check that a backup decrypts and parses, and compare it with the vault'
complete -c fob -n "__fish_fob_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "init" -d 'Make the vault\'s folder a git repository that syncs the vault, and push it to REMOTE if given'
complete -c fob -n "__fish_fob_using_subcommand help; and __fish_seen_subcommand_from sync" -f -a "clone" -d 'Set this machine up from a remote that another machine pushed to'

# fob: complete entry names from the secret-free name cache (`fob __names`; never unlocks the vault).
function __fob_entry_names
    set -l typed (commandline -opc)
    set -l cur (commandline -ct)
    set -l given
    for word in $typed[3..-1]
        string match -q -- '-*' $word; or set -a given $word
    end
    set -l prefix $cur
    test (count $given) -gt 0; and set prefix (string join ' ' $given)" $cur"
    set -l skip (math (string length -- "$prefix") - (string length -- "$cur"))
    for name in (fob __names 2>/dev/null)
        string match -q -- "$prefix*" $name; and string sub -s (math $skip + 1) -- $name
    end
end
complete -c fob -n "__fish_seen_subcommand_from code verify verify-log show list ls rm remove rename" -f -a "(__fob_entry_names)"
