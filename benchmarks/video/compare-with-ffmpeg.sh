#!/usr/bin/env bash
# Compares VisemQc's video reading with the ffmpeg CLI on the same input and the same thread count:
#   1. throughput of ReadFramesAsync to 8-bit gray vs `ffmpeg -i ... -pix_fmt gray -f rawvideo - > /dev/null`
#      (plain file, and the stored zip entry through ffmpeg's subfile protocol)            target >= 0.9x
#   2. time to the first frame in the middle of a video stored in the middle of a > 4 GiB zip
#      vs `ffmpeg -ss <t> -i plain.mkv -frames:v 1 ...`                                    target <= 1.2x
#      and zero bytes extracted for stored entries (the dataset's cache folder stays empty)
#   3. the time of one ProbeVideoAsync, and that a second call returns the cached object
# Usage: bash benchmarks/video/compare-with-ffmpeg.sh [--rounds N] [--first-frame-rounds N] [--threads T]
#                                                    [--no-h264] [--data DIR] [--clean]
# The test videos (generated once, ~40 s) and their small zip are kept in --data (default
# ${TMPDIR:-/tmp}/visemqc-video-bench) for the next run; --clean deletes them at the end. The sparse
# multi-GB zip and every other temporary file go to a folder that is deleted on exit.
# Needs ffmpeg/ffprobe (apt-get install -y ffmpeg), zip, the .NET SDK, bash >= 5. ~3 minutes on an idle
# 2-vCPU machine, generation included (~4-5 under load).
set -euo pipefail
export LC_ALL=C

rounds=3
first_frame_rounds=7
threads=2
h264=1
clean=0
data="${VISEMQC_VIDEO_BENCH_DATA:-${TMPDIR:-/tmp}/visemqc-video-bench}"
while (($#)); do
    case "$1" in
        --rounds) rounds="$2"; shift 2 ;;
        --first-frame-rounds) first_frame_rounds="$2"; shift 2 ;;
        --threads) threads="$2"; shift 2 ;;
        --no-h264) h264=0; shift ;;
        --data) data="$2"; shift 2 ;;
        --clean) clean=1; shift ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "Unknown argument '$1' (try --help)." >&2; exit 2 ;;
    esac
done

for tool in ffmpeg ffprobe zip dotnet awk sha256sum; do
    command -v "$tool" >/dev/null || { echo "$tool not found on the PATH (ffmpeg: apt-get install -y ffmpeg)." >&2; exit 2; }
done
((BASH_VERSINFO[0] >= 5)) || { echo "bash 5 or later is needed (EPOCHREALTIME)." >&2; exit 2; }

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
project="$repo/benchmarks/VisemQc.Benchmarks"
work="$(mktemp -d "${TMPDIR:-/tmp}/visemqc-video-compare.XXXXXX")"
cleanup() {
    rm -rf "$work"
    if ((clean)); then rm -rf "$data"; fi
}
trap cleanup EXIT
mkdir -p "$data"
script_start=$EPOCHREALTIME

log() { printf '%s\n' "$*" >&2; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) printf "%.4f", v[(NR + 1) / 2]; else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
div() { awk -v a="$1" -v b="$2" -v f="${3:-%.2f}" 'BEGIN { printf f, a / b }'; }
# kv KEY LINE: the value of KEY=... in a RESULT line.
kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }

# Runs a command with its output to /dev/null; prints "wall cpu" in seconds (cpu = user + sys of the
# command and its children, from bash's `time`).
timed() {
    local TIMEFORMAT='%3R %3U %3S' t
    t=$({ time "$@" >/dev/null 2>"$work/stderr"; } 2>&1) || { cat "$work/stderr" >&2; return 1; }
    awk '{ printf "%.4f %.3f", $1, $2 + $3 }' <<<"$t"
}

