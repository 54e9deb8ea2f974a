using System.Diagnostics;
using System.Security.Cryptography;
using static System.FormattableString;

namespace VisemQc.Benchmarks;

/// <summary>
/// The <c>first-frame</c> mode: time to the first frame in the middle of a video stored in the middle of a
/// zip over 4 GiB. The zip is laid out like the published one (CSV + 65 videos) and written sparse: the real
/// video is copied in as the 33rd of 65 entries, past 4 GiB (so its offset is in a Zip64 extra field), and
/// the 64 others are holes, so a ~9 GB archive costs the video's size on disk. Each round opens a fresh
/// dataset (no probe cached), probes, and reads <c>StartFrame = N/2, MaxFrames = 1</c>; then reads the same
/// frame again from the same dataset (warm: open and probed). Deflated videos would be extracted to the
/// dataset's cache folder; the video is stored, so that folder must stay empty (zero bytes extracted).
/// </summary>
internal static class FirstFrameMode
{
    private const long FourGiB = 4L << 30;

    public static async Task<int> RunAsync(ModeArguments args, TextWriter output)
    {
        var video = args.Path(0, "video file");
        var rounds = args.Int("rounds", 5, 1, 100);
        var threads = args.Int("threads", VideoBench.DefaultThreads, 1, 64);
        var sizeGb = args.Int("size-gb", 9, 5, 64);
        var keep = args.Has("keep");
        var folder = BenchmarkDataset.CreateTempFolder("first-frame");
        var cache = Path.Combine(folder, "cache");
        Directory.CreateDirectory(cache);
        try
        {
            var (ids, csv) = BenchmarkDataset.Annotations();
            var middle = ids.Length / 2;
            var id = ids[middle];
            var videoLength = new FileInfo(video).Length;
            var holeLength = ((sizeGb * 1_000_000_000L) - videoLength - csv.Length) / (ids.Length - 1);
            var start = Stopwatch.GetTimestamp();
            var zip = DatasetZipWriter.Write(Path.Combine(folder, "visem-qc.zip"), [
                ZipEntrySpec.FromBytes(BenchmarkDataset.CsvPath, csv),
                .. ids.Select((x, i) => i == middle
                    ? ZipEntrySpec.FromFile(BenchmarkDataset.VideoPath(x), video)
                    : ZipEntrySpec.Hole(BenchmarkDataset.VideoPath(x), holeLength)),
            ]);
            var writeSeconds = VideoBench.Seconds(start);
            var entry = zip[BenchmarkDataset.VideoPath(id)];
            if (zip.FileLength <= FourGiB || entry.LocalHeaderOffset <= uint.MaxValue)
            {
                throw new InvalidOperationException(Invariant($"The archive must be over 4 GiB with the video past 4 GiB; got {zip.FileLength} bytes, video at {entry.LocalHeaderOffset}."));
            }

            await output.WriteLineAsync(Invariant($"first-frame: {BenchmarkDataset.FormatBytes(zip.FileLength)} sparse zip ({zip.FileLength:N0} bytes, Zip64 {(zip.IsZip64 ? "yes" : "no")}, {ids.Length} videos, written in {VideoBench.F(writeSeconds, "0.00")} s), video {id} = {Path.GetFileName(video)} ({videoLength:N0} bytes) stored at data offset {entry.DataOffset:N0}")).ConfigureAwait(false);

            var options = VideoBench.DatasetOptions(threads, cache);

            // The first round in a process also loads and compiles the code: reported apart, not in the medians.
            var firstInProcess = await RoundAsync(zip.Path, id, options).ConfigureAwait(false);
            var results = new List<Round>();
            for (var round = 0; round < rounds; round++)
            {
                results.Add(await RoundAsync(zip.Path, id, options).ConfigureAwait(false));
            }

            if (results.Any(r => r.Sha256 != firstInProcess.Sha256 || r.WarmSha256 != firstInProcess.Sha256 || r.Frame != firstInProcess.Frame))
            {
                throw new InvalidOperationException("Rounds returned different frames.");
            }

            var leftInCache = VideoBench.FilesUnder(cache);
            var others = Directory.GetFiles(folder).Where(f => f != zip.Path).ToArray();
            double Median(Func<Round, double> pick) => VideoBench.Median(results.Select(pick).ToArray());
            var (open, probe, first, done, warm) = (Median(r => r.Open), Median(r => r.Probe), Median(r => r.First), Median(r => r.Done), Median(r => r.WarmFirst));
            var excluded = Median(r => r.Open + r.First);
            var included = Median(r => r.Open + r.Probe + r.First);

            await output.WriteLineAsync(Invariant($"  ffmpeg input: {firstInProcess.Input}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  frame {firstInProcess.Frame} of {firstInProcess.FrameCount} (seek {VideoBench.F(firstInProcess.Seek, "0.000000")} s), threads {threads}; medians of {rounds} rounds, a fresh dataset each:")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"    OpenAsync {Ms(open)}, ProbeVideoAsync {Ms(probe)}, ReadFramesAsync to first frame {Ms(first)} (enumeration done, ffmpeg exited: {Ms(done)})")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"    open + first frame, probe excluded: {Ms(excluded)}; probe included: {Ms(included)}; warm (same dataset, probed): {Ms(warm)}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"    first round in this process (JIT included): open + probe + first frame {Ms(firstInProcess.Open + firstInProcess.Probe + firstInProcess.First)}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  cache folder {cache}: {leftInCache.Length} file(s); other new files beside the zip: {others.Length} -> zero bytes extracted: {(leftInCache.Length == 0 && others.Length == 0 ? "yes" : "NO")}")).ConfigureAwait(false);
            await VideoBench.WriteResultAsync(
                output,
                "first-frame",
                ("rounds", rounds),
                ("threads", threads),
                ("zip_bytes", zip.FileLength),
                ("video_data_offset", entry.DataOffset),
                ("frame", firstInProcess.Frame),
                ("frames", firstInProcess.FrameCount),
                ("seek", VideoBench.F(firstInProcess.Seek, "0.000000")),
                ("open", open),
                ("probe", probe),
                ("first", first),
                ("done", done),
                ("excluded", excluded),
                ("included", included),
                ("warm", warm),
                ("first_in_process", firstInProcess.Open + firstInProcess.Probe + firstInProcess.First),
                ("sha256", firstInProcess.Sha256),
                ("cache_files", leftInCache.Length),
                ("other_files", others.Length)).ConfigureAwait(false);
            return leftInCache.Length == 0 && others.Length == 0 ? 0 : 1;
        }
        finally
        {
            if (keep)
            {
                await output.WriteLineAsync($"  kept {folder}").ConfigureAwait(false);
            }
            else
            {
                BenchmarkDataset.DeleteFolder(folder);
            }
        }

        static string Ms(double seconds) => VideoBench.F(seconds * 1000, "0.0") + " ms";
    }

