#!/usr/bin/env bash
# Compares VisemQcDownloader with curl on the same file served by nginx on 127.0.0.1, in the same run.
#
#   benchmarks/download/compare-with-curl.sh [size-MiB=2048] [rounds=5]
#
# Installs nginx (Debian package) when missing, serves a generated zip (stored entries of random
# bytes) from a private nginx on 127.0.0.1 only, and stops it at the end. Each round runs, in turn:
# curl -o (one connection), then the downloader (tests/VisemQc.DownloadProbe, Release) with 1, 2 and
# 4 connections, twice each:
#   - cold: a new process that downloads once; its time includes process start, the JIT's first
#     compilation of the HTTP stack and the downloader (about 0.3 s), and the zip check;
#   - warm: a process that downloaded a small file first, timed by DownloadAsync itself: the
#     throughput an app sees from its second download on, and what a long download converges to.
# The probe is built as the visemqc tool is (TieredPGO and QuickJitForLoops off, see docs/download.md,
# "Throughput"); one more warm run with one connection uses the runtime's defaults instead.
# Every run starts after the same pause (see clean below), the order of the runs rotates from round to
# round, and two figures are given: the best run of each over all rounds, and the median of the
# per-round ratios. Then: a download killed at half way and finished by a new process, and
# VerifyAsync of the finished file in the page cache. Prints throughputs, ratios and peak memory.
# SETTLE_SECONDS=0 drops the pause.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
size_mib=${1:-2048}
rounds=${2:-5}

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
with zipfile.ZipFile(path.replace("visem-qc.zip", "warm-up.zip"), "w", zipfile.ZIP_STORED) as z:
    z.writestr("warm-up.bin", os.urandom(1 << 20))
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
# After a file is deleted, its memory goes back to the VM's host within about 2 s (virtio-balloon free page
# reporting); writing into memory the host has not backed again costs about twice the kernel time. So
# whoever runs right after a delete writes faster than whoever runs later. Each run starts after the
# same pause, from the same state: the state of a download that runs for more than a few seconds.
settle_seconds=${SETTLE_SECONDS:-4}
clean() { rm -f "$dest" "$dest".part "$dest".manifest.json; sync; sleep "$settle_seconds"; }
now() { date +%s.%N; }
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }

