#!/usr/bin/env bash
# Compares VisemQcDownloader with curl on the same file served by nginx on 127.0.0.1, in the same run.
#
#   benchmarks/download/compare-with-curl.sh [size-MiB=2048] [rounds=3]
#
# Installs nginx (Debian package) when missing, serves a generated zip (stored entries of random
# bytes) from a private nginx on 127.0.0.1 only, and stops it at the end. Each round runs, in turn:
# curl -o (one connection), the downloader with 1, 2 and 4 connections (tests/VisemQc.DownloadProbe,
# Release). Then: an interrupted download (killed at half way) resumed by a new process, and
# VerifyAsync of the file in the page cache. Prints throughputs, ratios to curl and peak memory.
# Compare ratios, not absolute speeds: loopback on a shared machine is noisy.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
size_mib=${1:-2048}
rounds=${2:-3}

if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  echo "Installing nginx"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d "${TMPDIR:-/tmp}/visemqc-bench.XXXXXX")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() {
  [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "Generating a ${size_mib} MiB zip in $work"
mkdir -p "$work/www" "$work/logs"
python3 - "$work/www/visem-qc.zip" "$size_mib" <<'PY'
import os, sys, zipfile
path, size = sys.argv[1], int(sys.argv[2]) << 20
entry = 256 << 20
with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
    done, i = 0, 0
    while done < size:
        n = min(entry, size - done)
        with z.open(f"visem-qc/videos/{i}.mkv", "w", force_zip64=True) as f:
            left = n
            while left:
                chunk = os.urandom(min(left, 16 << 20)); f.write(chunk); left -= len(chunk)
        done += n; i += 1
PY
length=$(stat -c %s "$work/www/visem-qc.zip")

cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
$( [ "$(id -u)" = 0 ] && echo "user root;" )
events { worker_connections 64; }
http {
  access_log $work/logs/access.log;
  log_format bytes '\$request_uri \$status \$body_bytes_sent \$http_range';
  sendfile on;
  server {
    listen 127.0.0.1:$port;
    root $work/www;
    access_log $work/logs/bytes.log bytes;
  }
}
CONF
"$nginx_bin" -c "$work/nginx.conf" -p "$work"
url="http://127.0.0.1:$port/visem-qc.zip"

echo "Building the download probe (Release)"
dotnet build tests/VisemQc.DownloadProbe -c Release --nologo -v q >/dev/null
probe=(dotnet tests/VisemQc.DownloadProbe/bin/Release/net10.0/VisemQc.DownloadProbe.dll)
dest="$work/out/visem-qc.zip"
mkdir -p "$work/out"
clean() { rm -f "$dest" "$dest".part "$dest".manifest.json; sync; }
now() { date +%s.%N; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

declare -A total
peak=0
for round in $(seq 1 "$rounds"); do
  clean; t0=$(now); curl -s -o "$dest" "$url"; t1=$(now)
  cmp -s "$dest" "$work/www/visem-qc.zip" || { echo "curl produced a different file"; exit 1; }
  curl_s=$(echo "$t1 - $t0" | bc -l); total[curl]=$(echo "${total[curl]:-0} + $curl_s" | bc -l)
  line="round $round: curl $(printf %.2f "$(echo "$length / $curl_s / 1000000000" | bc -l)") GB/s"
  for n in 1 2 4; do
    clean; t0=$(now); out=$("${probe[@]}" download "$url" "$dest" --connections "$n" | grep '^RESULT'); t1=$(now)
    cmp -s "$dest" "$work/www/visem-qc.zip" || { echo "the downloader produced a different file"; exit 1; }
    s=$(echo "$t1 - $t0" | bc -l); total[c$n]=$(echo "${total[c$n]:-0} + $s" | bc -l)
    rss=$(echo "$out" | field peak_rss_mb); peak=$(echo "if ($rss > $peak) $rss else $peak" | bc -l)
    fetch_s=$(echo "$out" | field until_verifying)
    total[f$n]=$(echo "${total[f$n]:-0} + $fetch_s" | bc -l)
    line="$line | x$n $(printf %.2f "$(echo "$length / $s / 1000000000" | bc -l)") GB/s, fetch only $(printf %.2f "$(echo "$length / $fetch_s / 1000000000" | bc -l)") (${rss} MB)"
  done
  echo "$line"
done

echo
echo "Over $rounds rounds (time includes process start and the zip check):"
for n in 1 2 4; do
  printf "  %d connection(s): %.2f GB/s, %.2fx curl's %.2f GB/s; without the zip check and final flush: %.2fx curl\n" "$n" \
    "$(echo "$length * $rounds / ${total[c$n]} / 1000000000" | bc -l)" "$(echo "${total[curl]} / ${total[c$n]}" | bc -l)" \
    "$(echo "$length * $rounds / ${total[curl]} / 1000000000" | bc -l)" "$(echo "${total[curl]} / ${total[f$n]}" | bc -l)"
done
printf "  peak memory of the downloader: %.1f MB\n" "$peak"

echo
echo "Interrupted at half way (4 connections, killed with SIGKILL), then resumed by a new process:"
clean; : >"$work/logs/bytes.log"
"${probe[@]}" download "$url" "$dest" --connections 4 >/dev/null & pid=$!
block=$((8 << 20)); half_blocks=$(( length / block / 2 ))
while kill -0 $pid 2>/dev/null; do
  recorded=$(python3 -c 'import json,sys
try: print(sum(b is not None for b in json.load(open(sys.argv[1]))["blocks"]))
except Exception: print(0)' "$dest.manifest.json")
  [ "$recorded" -ge "$half_blocks" ] && break
  sleep 0.02
done
kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
sleep 0.5
sent_before=$(awk '{s+=$3} END {print s+0}' "$work/logs/bytes.log")
out=$("${probe[@]}" download "$url" "$dest" --connections 4 | grep '^RESULT')
cmp -s "$dest" "$work/www/visem-qc.zip" || { echo "the resumed download produced a different file"; exit 1; }
reused=$(echo "$out" | field reused); fetched=$(echo "$out" | field fetched)
lost=$(( sent_before - reused ))
printf "  nginx sent %d bytes before the kill (socket buffers included), %d were verified and reused: %d bytes = %.2f blocks of 8 MiB fetched again (target: at most 4, one per connection); the new process fetched %d\n" \
  "$sent_before" "$reused" "$lost" "$(echo "$lost / $block" | bc -l)" "$fetched"

echo
echo "VerifyAsync of the finished file (in the page cache):"
cat "$dest" >/dev/null
out=$("${probe[@]}" verify "$dest" | grep '^RESULT')
s=$(echo "$out" | field seconds)
printf "  %.2f GB/s (%s s for %d bytes: every block re-hashed against the manifest)\n" "$(echo "$length / $s / 1000000000" | bc -l)" "$s" "$length"
