#!/bin/sh
# QR decoding benchmark: fob against zbarimg on a corpus generated at run time (benches/qr_corpus.rs).
# Prints a Markdown table per picture and a summary: pictures decoded, median time per picture, and
# the time and peak RSS of the 12-megapixel photos.
#
#   benches/qr_corpus.sh            # corpus in a temporary folder, removed afterwards
#   benches/qr_corpus.sh DIR        # keep the pictures in DIR to look at them
#
# Needs zbarimg (apt-get install -y zbar-tools) and GNU time (apt-get install -y time) for the
# comparison and the RSS column; without them those columns stay empty.
set -eu
cd "$(dirname "$0")/.."
command -v zbarimg >/dev/null || echo "note: zbarimg not found (apt-get install -y zbar-tools)" >&2
[ -x /usr/bin/time ] || echo "note: /usr/bin/time not found (apt-get install -y time)" >&2
exec cargo bench --locked --bench qr_corpus -- "$@"
