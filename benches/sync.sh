#!/usr/bin/env bash
# Speed of `fob sync`, measured with hyperfine against git itself in the same run.
#
#   bash benches/sync.sh        # needs: apt-get install hyperfine age
#
# 1. Nothing to do: `fob sync` vs `git fetch && git status` on the same repository (target: within 1.5x).
# 2. A change on each side of a 1,000-entry identity-locked vault: `fob sync` on the machine that merges
#    (fetch, decrypt the remote's vault, merge, encrypt, save, commit, push) vs the git commands it runs
#    for that, timed alone (target: fob's own share under a second).
# The remote is a bare repository in a temporary folder, as on a USB stick. Medians are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in hyperfine age-keygen git; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not installed (apt-get install hyperfine age git)" >&2; exit 1; }
done
cargo build --release --locked --quiet
fob=$PWD/target/release/fob
out=$PWD/target/bench
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
unset FOB_PASSPHRASE FOB_PASSPHRASE_FILE FOB_PASSPHRASE_COMMAND FOB_VAULT FOB_WORK_FACTOR
export HOME=$work/home XDG_RUNTIME_DIR=$work/run FOB_NO_BACKUP_REMINDER=1
mkdir -p "$HOME"
age-keygen -o "$work/key.txt" 2>/dev/null
recipient=$(age-keygen -y "$work/key.txt")
export FOB_IDENTITY=$work/key.txt

git init -q --bare "$work/remote.git"
a=$work/a/vault.age
b=$work/b/vault.age
"$fob" --vault "$a" init --recipient "$recipient" -q
python3 -c '
for i in range(1000):
    print(f"otpauth://totp/Site{i:05d}:user{i}@example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Site{i:05d}")
' | "$fob" --vault "$a" import - -q
"$fob" --vault "$a" sync init "$work/remote.git" -q
"$fob" --vault "$b" sync clone "$work/remote.git" -q
size=$(stat -c %s "$a")
echo "vault of 1,000 entries: $size bytes"

echo "== nothing to do: fob sync vs git fetch && git status"
hyperfine -N --warmup 10 --runs 100 --export-json "$out/sync-idle.json" \
  -n "git fetch && git status" "sh -c 'cd $work/b && git fetch -q origin && git status --porcelain >/dev/null'" \
  -n "fob sync" "$fob --vault $b sync -q"

echo "== a change on each side, 1,000 entries: fob sync merges"
secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ
n=0
prepare="n=\$(cat $work/n 2>/dev/null || echo 0); n=\$((n + 1)); echo \$n > $work/n; \
echo $secret | $fob --vault $a add -q A:\$n && $fob --vault $a sync -q && echo $secret | $fob --vault $b add -q B:\$n"
# What git alone costs for the same exchange: fetch, a commit, and a push, on an identical repository.
git clone -q "$work/remote.git" "$work/plain"
plain_prepare="cd $work/plain && git fetch -q && git reset -q --hard origin/main && head -c $size /dev/urandom > vault.age"
hyperfine --warmup 2 --runs 20 --export-json "$out/sync-merge.json" \
  -n "fob sync (merge, 1k entries)" --prepare "$prepare" "$fob --vault $b sync -q" \
  -n "git fetch + commit + push alone" --prepare "$plain_prepare" \
  "sh -c 'cd $work/plain && git fetch -q && git -c user.name=bench -c user.email=bench@localhost commit -qam x && git push -q -f origin HEAD:refs/heads/plain'"

echo "== medians"
python3 - "$out" <<'PY'
import json, statistics, sys
out = sys.argv[1]
for name in ["sync-idle", "sync-merge"]:
    results = json.load(open(f"{out}/{name}.json"))["results"]
    medians = {r["command"]: statistics.median(r["times"]) * 1000 for r in results}
    first = next(iter(medians.values()))
    for command, ms in medians.items():
        print(f"{command:40} {ms:8.2f} ms  ({ms / first:.2f}x the first)")
PY
