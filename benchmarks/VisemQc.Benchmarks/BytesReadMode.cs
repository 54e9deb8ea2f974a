using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using VisemQc.Archive;
using VisemQc.Dataset;

namespace VisemQc.Benchmarks;

/// <summary>
/// The <c>bytes-read</c> mode: how many bytes <see cref="VisemQcDataset.OpenAsync"/> reads from a ~100 MB
/// and a ~4.5 GB (Zip64) archive of the same 65 videos and CSV. Both archives are sparse files (the videos
/// are holes) and are deleted afterwards. Counted two ways: the central-directory reader's own
/// <see cref="ZipCentralDirectory.BytesRead"/>, and the process's <c>rchar</c> from <c>/proc/self/io</c>
/// around the open. Target: the 4.5 GB / 100 MB ratio is ~1.0, bytes read do not grow with the archive.
/// </summary>
internal static class BytesReadMode
{
    private const int Repeats = 3;

    /// <param name="output">Where the table goes.</param>
    /// <param name="keep">Leave the archives in place (and say where) instead of deleting them.</param>
    public static async Task<int> RunAsync(TextWriter output, bool keep)
    {
        if (!OperatingSystem.IsLinux())
        {
            await output.WriteLineAsync("bytes-read needs Linux: it reads /proc/self/io and relies on sparse files.").ConfigureAwait(false);
            return 2;
        }

        string folder = BenchmarkDataset.CreateTempFolder("bytes-read");
        try
        {
            (string Label, long Size)[] sizes = [("100 MB", 100_000_000), ("4.5 GB", 4_500_000_000)];
            var zips = sizes.Select(s => (s.Label, Zip: BenchmarkDataset.WriteSparse(Path.Combine(folder, $"visem-qc-{s.Size}.zip"), s.Size))).ToArray();

            // The first opens in a process load and compile code; they are not measured.
            foreach (var (_, zip) in zips)
            {
                await MeasureOpenAsync(zip.Path).ConfigureAwait(false);
                MeasureZipArchive(zip.Path);
            }

            // Two snapshots with nothing in between: what the probe itself adds to a delta.
            long probe = Enumerable.Range(0, 5).Min(_ =>
            {
                var before = ProcessIo.Snapshot();
                return ProcessIo.Snapshot().Since(before).ReadChars;
            });

            var rows = new List<Row>();
            foreach (var (label, zip) in zips)
            {
                var opens = new List<(long BytesRead, ProcessIo Io)>();
                var references = new List<ProcessIo>();
                for (int i = 0; i < Repeats; i++)
                {
                    opens.Add(await MeasureOpenAsync(zip.Path).ConfigureAwait(false));
                    references.Add(MeasureZipArchive(zip.Path));
                }

                rows.Add(new Row(
                    label,
                    zip,
                    opens.Min(o => o.BytesRead),
                    opens.Max(o => o.BytesRead),
                    opens.Min(o => o.Io.ReadChars) - probe,
                    opens.Max(o => o.Io.ReadChars) - probe,
                    opens.Min(o => o.Io.ReadCalls) - 1,
                    references.Min(r => r.ReadChars) - probe));
            }

            await output.WriteLineAsync(Report(rows, probe)).ConfigureAwait(false);
            return 0;
        }
        finally
        {
            if (keep)
            {
                await output.WriteLineAsync($"Archives kept in {folder}").ConfigureAwait(false);
            }
            else
            {
                BenchmarkDataset.DeleteFolder(folder);
            }
        }
    }

