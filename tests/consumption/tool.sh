#!/usr/bin/env bash
# Installs the packed `visemqc` dotnet tool the way a new user would, outside this repository: packs
# VisemQc.Cli into a local folder feed (unique prerelease version), `dotnet tool install`s it into an
# empty folder, then uses it there on data it makes itself: demo, sample, info --probe, frames, report,
# verify. Any failure fails the script. Needs the .NET 10 SDK and ffmpeg.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d -t visemqc-tool-XXXXXX)"
trap 'rm -rf "$work"' EXIT

prefix="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$root/Directory.Build.props")"
version="$prefix-tool.$(date +%s)"
echo "== Packing the visemqc tool (VisemQc.Cli $version) into a local feed"
dotnet pack "$root/src/VisemQc.Cli/VisemQc.Cli.csproj" -c Release -o "$work/feed" -p:Version="$version" --nologo -v quiet
ls "$work/feed"

echo "== dotnet tool install VisemQc.Cli $version into an empty folder"
dotnet tool install VisemQc.Cli --version "$version" --tool-path "$work/tools" --add-source "$work/feed" >/dev/null
visemqc="$work/tools/visemqc"
export VISEMQC_HOME="$work/home"
mkdir "$work/user"
cd "$work/user"

run() {
  echo "\$ visemqc $*"
  "$visemqc" "$@"
}

run --help >/dev/null
run demo -o demo
test -s demo/visem-qc-report.html && test -s demo/visem-qc.zip
run sample -o mine.zip --count 3 --seconds 1 --container mp4 --seed 42
run info mine.zip --probe
id="$("$visemqc" info mine.zip | awk '/a\+b %/ { getline; print $1; exit }')"
run frames mine.zip "$id" --count 3 --size 160x120 -o frames
test "$(ls frames/*.png | wc -l)" -eq 3
run report mine.zip -o report.html
grep -q 'id="motility-chart"' report.html
run verify demo/visem-qc.zip
echo "== The installed tool works outside the repository"