# --- the library's benchmark modes ---------------------------------------------------------------
log "Building VisemQc.Benchmarks (Release)..."
dotnet build -c Release "$project" -nologo -v q -clp:ErrorsOnly >"$work/build.log" 2>&1 || { cat "$work/build.log" >&2; exit 1; }
bench_dll="$project/bin/Release/net10.0/VisemQc.Benchmarks.dll"
[[ -f "$bench_dll" ]] || { echo "Built, but $bench_dll is missing." >&2; exit 1; }
# The modes write their temporary files (cache folders, the sparse zip) under TMPDIR: inside $work.
bench() { TMPDIR="$work" dotnet "$bench_dll" "$@"; }

# --- test videos, generated once -------------------------------------------------------------------
# 720x576 25 fps 60 s like the DVD-sourced real data: a field of cells (Conway's life with mould) in gray
# tones plus temporal noise, MPEG-2 at DVD-like rates (6 Mbit/s, GOP 15, 2 B-frames) in MKV; and H.264.
# Seeded and bit-exact: the same bytes on every machine with the same ffmpeg.
mpeg2="$data/visem-mpeg2.mkv"
h264_file="$data/visem-h264.mkv"
if [[ ! -s "$mpeg2" ]]; then
    log "Generating $mpeg2 (720x576, 25 fps, 60 s, MPEG-2; ~25 s)..."
    ffmpeg -nostdin -v error -y -f lavfi \
        -i "life=s=720x576:r=25:seed=623:ratio=0.1:death_color=#303030:life_color=#c8c8c8:mold=10:mold_color=#707070,format=yuv420p,noise=all_seed=623:alls=12:allf=t" \
        -t 60 -c:v mpeg2video -b:v 6M -maxrate 9M -bufsize 1835k -g 15 -bf 2 -fflags +bitexact -flags +bitexact -f matroska "$mpeg2.tmp"
    mv "$mpeg2.tmp" "$mpeg2"
fi
if ((h264)) && [[ ! -s "$h264_file" ]]; then
    log "Generating $h264_file (the same frames in H.264; ~20 s)..."
    ffmpeg -nostdin -v error -y -i "$mpeg2" -c:v libx264 -preset veryfast -crf 23 -g 50 -fflags +bitexact -f matroska "$h264_file.tmp"
    mv "$h264_file.tmp" "$h264_file"
fi

