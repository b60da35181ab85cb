#!/bin/sh
# eval_doc.sh: prints the tables of docs/eval.md, measured now.
# Usage: tools/eval_doc.sh [WHOSAID] [POLNEAR_DATA_DIR] > /tmp/tables.md
# (WHOSAID defaults to build/whosaid, the data to ../shared/data/polnear/data.)
set -eu
W=${1:-build/whosaid}
P=${2:-../shared/data/polnear/data}
table() {
  echo '```'
  echo "$W eval $1 --polnear $2" | sed "s|^$W|build/whosaid|; s|  *| |g"
  echo '```'
  echo
  echo '```'
  # shellcheck disable=SC2086
  "$W" eval $1 --polnear "$2" 2>/dev/null | sed -n '/^subset/,$p'
  echo '```'
  echo
}
echo "### Rules only (the default), dev"; echo; table "" "$P/dev"
echo "### With the learned tagger (--model), dev"; echo; table "--model" "$P/dev"
echo "### Everything PolNeAR counts (--all-attributions), dev"; echo; table "--all-attributions" "$P/dev"
echo "### Rules only, train (the split whose errors the rules are read from; dev is the measure)"; echo; table "" "$P/train"