ratio() { echo "$1 / $2" | bc -l; }
gbps() { printf %.2f "$(echo "$length / $1 / 1000000000" | bc -l)"; }
median() { sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
declare -A ratios best seconds fetched cpu
TIMEFORMAT='%U %S' # what `time` prints: the child's user and kernel CPU seconds
keep_best() { best[$1]=$(echo "if (${best[$1]:-1000000} < $2) ${best[$1]:-1000000} else $2" | bc -l); }
peak=0
# One timed run of curl or of the downloader (c1 = cold, 1 connection; w4 = warm, 4 connections...).
run_one() {
  local id=$1 t0 t1 out n mode
  clean
  if [ "$id" = curl ]; then
    t0=$(now); { time curl -s -o "$dest" "$url"; } 2>"$work/cpu"; t1=$(now)
    cmp -s "$dest" "$work/www/visem-qc.zip" || { echo "curl produced a different file"; exit 1; }
    seconds[curl]=$(echo "$t1 - $t0" | bc -l)
    cpu[curl]+="$(awk '{print $1 + $2}' "$work/cpu") "
    return
  fi
  n=${id:1}; mode=${id:0:1}
  warm_up=(); [ "$mode" != c ] && warm_up=(--warm-up "http://127.0.0.1:$port/warm-up.zip")
  runtime=(); [ "$mode" = d ] && runtime=(DOTNET_TieredPGO=1 DOTNET_TC_QuickJitForLoops=1)
  t0=$(now); out=$(env "${runtime[@]}" "${probe[@]}" download "$url" "$dest" --connections "$n" "${warm_up[@]}" | grep '^RESULT'); t1=$(now)
  cmp -s "$dest" "$work/www/visem-qc.zip" || { echo "the downloader produced a different file"; exit 1; }
  if [ "$mode" = c ]; then seconds[$id]=$(echo "$t1 - $t0" | bc -l); else seconds[$id]=$(echo "$out" | field download_seconds); fi
  fetched[$id]=$(echo "$out" | field until_verifying)
  [ "$mode" = w ] && cpu[$id]+="$(echo "$(echo "$out" | field user_seconds) + $(echo "$out" | field system_seconds)" | bc -l) "
  rss=$(echo "$out" | field peak_rss_mb); peak=$(echo "if ($rss > $peak) $rss else $peak" | bc -l)
}
order=(curl c1 w1 c2 w2 c4 w4 d1)
for round in $(seq 1 "$rounds"); do
  # Each round starts one step further along the list, so that no run always follows the same one.
  for i in "${!order[@]}"; do
    run_one "${order[$(( (i + round - 1) % ${#order[@]} ))]}"
  done
  keep_best curl "${seconds[curl]}"
  line="round $round: curl $(gbps "${seconds[curl]}") GB/s"
  for n in 1 2 4; do
    for mode in cold warm; do
      id=${mode:0:1}$n
      ratios[$mode$n]+="$(ratio "${seconds[curl]}" "${seconds[$id]}") "; keep_best "$mode$n" "${seconds[$id]}"
      [ "$mode" = warm ] && ratios[fetch$n]+="$(ratio "${seconds[curl]}" "${fetched[$id]}") "
      line="$line | x$n $mode $(gbps "${seconds[$id]}")"
    done
  done
  ratios[default1]+="$(ratio "${seconds[curl]}" "${seconds[d1]}") "; keep_best default1 "${seconds[d1]}"
  line="$line | x1 warm, runtime defaults $(gbps "${seconds[d1]}")"
  echo "$line GB/s"
done

echo
echo "Ratio to curl (higher is faster; curl's best: $(gbps "${best[curl]}") GB/s):"
printf "  %-12s %12s %12s %16s %16s %22s\n" connections "best cold" "best warm" "median cold" "median warm" "median warm, no zip check"
for n in 1 2 4; do
  printf "  %-12s %11.2fx %11.2fx %15.2fx %15.2fx %21.2fx\n" "$n" \
    "$(ratio "${best[curl]}" "${best[cold$n]}")" "$(ratio "${best[curl]}" "${best[warm$n]}")" \
    "$(tr ' ' '\n' <<<"${ratios[cold$n]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${ratios[warm$n]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${ratios[fetch$n]}" | grep . | median)"
done
printf "  %-12s %12s %11.2fx %16s %15.2fx   (warm, the runtime's default JIT settings: TieredPGO and QuickJitForLoops on)\n" 1 "" \
  "$(ratio "${best[curl]}" "${best[default1]}")" "" "$(tr ' ' '\n' <<<"${ratios[default1]}" | grep . | median)"
printf "  peak memory of the downloader: %.1f MB\n" "$peak"
# CPU time is steadier than duration on a shared VM: on 2 cores it is what the transfer is bound by.
gib=$(echo "$length / 1073741824" | bc -l)
cpu_per_gib() { printf %.2f "$(echo "$(tr ' ' '\n' <<<"${cpu[$1]}" | grep . | median) / $gib" | bc -l)"; }
printf "  CPU seconds per GiB, user and kernel, median: curl %s; downloader warm, 1 connection %s, 2 connections %s, 4 connections %s (curl hashes nothing; nginx's CPU is not counted)\n" \
  "$(cpu_per_gib curl)" "$(cpu_per_gib w1)" "$(cpu_per_gib w2)" "$(cpu_per_gib w4)"

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
# What the killed process had received and written but not recorded: blocks that the manifest does not
# list but whose first bytes are in the .part file (each connection writes its block from the start;
# the preallocated rest reads as zeros). The new process fetches each of them again, whole.
read -r partial received_lost < <(python3 - "$dest.part" "$dest.manifest.json" <<'PY'
import json, sys
part, manifest = sys.argv[1], json.load(open(sys.argv[2]))
size, page = manifest["blockSize"], 4096
partial = lost = 0
with open(part, "rb") as f:
    def written(offset):
        f.seek(offset)
        return any(f.read(page))
    for i, h in enumerate(manifest["blocks"]):
        start = i * size
        if h is not None or not written(start):
            continue
        lo, hi = 1, min(size, manifest["length"] - start) // page  # pages [0, lo) written; find the first that is not
        while lo < hi:
            mid = (lo + hi) // 2
            if written(start + mid * page): lo = mid + 1
            else: hi = mid
        partial += 1; lost += lo * page
print(partial, lost)
PY
)
out=$("${probe[@]}" download "$url" "$dest" --connections 4 | grep '^RESULT')
cmp -s "$dest" "$work/www/visem-qc.zip" || { echo "the resumed download produced a different file"; exit 1; }
reused=$(echo "$out" | field reused); fetched=$(echo "$out" | field fetched)
lost=$(( sent_before - reused ))
printf "  the killed process had written %d bytes (%.2f blocks of 8 MiB) that no manifest entry covered, in %d blocks; the new process fetched those blocks again (target: at most one per connection, 4)\n" \
  "$received_lost" "$(echo "$received_lost / $block" | bc -l)" "$partial"
printf "  nginx sent %d bytes before the kill, %d were verified and reused: %d bytes = %.2f blocks of 8 MiB were sent twice, counting what was still in the kernel's socket buffers and the process's 1 MiB buffers when it died; the new process fetched %d\n" \
  "$sent_before" "$reused" "$lost" "$(echo "$lost / $block" | bc -l)" "$fetched"

echo
echo "VerifyAsync of the finished file (in the page cache):"
cat "$dest" >/dev/null
out=$("${probe[@]}" verify "$dest" | grep '^RESULT')
s=$(echo "$out" | field seconds)
printf "  %.2f GB/s (%s s for %d bytes: every block re-hashed against the manifest)\n" "$(echo "$length / $s / 1000000000" | bc -l)" "$s" "$length"
