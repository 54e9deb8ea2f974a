#!/usr/bin/env bash
# Uses the packed VisemQc package the way a new user would, outside this repository: packs it into a
# local folder feed (with a unique prerelease version, so no cached copy can stand in for it), then
#   (a) a fresh console project that references VisemQc runs against the built-in sample and uses the test kit;
#   (b) a .NET 10 file-based app with `#:package VisemQc@<version>` does the same;
#   (c) docs/notebooks/quickstart.ipynb with `#r "nuget: VisemQc, <version>"` runs headless (notebook.sh).
# Each prints what it found; any failure fails the script. Needs the .NET 10 SDK and ffmpeg.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d -t visemqc-consumption-XXXXXX)"
trap 'rm -rf "$work"' EXIT

prefix="$(sed -n 's:.*<VersionPrefix>\(.*\)</VersionPrefix>.*:\1:p' "$root/Directory.Build.props")"
version="$prefix-consume.$(date +%s)"
echo "== Packing VisemQc $version into a local feed"
dotnet pack "$root/src/VisemQc/VisemQc.csproj" -c Release -o "$work/feed" -p:VersionSuffix="${version#"$prefix"-}" --nologo -v quiet
ls "$work/feed"

# The local feed next to the usual sources, as a user would add it.
cat >"$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="visemqc-local" value="$work/feed" />
  </packageSources>
</configuration>
XML

program='
using Microsoft.Extensions.DependencyInjection;
using VisemQc;
using VisemQc.Testing;

// As an app with a container would: validated options, the dataset factory.
var services = new ServiceCollection();
services.AddVisemQc(options => options.Dataset.MaxSearchDepth = 3);
await using var provider = services.BuildServiceProvider();
await using var dataset = await provider.GetRequiredService<IVisemQcDatasetFactory>().OpenSampleAsync();
Console.WriteLine(dataset);
foreach (var record in dataset.Records)
    Console.WriteLine($"  {record}");
var probe = await dataset.ProbeVideoAsync("623");
Console.WriteLine($"  probe: {probe}");
var frames = await dataset.GetFramesAsync("623", [0, 37]);
Console.WriteLine($"  frames: {string.Join(", ", frames.Select(f => f.ToString()))}");
var png = frames[1].ToPng();
Console.WriteLine($"  frame 37 as PNG: {png.Length} bytes");
// The test kit (VisemQc.Testing.dll) comes with the same package.
await using var inMemory = SyntheticDataset.InMemory(SyntheticDataset.DrawRecords(3, seed: 7));
Console.WriteLine($"  test kit: {inMemory.Records.Count} records in memory");
if (dataset.Records.Count != 5 || probe.FrameCount != 75 || frames.Count != 2 || png.Length < 1000 || inMemory.Records.Count != 3) { Console.Error.WriteLine("unexpected sample"); return 1; }
return 0;
'

echo "== (a) A new console project referencing VisemQc $version"
mkdir "$work/app"
cp "$work/nuget.config" "$work/app/"
(
  cd "$work/app"
  dotnet new console --name ConsumerApp --output . --framework net10.0 --no-restore >/dev/null
  dotnet add package VisemQc --version "$version" >/dev/null
  printf '%s\n' "$program" >Program.cs
  dotnet run --nologo
)

echo "== (b) A file-based app with #:package VisemQc@$version"
mkdir "$work/file-app"
cp "$work/nuget.config" "$work/file-app/"
(
  cd "$work/file-app"
  { printf '#:package VisemQc@%s\n' "$version"; printf '%s\n' "$program"; } >app.cs
  dotnet run app.cs
)

bash "$root/tests/consumption/notebook.sh" "$work/feed" "$version"

echo "== The packed package works from outside the repository"
