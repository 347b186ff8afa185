#!/usr/bin/env bash
# End-to-end speed of the fob binary against oathtool, measured in the same run with hyperfine.
#
#   bash benches/cli.sh        # needs: apt-get install hyperfine oathtool age
#
# 1. `fob code NAME` on an identity-locked vault of 10 entries vs `oathtool --totp -b SECRET`
#    (target: within 3x of oathtool's wall time; above that is a regression to find).
# 2. On an identity-locked vault of 10,000 entries: `fob code --json --at T` and `fob add`
#    (target: each within 50 ms).
# 3. With `fob unlock`'s agent holding the passphrase of a work-factor-18 vault: `fob code NAME` on 10
#    entries vs oathtool (target: within 3x), and `fob code --json` on 10,000 entries (target: 50 ms).
#    Also `fob code NAME` on an identity-locked vault whose opened document the agent holds, with no
#    identity set while timing.
#    No passphrase source is set while timing: a run that fell back to scrypt would fail, not just be slow.
# fob is the binary people get from `cargo install` or `cargo build --release`; the first table also
# times the static PIE of `cargo build-static` (see .cargo/config.toml), for comparison.
# Results are printed as hyperfine tables and saved as markdown and JSON under target/bench/; the summary
# at the end gives medians (a VM's occasional stall moves means, not medians) and the ratios to oathtool.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine oathtool age-keygen; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (apt-get install hyperfine oathtool age)" >&2; exit 1; }
done
cargo build --release --locked --quiet
cargo build-static --quiet
fob=$PWD/target/release/fob
static=$PWD/target/x86_64-unknown-linux-gnu/release/fob
out=$PWD/target/bench
mkdir -p "$out"
work=$(mktemp -d)
cleanup() {
  for v in "$work"/pass-*.age "$work"/id-agent.age; do [ -e "$v" ] && "$fob" --vault "$v" lock -q; done
  rm -rf "$work"
}
trap cleanup EXIT
secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
unset FOB_PASSPHRASE FOB_PASSPHRASE_FILE FOB_PASSPHRASE_COMMAND FOB_VAULT FOB_IDENTITY FOB_WORK_FACTOR
export XDG_RUNTIME_DIR=$work/run
# A home of its own: the machine's record of trusted keys and name caches (grown by every earlier run
# and test here) would otherwise be read and parsed on each timed run, as no user's would.
export HOME=$work/home
unset XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME XDG_DATA_HOME

age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/key.txt")
export FOB_IDENTITY=$work/key.txt

uris() { # uris COUNT: COUNT distinct otpauth URIs
  python3 -c '
import sys
for i in range(int(sys.argv[1])):
    print(f"otpauth://totp/Site{i:05d}:user{i}@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Site{i:05d}")
' "$1"
}

small=$work/small.age
"$fob" --vault "$small" init --recipient "$recipient" -q
uris 10 | "$fob" --vault "$small" import - -q

large=$work/large.age
"$fob" --vault "$large" init --recipient "$recipient" -q
uris 10000 | "$fob" --vault "$large" import - -q
cp "$large" "$work/large-base.age"
printf '%s\n' "$secret" > "$work/secret.txt"

echo "== 10 entries: fob code NAME vs oathtool"
hyperfine -N --warmup 50 --runs 500 --export-markdown "$out/code-vs-oathtool.md" --export-json "$out/code-vs-oathtool.json" \
  -n oathtool "oathtool --totp -b $secret" \
  -n "fob code" "$fob --vault $small code site00005" \
  -n "fob code (static build)" "$static --vault $small code site00005"

echo "== the config file's cost: fob code NAME with no config.toml and with one setting every key"
mkdir -p "$work/config/fob" "$work/no-config"
cat > "$work/config/fob/config.toml" <<'TOML'
backup_reminder = true
name_cache = true
verify_window = 1
verify_hotp_window = 10
verify_max_failures = 5
verify_failure_window = 600
verify_lockout = 60
agent_timeout = "15m"
agent_lifetime = "8h"
TOML
hyperfine --warmup 50 --runs 500 --export-markdown "$out/config.md" --export-json "$out/config.json" \
  -n "fob code (no config.toml)" "XDG_CONFIG_HOME=$work/no-config $fob --vault $small code site00005" \
  -n "fob code (config.toml)" "XDG_CONFIG_HOME=$work/config $fob --vault $small code site00005"

echo "== 10,000 entries: fob code --json --at T, fob add"
hyperfine --warmup 5 --runs 30 --export-markdown "$out/large-vault.md" --export-json "$out/large-vault.json" \
  -n "fob code --json --at T (10k)" "$fob --vault $large code --json --at 1700000000 > /dev/null" \
  -n "fob add (10k)" --prepare "cp $work/large-base.age $large" "$fob --vault $large add -q New:entry < $work/secret.txt"

echo "== passphrase vaults (work factor 18) unlocked by the agent"
for n in 10 10000; do
  FOB_PASSPHRASE=bench "$fob" --vault "$work/pass-$n.age" init -q
  uris "$n" | FOB_PASSPHRASE=bench "$fob" --vault "$work/pass-$n.age" import - -q
  FOB_PASSPHRASE=bench "$fob" --vault "$work/pass-$n.age" unlock -q
done
cp "$small" "$work/id-agent.age"
"$fob" --vault "$work/id-agent.age" unlock -q
unset FOB_IDENTITY
hyperfine -N --warmup 50 --runs 500 --export-markdown "$out/agent-code-vs-oathtool.md" --export-json "$out/agent-code-vs-oathtool.json" \
  -n oathtool "oathtool --totp -b $secret" \
  -n "fob code (agent)" "$fob --vault $work/pass-10.age code site00005" \
  -n "fob code (agent, identity vault)" "$fob --vault $work/id-agent.age code site00005"
hyperfine --warmup 5 --runs 30 --export-markdown "$out/agent-large-vault.md" --export-json "$out/agent-large-vault.json" \
  -n "fob code --json --at T (agent, 10k)" "$fob --vault $work/pass-10000.age code --json --at 1700000000 > /dev/null"

echo "== medians"
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
for name in ["code-vs-oathtool", "config", "agent-code-vs-oathtool", "large-vault", "agent-large-vault"]:
    results = json.load(open(f"{out}/{name}.json"))["results"]
    medians = {r["command"]: statistics.median(r["times"]) * 1000 for r in results}
    peer = medians.get("oathtool")
    for command, ms in medians.items():
        ratio = f"  ({ms / peer:.2f}x oathtool)" if peer and command != "oathtool" else ""
        print(f"{command:40} {ms:7.3f} ms{ratio}")
PY
