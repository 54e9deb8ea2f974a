#!/usr/bin/env bash
# Regenerates visem-qc-sample.zip, the sample dataset embedded in the VisemQc package, with the
# library's own test kit (VisemQc.Testing.SyntheticDataset) and the specification in SampleData.cs:
# the real layout (visem-qc/visem-qc.csv, visem-qc/videos/<id>.<ext>), five 3-second 320x240 videos
# whose spermatozoa move as their labels say, MKV and AVI, stored and deflated.
#
# Needs ffmpeg (Debian: apt-get install -y ffmpeg). The output is deterministic for a given ffmpeg:
# fixed seed, bit-exact encoders with one thread, fixed zip timestamps.
#
# Usage: src/VisemQc/Sample/generate-sample.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dotnet run --project "$here/../../VisemQc.Cli" -- sample --regenerate-builtin --output "$here/visem-qc-sample.zip"
unzip -v "$here/visem-qc-sample.zip"
