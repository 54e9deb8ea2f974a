#!/usr/bin/env bash
# (c) Runs docs/notebooks/quickstart.ipynb headless with dotnet-repl against a local feed, the way a user's
# notebook would get the package: a copy of the notebook whose `#r "nuget: VisemQc, <version>"` names the
# version in the feed, after an `#i "nuget: <feed>"` line. Fails when dotnet-repl fails, when any cell
# errors, or when the package's notebook extension did not draw its tables, images and progress bar.
# Usage: notebook.sh <feed folder> <version>   (run.sh packs the feed and calls it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
feed="$(cd "$1" && pwd)"
version="$2"
work="$(mktemp -d -t visemqc-notebook-XXXXXX)"
trap 'rm -rf "$work"' EXIT

# dotnet-repl, a .NET tool from NuGet that runs notebooks with .NET Interactive, kept under artifacts/.
repl_version=0.3.259
tools="$root/artifacts/tools"
if ! "$tools/dotnet-repl" --version 2>/dev/null | grep -q "$repl_version"; then
  dotnet tool install dotnet-repl --version "$repl_version" --tool-path "$tools" >/dev/null
fi

notebook="$work/quickstart.ipynb"
line='    "#r \"nuget: VisemQc, 0.1.0\""'
grep -qxF "$line" "$root/docs/notebooks/quickstart.ipynb" || { echo "quickstart.ipynb has no line $line to point at the local feed"; exit 1; }
while IFS= read -r text; do
  if [[ "$text" == "$line" ]]; then
    printf '%s\n' "    \"#i \\\"nuget: $feed\\\"\\n\"," "    \"#r \\\"nuget: VisemQc, $version\\\"\""
  else
    printf '%s\n' "$text"
  fi
done <"$root/docs/notebooks/quickstart.ipynb" >"$notebook"
grep -F "nuget: VisemQc, $version" "$notebook" >/dev/null

echo "== (c) docs/notebooks/quickstart.ipynb with #r \"nuget: VisemQc, $version\", run by dotnet-repl $repl_version"
status=0
(cd "$work" && "$tools/dotnet-repl" --run "$notebook" --exit-after-run --output-format ipynb --output-path "$work/out.ipynb" >"$work/repl.log" 2>&1) || status=$?
if ((status != 0)) || [[ ! -s "$work/out.ipynb" ]] || grep -q '"output_type": "error"' "$work/out.ipynb"; then
  [[ -z "${VISEMQC_NOTEBOOK_OUTPUT:-}" ]] || cp "$work/out.ipynb" "$VISEMQC_NOTEBOOK_OUTPUT" 2>/dev/null || true
  echo "The notebook failed (dotnet-repl exit $status):"
  grep -A3 '"ename"' "$work/out.ipynb" 2>/dev/null || tail -n 40 "$work/repl.log"
  exit 1
fi

# What the cells printed, then what the formatters drew.
grep -o 'Installed Packages</strong><ul><li><span>[^<]*' "$work/out.ipynb" | sed 's/.*<span>/  installed: /' | head -n 1
grep -o '"623: [^"\\]*' "$work/out.ipynb" | sed 's/^"/  printed: /'
missing=0
for expected in 'class=\"visemqc-dataset\"' 'class=\"visemqc-records\"' 'class=\"visemqc-consistency\"' \
  'src=\"data:image/png;base64,' 'class=\"visemqc-progress\"' 'class=\"visemqc-verification\"'; do
  count="$(grep -oF "$expected" "$work/out.ipynb" | wc -l)"
  echo "  $count x $expected"
  ((count > 0)) || missing=1
done
if ((missing)); then
  echo "The notebook ran, but the package's notebook extension did not format every value (see above)."
  exit 1
fi
[[ -z "${VISEMQC_NOTEBOOK_OUTPUT:-}" ]] || cp "$work/out.ipynb" "$VISEMQC_NOTEBOOK_OUTPUT"
echo "== The notebook ran and showed tables, frames and a progress bar"
