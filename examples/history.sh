#!/usr/bin/env bash
# Git habits on a dataset: branch, commit, look back read-only, compare ranges, tidy up.
set -euo pipefail
. "$(dirname "$0")/lib/common.sh"

tensor init --user "Ada" --email ada@example.com
tensor column add /words --kind str
for w in cat_1 cat_2 dog_1; do tensor put /words "$w" --text "a ${w%_*}"; done
tensor commit -m "Three words"
tensor tag v1

tensor switch -c plurals                     # a branch of our own, switched to at once
tensor put /words cat_1 --text "cats"
tensor commit -m "Plural cat"
tensor switch main
tensor put /words bird_1 --text "a bird"
tensor commit -m "A bird"

tensor log --oneline v1..plurals | expect "Plural cat"      # what plurals has and v1 has not
tensor diff main...plurals --name-only | expect "/words"    # what plurals did since it forked
tensor log --oneline --path /words | expect "Three words"

tensor checkout v1                           # a read-only look at the tag
tensor status | expect "HEAD detached"
tensor get /words dog_1 | expect "a dog"
if tensor put /words x --text no 2>/dev/null; then echo "a detached HEAD must not stage" >&2; exit 1; fi
tensor switch main

tensor branch -m plurals plural-words
tensor rm /words "cat_*"                     # every key the pattern matches, or none
tensor status -s | expect "M /words"
tensor commit -m "Drop the cats"
tensor log --oneline -n 1 | expect "Drop the cats"
echo "history: ok"