# The dataset zip: both videos as STORED entries (zip -0) and the CSV, laid out like the published one.
declare -A file_of=([101]="$mpeg2")
ids=(101)
if ((h264)); then file_of[102]="$h264_file"; ids+=(102); fi
zip_path="$data/visem-qc-${#ids[@]}.zip"
if [[ ! -s "$zip_path" || "$zip_path" -ot "$mpeg2" || ( $h264 == 1 && "$zip_path" -ot "$h264_file" ) ]]; then
    log "Writing $zip_path (zip -0)..."
    stage="$work/stage"
    mkdir -p "$stage/visem-qc/videos"
    printf 'ID,a,b,c,d\n101,41.5,13.25,5.25,40\n102,30,20,10,40\n' | head -n $((1 + ${#ids[@]})) >"$stage/visem-qc/visem-qc.csv"
    for id in "${ids[@]}"; do ln "${file_of[$id]}" "$stage/visem-qc/videos/$id.mkv" 2>/dev/null || cp "${file_of[$id]}" "$stage/visem-qc/videos/$id.mkv"; done
    rm -f "$zip_path.tmp"
    (cd "$stage" && zip -0 -X -q -r "$zip_path.tmp" visem-qc)
    mv "$zip_path.tmp" "$zip_path"
    rm -rf "$stage"
fi

printf '\nVisemQc video benchmarks vs the ffmpeg CLI, %s, %s, %s vCPU, load average %s\n' \
    "$(date -u +%Y-%m-%dT%H:%MZ)" "$(ffmpeg -version | head -1 | cut -d' ' -f1-3)" "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'Threads: -threads %s for the CLI, VideoOptions { MaxConcurrentDecodes = 1, ThreadsPerDecode = %s } for the library.\n' "$threads" "$threads"

declare -A wall cpu split
# measure KEY COMMAND...: times the command into wall[KEY] and cpu[KEY].
measure() {
    local key=$1 out w c
    shift
    out=$(timed "$@")
    read -r w c <<<"$out"
    wall[$key]+="$w "
    cpu[$key]+="$c "
}

# --- 3. probe -------------------------------------------------------------------------------------
declare -A input_of frames_of probe_line
for id in "${ids[@]}"; do
    out=$(bench video-probe "$zip_path" "$id" --rounds 3)
    probe_line[$id]=$(grep '^RESULT ' <<<"$out")
    input_of[$id]=$(sed -n 's/^INPUT //p' <<<"$out")
    frames_of[$id]=$(kv frames "${probe_line[$id]}")
    [[ "${input_of[$id]}" == subfile,* ]] || { echo "Expected a subfile URL for the stored entry, got '${input_of[$id]}'." >&2; exit 1; }
done

# The same ffprobe command the library runs (format, streams and every video packet's timestamps), for reference.
cli_probe() { ffprobe -loglevel error -print_format json -show_format -sexagesimal -show_streams -select_streams v:0 -show_entries packet=pts,dts "$1"; }
for id in "${ids[@]}"; do for r in 1 2 3; do measure "$id/ffprobe" cli_probe "${file_of[$id]}"; done; done

# --- 1. throughput ----------------------------------------------------------------------------------
# In each round, for each video: the CLI on the plain file, the CLI on the zip entry (subfile URL, what the
# library hands ffmpeg), for MPEG-2 also the CLI through a pipe (| cat: the library reads a pipe too), and
# the library's `frames` mode: a new process that opens the dataset, probes (timed apart) and reads every
# frame twice. Pass 1 is a program's first decode (the .NET code is compiled as it runs); pass 2 is a
# long-running program's (warm process).
cli_gray() { ffmpeg -nostdin -v error -threads "$threads" -i "$1" -pix_fmt gray -f rawvideo -; }
cli_gray_pipe() { ffmpeg -nostdin -v error -threads "$threads" -i "$1" -pix_fmt gray -f rawvideo - | cat; }
log "Throughput: $rounds rounds..."
for ((r = 1; r <= rounds; r++)); do
    for id in "${ids[@]}"; do
        measure "$id/file" cli_gray "${file_of[$id]}"
        measure "$id/subfile" cli_gray "${input_of[$id]}"
        if [[ $id == 101 ]]; then measure "$id/pipe" cli_gray_pipe "${file_of[$id]}"; fi
        out=$(bench frames "$zip_path" "$id" --threads "$threads" --repeat 2)
        for pass in 1 2; do
            line=$(grep "^RESULT frames pass=$pass " <<<"$out")
            [[ $(kv frames "$line") == "${frames_of[$id]}" ]] || { echo "frames mode: $out" >&2; exit 1; }
            key="$id/lib$pass"
            wall[$key]+="$(kv seconds "$line") "
            cpu[$key]+="$(awk -v a="$(kv ffmpeg_cpu "$line")" -v b="$(kv dotnet_cpu "$line")" 'BEGIN { printf "%.3f", a + b }') "
            split[$key/ffmpeg]+="$(kv ffmpeg_cpu "$line") "
            split[$key/dotnet]+="$(kv dotnet_cpu "$line") "
        done
        log "  round $r, video $id: elapsed s, CLI file / subfile / library pass 1 / pass 2: $(awk '{ print $NF }' <<<"${wall[$id/file]}") / $(awk '{ print $NF }' <<<"${wall[$id/subfile]}") / $(awk '{ print $NF }' <<<"${wall[$id/lib1]}") / $(awk '{ print $NF }' <<<"${wall[$id/lib2]}")"
    done
done

# The library's frames are ffmpeg's frames: SHA-256 of every pixel, both ways (MPEG-2; not timed).
cli_sha=$(cli_gray "$mpeg2" | sha256sum | cut -d' ' -f1)
lib_sha=$(kv sha256 "$(bench frames "$zip_path" 101 --threads "$threads" --sha256 | grep '^RESULT ')")

# --- 2. first frame in the middle of a > 4 GiB zip ----------------------------------------------------
mid_seek=$(kv middle_seek "${probe_line[101]}")
cli_first() { ffmpeg -nostdin -v error -threads "$threads" -ss "$mid_seek" -i "$mpeg2" -frames:v 1 -f rawvideo -pix_fmt gray -; }
log "First frame: $first_frame_rounds rounds of the CLI, the library's rounds on a sparse > 4 GiB zip, $first_frame_rounds rounds of the CLI..."
for ((r = 1; r <= first_frame_rounds; r++)); do measure first cli_first; done
ff_out=$(bench first-frame "$mpeg2" --rounds "$first_frame_rounds" --threads "$threads")
ff=$(grep '^RESULT ' <<<"$ff_out")
grep -v '^RESULT ' <<<"$ff_out" >&2
for ((r = 1; r <= first_frame_rounds; r++)); do measure first cli_first; done
cli_first_sha=$(cli_first | sha256sum | cut -d' ' -f1)
left=$(find "$work" -name 'visemqc-bench-first-frame-*' | wc -l)

# --- report -----------------------------------------------------------------------------------------
fps() { div "${frames_of[$1]}" "$(median ${wall[$1/$2]})" "%.0f"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s * 1000 }'; }
two() { awk -v s="$1" 'BEGIN { printf "%.2f", s }'; }
printf '\n## 1. Throughput: every frame to 8-bit gray (median of %s rounds; frames/s = frames / elapsed; CPU = user + sys)\n\n' "$rounds"
printf '| Video | Case | Elapsed | Frames/s | CPU |\n|---|---|---:|---:|---:|\n'
for id in "${ids[@]}"; do
    video="$id ($(kv codec "${probe_line[$id]}"), ${frames_of[$id]} frames)"
    for case in file subfile pipe lib1 lib2; do
        [[ -n "${wall[$id/$case]:-}" ]] || continue
        case $case in
            file) label='ffmpeg CLI, plain .mkv, `> /dev/null`' ;;
            subfile) label='ffmpeg CLI, `subfile,,...:visem-qc.zip` (the entry in place), `> /dev/null`' ;;
            pipe) label='ffmpeg CLI, plain .mkv, piped through `cat` to /dev/null' ;;
            lib*) label="\`ReadFramesAsync\`, $([[ $case == lib1 ]] && echo "a new process's first decode" || echo "second decode, warm process")" ;;
        esac
        cpu_text="$(two "$(median ${cpu[$id/$case]})") s"
        if [[ $case == lib* ]]; then
            cpu_text+=" (ffmpeg $(two "$(median ${split[$id/$case/ffmpeg]})") + .NET $(two "$(median ${split[$id/$case/dotnet]})"))"
        fi
        printf '| %s | %s | %s s | %s | %s |\n' "$video" "$label" "$(two "$(median ${wall[$id/$case]})")" "$(fps "$id" "$case")" "$cpu_text"
    done
