#!/usr/bin/env bash
# Regenerates visem-qc-sample.zip, the sample dataset embedded in the VisemQc package.
#
# The layout is the real archive's: visem-qc/visem-qc.csv and visem-qc/videos/<id>.<ext>.
# Five short synthetic videos (320x240, 25 fps, 3 s, gray cell-like patterns from ffmpeg's
# "life" source, each with its own seed and speed), MKV (H.264) and AVI (MPEG-4 part 2), some
# stored and some deflated in the zip. The CSV uses the sibling VISEM dialect: ';' separator,
# decimal comma, UTF-8 byte order mark, CRLF, fractional grades that sum to about 100.
#
# Needs ffmpeg and Info-ZIP zip (Debian: apt-get install -y ffmpeg zip). The output is
# deterministic: bit-exact encoders, one encoder thread, fixed timestamps, no extra attributes.
#
# Usage: src/VisemQc/Sample/generate-sample.sh   (writes next to this script)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/visem-qc/videos"

# id  container  seed  life-rate(fps of the pattern's evolution)  storage
videos=(
  "58   mkv 11 12 stored"
  "107  avi 23  3 stored"
  "340  avi 37  8 deflated"
  "623  mkv 41 25 stored"
  "923  mkv 53  1 deflated"
)

for line in "${videos[@]}"; do
  read -r id container seed rate _ <<<"$line"
  source="life=size=320x240:rate=${rate}:seed=${seed}:ratio=0.12:death_color=#b4b4b4:life_color=#3c3c3c:mold=4:mold_color=#8c8c8c"
  filters="fps=25,gblur=sigma=1.2,format=gray,format=yuv420p"
  if [[ "$container" == mkv ]]; then
    codec=(-c:v libx264 -preset veryfast -crf 30 -g 25 -x264-params threads=1)
  else
    codec=(-c:v mpeg4 -q:v 6 -g 25 -threads 1)
  fi
  ffmpeg -v error -y -f lavfi -i "$source" -t 3 -vf "$filters" "${codec[@]}" \
    -fflags +bitexact -flags:v +bitexact -map_metadata -1 "$work/visem-qc/videos/$id.$container"
done

printf '\xEF\xBB\xBF' >"$work/visem-qc/visem-qc.csv"
printf '%s\r\n' \
  'ID;a (%);b (%);c (%);d (%)' \
  '58;41,5;18,3;12,7;27,5' \
  '107;8,2;14,6;9,4;67,8' \
  '340;27;22,9;11,3;38,9' \
  '623;55,4;12,1;6;26,5' \
  '923;0,6;3,2;7,9;88,3' >>"$work/visem-qc/visem-qc.csv"

find "$work/visem-qc" -exec touch -d '2026-01-01 00:00:00 UTC' {} +
out="$here/visem-qc-sample.zip"
rm -f "$out"
(
  cd "$work"
  stored=(visem-qc/ visem-qc/videos/ visem-qc/visem-qc.csv)
  deflated=()
  for line in "${videos[@]}"; do
    read -r id container _ _ storage <<<"$line"
    if [[ "$storage" == stored ]]; then stored+=("visem-qc/videos/$id.$container"); else deflated+=("visem-qc/videos/$id.$container"); fi
  done
  TZ=UTC zip -q -X -0 "$out" "${stored[@]}"
  TZ=UTC zip -q -X -9 "$out" "${deflated[@]}"
)
unzip -v "$out"