    /// <summary>Opens the dataset; returns the reader's count and the process's read counters around the open.</summary>
    private static async Task<(long BytesRead, ProcessIo Io)> MeasureOpenAsync(string zipPath)
    {
        var before = ProcessIo.Snapshot();
        var dataset = await VisemQcDataset.OpenAsync(zipPath).ConfigureAwait(false);
        var io = ProcessIo.Snapshot().Since(before);
        await using (dataset.ConfigureAwait(false))
        {
            if (dataset.Records.Count != BenchmarkDataset.VideoCount || dataset.Videos.Count != BenchmarkDataset.VideoCount)
            {
                throw new InvalidOperationException($"Expected {BenchmarkDataset.VideoCount} records and videos in {zipPath}, got {dataset}.");
            }

            return (DirectoryOf(dataset).BytesRead, io);
        }
    }

    /// <summary>For reference: System.IO.Compression opening the zip and reading the CSV entry.</summary>
    private static ProcessIo MeasureZipArchive(string zipPath)
    {
        var before = ProcessIo.Snapshot();
        using (var archive = ZipFile.OpenRead(zipPath))
        using (var reader = new StreamReader(archive.GetEntry(BenchmarkDataset.CsvPath)!.Open()))
        {
            _ = reader.ReadToEnd();
        }

        return ProcessIo.Snapshot().Since(before);
    }

    /// <summary>The dataset's own central-directory reader (private state: read through reflection).</summary>
    private static ZipCentralDirectory DirectoryOf(VisemQcDataset dataset)
        => (typeof(VisemQcDataset).GetField("_storage", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(dataset) as ZipStorage)?.Directory
           ?? throw new InvalidOperationException("VisemQcDataset no longer keeps its ZipStorage in a private field '_storage': update BytesReadMode.DirectoryOf.");

    private static string Report(List<Row> rows, long probe)
    {
        var text = new System.Text.StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"bytes-read: bytes VisemQcDataset.OpenAsync reads from the archive (65 stored videos + CSV; warm; {Repeats} opens each, min-max)");
        text.AppendLine();
        text.AppendLine("| Archive | File length | Zip64 | CSV bytes | Reader BytesRead | rchar delta | read calls | ZipFile.OpenRead + CSV, rchar |");
        text.AppendLine("|---|---:|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(inv, $"| {row.Label} | {row.Zip.FileLength:N0} | {(row.Zip.IsZip64 ? "yes" : "no")} | {row.Zip[BenchmarkDataset.CsvPath].Length:N0} | {Range(row.BytesReadMin, row.BytesReadMax)} | {Range(row.ReadCharsMin, row.ReadCharsMax)} | {row.ReadCalls} | {row.ReferenceReadChars:N0} |");
        }

        var (small, big) = (rows[0], rows[^1]);
        text.AppendLine();
        text.AppendLine(inv, $"Ratio {big.Label} / {small.Label}: reader BytesRead {(double)big.BytesReadMax / small.BytesReadMax:0.000}, rchar {(double)big.ReadCharsMax / small.ReadCharsMax:0.000} (target ~1.0; file length ratio {(double)big.Zip.FileLength / small.Zip.FileLength:0.0})");
        text.AppendLine();
        text.AppendLine("Reader BytesRead: ZipCentralDirectory's own count (the archive's tail, the central directory when it lies outside");
        text.AppendLine("the tail, the local headers it reads); it does not include the CSV's data, read through a window stream.");
        text.AppendLine(inv, $"rchar delta: /proc/self/io rchar after minus before the open, minus the probe's own read ({probe} B). rchar counts");
        text.AppendLine("every byte any thread of the process got from read()/pread() on any file (page-cache hits included), so it");
        text.AppendLine("would also count unrelated reads made during the open; here it should equal BytesRead + CSV bytes.");
        text.AppendLine("read calls: syscr delta minus the probe's one read.");
        return text.ToString();

        string Range(long min, long max) => min == max ? min.ToString("N0", inv) : $"{min.ToString("N0", inv)}-{max.ToString("N0", inv)}";
    }

    private sealed record Row(string Label, WrittenZip Zip, long BytesReadMin, long BytesReadMax, long ReadCharsMin, long ReadCharsMax, long ReadCalls, long ReferenceReadChars);
}