done
printf '\nRatios, library / CLI (frames/s: target >= 0.9x; CPU: 1.00x would be no overhead):\n\n'
printf '| Video | Library case | frames/s vs CLI file | vs CLI subfile | vs CLI piped | CPU vs CLI file |\n|---|---|---:|---:|---:|---:|\n'
for id in "${ids[@]}"; do
    for case in lib1 lib2; do
        vs_pipe='-'
        [[ -n "${wall[$id/pipe]:-}" ]] && vs_pipe=$(div "$(fps "$id" "$case")" "$(fps "$id" pipe)" "%.2fx")
        printf '| %s %s | %s | %s | %s | %s | %s |\n' "$id" "$(kv codec "${probe_line[$id]}")" \
            "$([[ $case == lib1 ]] && echo "first decode in a new process" || echo "second decode, warm process")" \
            "$(div "$(fps "$id" "$case")" "$(fps "$id" file)" "%.2fx")" "$(div "$(fps "$id" "$case")" "$(fps "$id" subfile)" "%.2fx")" "$vs_pipe" \
            "$(div "$(median ${cpu[$id/$case]})" "$(median ${cpu[$id/file]})" "%.2fx")"
    done
done
printf '\nSame pixels as the CLI (SHA-256 of all %s gray frames, MPEG-2): %s\n' "${frames_of[101]}" \
    "$([[ $cli_sha == "$lib_sha" ]] && echo "yes" || echo "NO: CLI $cli_sha, library $lib_sha")"

