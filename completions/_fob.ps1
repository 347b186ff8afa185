
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'fob' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'fob'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'fob' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'With no command, on a terminal: Enter prints the chosen code and leaves the live view, instead of copying it')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an empty vault')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an entry; the secret is read hidden from the terminal, or from stdin')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entries (never their secrets), or those whose name contains QUERY')
            [CompletionResult]::new('ls', 'ls', [CompletionResultType]::ParameterValue, 'List entries (never their secrets), or those whose name contains QUERY')
            [CompletionResult]::new('code', 'code', [CompletionResultType]::ParameterValue, 'Print current codes: one entry''s code alone, or a table of all')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)')
            [CompletionResult]::new('verify-log', 'verify-log', [CompletionResultType]::ParameterValue, 'Print an entry''s recorded `fob verify` attempts: time and result, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an entry''s settings, or its otpauth URI with --uri, or a QR code of it with --qr')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write entries out as QR code pictures or as another app''s backup file')
            [CompletionResult]::new('paper', 'paper', [CompletionResultType]::ParameterValue, 'Write a printable recovery sheet (PDF): every entry''s QR code, secret and settings, or a backup key')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an entry')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an entry (asks first)')
            [CompletionResult]::new('remove', 'remove', [CompletionResultType]::ParameterValue, 'Remove an entry (asks first)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Re-encrypt the vault with a new passphrase or new recipients')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write an encrypted backup, verified by reading it back, with a key independent of the vault''s')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Merge a backup (or an earlier generation) into the vault, and say what changed')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault''s state: entries, last backup, entries in no backup')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Keep the vault in step on several machines through git')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the vault once, for the commands that follow')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (for installs by `cargo install`)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fob;init' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;add' {
            [CompletionResult]::new('--counter', '--counter', [CompletionResultType]::ParameterName, 'Initial HOTP counter')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC algorithm')
            [CompletionResult]::new('--digits', '--digits', [CompletionResultType]::ParameterName, 'Code length')
            [CompletionResult]::new('--period', '--period', [CompletionResultType]::ParameterName, 'Seconds per TOTP code')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--totp', '--totp', [CompletionResultType]::ParameterName, 'Time-based codes (the default)')
            [CompletionResult]::new('--hotp', '--hotp', [CompletionResultType]::ParameterName, 'Counter-based codes (RFC 4226)')
            [CompletionResult]::new('--steam', '--steam', [CompletionResultType]::ParameterName, 'Steam Guard: five characters from Steam''s alphabet, every 30 seconds')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the secret of an existing entry with the same name (the old vault is kept as a generation)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;import' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Read every FILE as this format instead of recognising it by its content')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--skip-invalid', '--skip-invalid', [CompletionResultType]::ParameterName, 'Import what can be read even when some lines, pictures or codes cannot')
            [CompletionResult]::new('--allow-partial', '--allow-partial', [CompletionResultType]::ParameterName, 'Import the parts of a multi-code Google Authenticator export that were given, even with parts missing')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the secret of entries whose name exists with another secret')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show what would be imported (names and settings, never secrets); write nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would be imported (names and settings, never secrets); write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print what was (or, with --dry-run, would be) added, replaced and skipped as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;list' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;ls' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;code' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Make codes for this moment: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'If fewer than SECONDS remain before the code changes, wait for the next code (with a countdown on a terminal), so it does not expire while being typed; below the entry''s period; not with --at')
            [CompletionResult]::new('--clear-after', '--clear-after', [CompletionResultType]::ParameterName, 'With --copy: clear the clipboard after SECONDS if it still holds the code (0: never)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--next', '--next', [CompletionResultType]::ParameterName, 'Also print the following period''s code (sites that ask for two at enrolment)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array (also for one QUERY)')
            [CompletionResult]::new('--copy', '--copy', [CompletionResultType]::ParameterName, 'Put the code on the clipboard (wl-copy or xclip) instead of printing it, and clear it later')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;verify' {
            [CompletionResult]::new('--window', '--window', [CompletionResultType]::ParameterName, 'TOTP: codes accepted on each side of the current one; HOTP: counters looked ahead')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'Check for this moment instead of now: unix seconds or RFC 3339 (2026-01-01T12:00:00Z)')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'QUERY is an entry''s whole `Issuer:account` (ignoring case), never a part of one')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'QUERY is an entry''s id (see `fob list --json`)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;verify-log' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--exact', '--exact', [CompletionResultType]::ParameterName, 'QUERY is an entry''s whole `Issuer:account` (ignoring case), never a part of one')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'QUERY is an entry''s id (see `fob list --json`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print a JSON array')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;show' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--uri', '--uri', [CompletionResultType]::ParameterName, 'Print the otpauth:// URI, secret included')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Draw the otpauth:// URI as a QR code in the terminal (black on white), for a phone to scan')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Print the secret even when stdout is not a terminal')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;export' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'With --format: write to FILE (new, mode 0600) instead of stdout')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'With --format: write to FILE (new, mode 0600) instead of stdout')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Write one file in another app''s format (to --out FILE or stdout)')
            [CompletionResult]::new('--qr', '--qr', [CompletionResultType]::ParameterName, 'Write one otpauth:// QR code PNG per entry into DIR')
            [CompletionResult]::new('--google-migration', '--google-migration', [CompletionResultType]::ParameterName, 'Write Google Authenticator migration QR code PNGs (10 accounts each) into DIR')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'With --out: replace FILE if it exists')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;paper' {
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'The PDF to create (new, mode 0600), or - for stdout when it is a pipe')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'The PDF to create (new, mode 0600), or - for stdout when it is a pipe')
            [CompletionResult]::new('--paper', '--paper', [CompletionResultType]::ParameterName, 'Paper size')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--backup-key', '--backup-key', [CompletionResultType]::ParameterName, 'Make a new backup key that lives only on this sheet, and add it to the backup recipients')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;rename' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;rm' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;remove' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;passwd' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Re-key to recipients without checking that --identity opens the result')
            [CompletionResult]::new('--accept-recipients', '--accept-recipients', [CompletionResultType]::ParameterName, 'Trust the age keys the vault (and its backup settings) list now, added on another machine, say; changes nothing in the vault')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;backup' {
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--same-key', '--same-key', [CompletionResultType]::ParameterName, 'Allow a backup that only the vault''s own key (passphrase or identity) opens')
            [CompletionResult]::new('--set-default', '--set-default', [CompletionResultType]::ParameterName, 'Remember these recipients and DEST for later backups (public keys only, never a passphrase)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a backup decrypts and parses, and compare it with the vault')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fob;backup;verify' {
            [CompletionResult]::new('--backup-identity', '--backup-identity', [CompletionResultType]::ParameterName, 'Identity file that opens a backup encrypted to recipients [default: --identity]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the backups in the folder, newest first, and verify nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print what was found as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;backup;help' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a backup decrypts and parses, and compare it with the vault')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fob;backup;help;verify' {
            break
        }
        'fob;backup;help;help' {
            break
        }
        'fob;restore' {
            [CompletionResult]::new('--generation', '--generation', [CompletionResultType]::ParameterName, 'Restore from the Nth earlier vault (1 is the newest; see --list-generations)')
            [CompletionResult]::new('--backup-identity', '--backup-identity', [CompletionResultType]::ParameterName, 'Identity file that opens a backup encrypted to recipients [default: --identity]')
            [CompletionResult]::new('-r', '-r', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('--recipient', '--recipient', [CompletionResultType]::ParameterName, 'Encrypt to this public key instead of a passphrase (repeat for several devices): age1..., an age plugin''s age1<plugin>1... (YubiKey, TPM), or an ssh-ed25519/ssh-rsa line')
            [CompletionResult]::new('-R', '-R ', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--recipients-file', '--recipients-file', [CompletionResultType]::ParameterName, 'Encrypt to the public keys in FILE, one a line')
            [CompletionResult]::new('--work-factor', '--work-factor', [CompletionResultType]::ParameterName, 'scrypt work factor for a passphrase (log2 N): 18 takes about 0.5 s and 256 MiB; lower only for tests or slow machines')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the backups in the folder FILE, newest first, and restore nothing')
            [CompletionResult]::new('--list-generations', '--list-generations', [CompletionResultType]::ParameterName, 'List the earlier vaults kept beside this one, newest first, with the change each one preceded')
            [CompletionResult]::new('--prune-generations', '--prune-generations', [CompletionResultType]::ParameterName, 'Remove every earlier vault kept beside this one (asks first)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Show what would change; write nothing')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Show what would change; write nothing')
            [CompletionResult]::new('--replace', '--replace', [CompletionResultType]::ParameterName, 'Replace the whole vault with the backup instead of merging (asks first)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'Do not ask before --replace or --prune-generations')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'Do not ask before --replace or --prune-generations')
            [CompletionResult]::new('--adopt-backup-defaults', '--adopt-backup-defaults', [CompletionResultType]::ParameterName, 'Keep the backup settings (recipients, destination) the restored file remembers, without asking')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print what changed as JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;status' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print JSON')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;sync' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print what came in and what went out as JSON')
            [CompletionResult]::new('--names', '--names', [CompletionResultType]::ParameterName, 'Name the accounts that changed in commit messages (a remote on a forge would publish them)')
            [CompletionResult]::new('--accept-recipients', '--accept-recipients', [CompletionResultType]::ParameterName, 'Trust the age keys the remote''s vault lists (added on another machine), as fob passwd --accept-recipients does for the vault here')
            [CompletionResult]::new('--new-history', '--new-history', [CompletionResultType]::ParameterName, 'After syncing, start the remote''s history afresh with one commit of the vault as it is now (after `fob passwd` because a passphrase or key leaked: every older commit still opens with it)')
            [CompletionResult]::new('-y', '-y', [CompletionResultType]::ParameterName, 'With --new-history: do not ask for confirmation')
            [CompletionResult]::new('--yes', '--yes', [CompletionResultType]::ParameterName, 'With --new-history: do not ask for confirmation')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the vault''s folder a git repository that syncs the vault, and push it to REMOTE if given')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Set this machine up from a remote that another machine pushed to')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fob;sync;init' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;sync;clone' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;sync;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the vault''s folder a git repository that syncs the vault, and push it to REMOTE if given')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Set this machine up from a remote that another machine pushed to')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fob;sync;help;init' {
            break
        }
        'fob;sync;help;clone' {
            break
        }
        'fob;sync;help;help' {
            break
        }
        'fob;unlock' {
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Lock after this long without use, such as 90s, 15m or 2h [default: 15m, or agent_timeout in the config file]')
            [CompletionResult]::new('--lifetime', '--lifetime', [CompletionResultType]::ParameterName, 'Lock this long after unlocking, however much it is used [default: 8h, or agent_lifetime in the config file]')
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;lock' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;completions' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'fob;help' {
            [CompletionResult]::new('--vault', '--vault', [CompletionResultType]::ParameterName, 'The vault file [default: $XDG_DATA_HOME/fob/vault.age]')
            [CompletionResult]::new('-i', '-i', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('--identity', '--identity', [CompletionResultType]::ParameterName, 'An identity file that unlocks a vault locked to recipients: age-keygen''s, an age plugin''s (AGE-PLUGIN-..., its program on PATH), or an OpenSSH private key')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Say nothing on stderr but errors')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create an empty vault')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add an entry; the secret is read hidden from the terminal, or from stdin')
            [CompletionResult]::new('import', 'import', [CompletionResultType]::ParameterValue, 'Import otpauth:// URIs, QR codes, and Aegis, 2FAS, andOTP or Bitwarden backups')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List entries (never their secrets), or those whose name contains QUERY')
            [CompletionResult]::new('code', 'code', [CompletionResultType]::ParameterValue, 'Print current codes: one entry''s code alone, or a table of all')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check a code someone typed against an entry (exit 0 valid, 1 invalid, 5 locked out)')
            [CompletionResult]::new('verify-log', 'verify-log', [CompletionResultType]::ParameterValue, 'Print an entry''s recorded `fob verify` attempts: time and result, oldest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show an entry''s settings, or its otpauth URI with --uri, or a QR code of it with --qr')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Write entries out as QR code pictures or as another app''s backup file')
            [CompletionResult]::new('paper', 'paper', [CompletionResultType]::ParameterValue, 'Write a printable recovery sheet (PDF): every entry''s QR code, secret and settings, or a backup key')
            [CompletionResult]::new('rename', 'rename', [CompletionResultType]::ParameterValue, 'Rename an entry')
            [CompletionResult]::new('rm', 'rm', [CompletionResultType]::ParameterValue, 'Remove an entry (asks first)')
            [CompletionResult]::new('passwd', 'passwd', [CompletionResultType]::ParameterValue, 'Re-encrypt the vault with a new passphrase or new recipients')
            [CompletionResult]::new('backup', 'backup', [CompletionResultType]::ParameterValue, 'Write an encrypted backup, verified by reading it back, with a key independent of the vault''s')
            [CompletionResult]::new('restore', 'restore', [CompletionResultType]::ParameterValue, 'Merge a backup (or an earlier generation) into the vault, and say what changed')
            [CompletionResult]::new('status', 'status', [CompletionResultType]::ParameterValue, 'Show the vault''s state: entries, last backup, entries in no backup')
            [CompletionResult]::new('sync', 'sync', [CompletionResultType]::ParameterValue, 'Keep the vault in step on several machines through git')
            [CompletionResult]::new('merge-driver', 'merge-driver', [CompletionResultType]::ParameterValue, 'git''s merge driver for the vault (registered by fob sync init)')
            [CompletionResult]::new('__textconv', '__textconv', [CompletionResultType]::ParameterValue, 'git''s diff filter for the vault: entry names and settings, never secrets (registered by fob sync init)')
            [CompletionResult]::new('unlock', 'unlock', [CompletionResultType]::ParameterValue, 'Unlock the vault once, for the commands that follow')
            [CompletionResult]::new('lock', 'lock', [CompletionResultType]::ParameterValue, 'Lock the vault now: its agent forgets the passphrase (or the opened vault) and exits')
            [CompletionResult]::new('agent', 'agent', [CompletionResultType]::ParameterValue, 'The background process that holds an unlocked vault (started by fob unlock)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script (for installs by `cargo install`)')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Write completions/ and man/ under DIR (the regeneration command: cargo run -- generate --out-dir .)')
            [CompletionResult]::new('__names', '__names', [CompletionResultType]::ParameterValue, '__names')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'fob;help;init' {
            break
        }
        'fob;help;add' {
            break
        }
        'fob;help;import' {
            break
        }
        'fob;help;list' {
            break
        }
        'fob;help;code' {
            break
        }
        'fob;help;verify' {
            break
        }
        'fob;help;verify-log' {
            break
        }
        'fob;help;show' {
            break
        }
        'fob;help;export' {
            break
        }
        'fob;help;paper' {
            break
        }
        'fob;help;rename' {
            break
        }
        'fob;help;rm' {
            break
        }
        'fob;help;passwd' {
            break
        }
        'fob;help;backup' {
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check that a backup decrypts and parses, and compare it with the vault')
            break
        }
        'fob;help;backup;verify' {
            break
        }
        'fob;help;restore' {
            break
        }
        'fob;help;status' {
            break
        }
        'fob;help;sync' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Make the vault''s folder a git repository that syncs the vault, and push it to REMOTE if given')
            [CompletionResult]::new('clone', 'clone', [CompletionResultType]::ParameterValue, 'Set this machine up from a remote that another machine pushed to')
            break
        }
        'fob;help;sync;init' {
            break
        }
        'fob;help;sync;clone' {
            break
        }
        'fob;help;merge-driver' {
            break
        }
        'fob;help;__textconv' {
            break
        }
        'fob;help;unlock' {
            break
        }
        'fob;help;lock' {
            break
        }
        'fob;help;agent' {
            break
        }
        'fob;help;completions' {
            break
        }
        'fob;help;generate' {
            break
        }
        'fob;help;__names' {
            break
        }
        'fob;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
