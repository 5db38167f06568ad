#!/usr/bin/env bash
# startup_order_applied.sh CAMD ORDER_FILE: checks that camd was linked in its start-up order
# (cmake/CamStartupOrder.cmake). The first 200 functions the order file lists must all sit in the
# first third of camd's code; linked without the order they spread over all of it (the last at
# 95% of it with GNU ld), and idle camd keeps about 5 MiB more code resident.
set -euo pipefail
camd="$1"
order="$2"
read -r text_start text_size < <(readelf -SW "$camd" | awk '$2 == ".text" {print $4, $6}')
[[ -n "$text_start" ]] || { echo "no .text section in $camd" >&2; exit 1; }
start=$((16#$text_start))
size=$((16#$text_size))
declare -A found
worst=0
while read -r address name; do
  offset=$((16#$address - start))
  ((offset > worst)) && worst=$offset
  found[$name]=1
done < <(nm --defined-only "$camd" |
  awk 'NR == FNR { if (FNR <= 200) listed[$1] = 1; next } ($3 in listed) { print $1, $3 }' "$order" -)
echo "${#found[@]} of the first 200 listed functions are in camd; the farthest at $((worst * 100 / size))% of its code"
((${#found[@]} >= 100)) || { echo "too few of the listed functions are in camd: regenerate the order file" >&2; exit 1; }
((worst * 3 < size)) || { echo "camd's code is not in its start-up order" >&2; exit 1; }