    /// <summary>A fresh dataset: open, probe, first frame at N/2; then the same frame again (warm).</summary>
    private static async Task<Round> RoundAsync(string zipPath, string id, VisemQcDatasetOptions options)
    {
        var start = Stopwatch.GetTimestamp();
        var dataset = await VisemQcDataset.OpenAsync(zipPath, options).ConfigureAwait(false);
        var open = VideoBench.Seconds(start);
        await using (dataset.ConfigureAwait(false))
        {
            start = Stopwatch.GetTimestamp();
            var probe = await dataset.ProbeVideoAsync(id).ConfigureAwait(false);
            var probeSeconds = VideoBench.Seconds(start);
            var frame = probe.FrameCount / 2;
            var read = new FrameReadOptions { PixelFormat = VideoPixelFormat.Gray8, StartFrame = frame, MaxFrames = 1 };
            var (first, done, sha256) = await FirstFrameAsync(dataset, id, read).ConfigureAwait(false);
            var (warm, _, warmSha256) = await FirstFrameAsync(dataset, id, read).ConfigureAwait(false);
            var input = (await dataset.VideoFiles.ResolveFfmpegInputAsync(id, CancellationToken.None).ConfigureAwait(false)).Input;
            return new Round(open, probeSeconds, first, done, warm, frame, probe.FrameCount, VideoBench.SeekSeconds(probe, frame), sha256, warmSha256, input);
        }
    }

    /// <summary>Seconds to the first frame, seconds until the enumeration ends, and the frame's SHA-256.</summary>
    private static async Task<(double First, double Done, string Sha256)> FirstFrameAsync(VisemQcDataset dataset, string id, FrameReadOptions read)
    {
        var start = Stopwatch.GetTimestamp();
        double? first = null;
        var sha256 = "";
        await foreach (var frame in dataset.ReadFramesAsync(id, read).ConfigureAwait(false))
        {
            using (frame)
            {
                first ??= VideoBench.Seconds(start);
                if (frame.Index != read.StartFrame)
                {
                    throw new InvalidOperationException(Invariant($"Asked for frame {read.StartFrame}, got {frame}."));
                }

                sha256 = Convert.ToHexStringLower(SHA256.HashData(frame.Pixels));
            }
        }

        var done = VideoBench.Seconds(start);
        return first is { } f ? (f, done, sha256) : throw new InvalidOperationException($"No frame {read.StartFrame} came out.");
    }

    private sealed record Round(double Open, double Probe, double First, double Done, double WarmFirst, int Frame, int FrameCount, double Seek, string Sha256, string WarmSha256, string Input);
}