cli_ff=$(median ${wall[first]})
printf '\n## 2. First frame at N/2 = %s (seek %s s) of the MPEG-2 video (median of %s rounds)\n\n' "$(kv frame "$ff")" "$mid_seek" "$first_frame_rounds"
printf 'The library reads it stored in the middle of a sparse %s-byte Zip64 zip (data at byte %s, past 4 GiB); the CLI reads the plain file.\n\n' \
    "$(kv zip_bytes "$ff")" "$(kv video_data_offset "$ff")"
printf '| Case | Time | Ratio to the CLI |\n|---|---:|---:|\n'
printf '| `ffmpeg -threads %s -ss t -i plain.mkv -frames:v 1 ... > /dev/null` (%s runs, before and after) | %s | 1.00x |\n' "$threads" "$((2 * first_frame_rounds))" "$(ms "$cli_ff")"
for k in excluded included warm; do
    case $k in
        excluded) label='fresh dataset: `OpenAsync` + first frame, probe excluded' ;;
        included) label='fresh dataset: `OpenAsync` + `ProbeVideoAsync` + first frame' ;;
        warm) label='warm: same dataset, already probed: first frame' ;;
    esac
    printf '| %s | %s | %s |\n' "$label" "$(ms "$(kv "$k" "$ff")")" "$(div "$(kv "$k" "$ff")" "$cli_ff" "%.2fx")"
done
printf '\nParts (medians): OpenAsync %s, ProbeVideoAsync %s, ReadFramesAsync to the first frame %s (enumeration done, ffmpeg exited: %s).\n' \
    "$(ms "$(kv open "$ff")")" "$(ms "$(kv probe "$ff")")" "$(ms "$(kv first "$ff")")" "$(ms "$(kv done "$ff")")"
printf 'First round in a new process (JIT, not in the medians): open + probe + first frame %s.\n' "$(ms "$(kv first_in_process "$ff")")"
printf 'Same frame as the CLI (SHA-256): %s\n' "$([[ $cli_first_sha == "$(kv sha256 "$ff")" ]] && echo yes || echo "NO: CLI $cli_first_sha, library $(kv sha256 "$ff")")"
printf 'Zero bytes extracted for the stored entry: %s (files in the dataset'"'"'s CacheDirectory: %s; other new files beside the zip: %s)\n' \
    "$([[ $(kv cache_files "$ff") == 0 && $(kv other_files "$ff") == 0 ]] && echo yes || echo NO)" "$(kv cache_files "$ff")" "$(kv other_files "$ff")"
printf 'Sparse zip deleted afterwards: %s\n' "$([[ $left == 0 ]] && echo yes || echo NO)"

printf '\n## 3. ProbeVideoAsync (one ffprobe pass over the packets; a fresh dataset in each of 3 rounds)\n\n'
for id in "${ids[@]}"; do
    p=${probe_line[$id]}
    printf -- '- %s (%s, %s frames): median %s (the same ffprobe command from the shell: %s, ratio %s), first in the process %s; second call on the same dataset %s µs, same object: %s\n' \
        "$id" "$(kv codec "$p")" "$(kv frames "$p")" "$(ms "$(kv probe_median "$p")")" "$(ms "$(median ${wall[$id/ffprobe]})")" \
        "$(div "$(kv probe_median "$p")" "$(median ${wall[$id/ffprobe]})" "%.2fx")" "$(ms "$(kv probe_first "$p")")" \
        "$(awk -v s="$(kv cached_max "$p")" 'BEGIN { printf "%.0f", s * 1e6 }')" "$([[ $(kv cached_same_object "$p") == true ]] && echo yes || echo NO)"
done
printf '\nTotal %.0f s; load average at the end %s.\n' "$(secs "$script_start" "$EPOCHREALTIME")" "$(cut -d' ' -f1-3 /proc/loadavg)"
