using System.Diagnostics;
using System.Security.Cryptography;
using static System.FormattableString;

namespace VisemQc.Benchmarks;

/// <summary>
/// The <c>frames</c> mode: opens the dataset, probes the video once (timed apart), then reads every frame
/// with <see cref="VisemQcDataset.ReadFramesAsync"/> in 8-bit gray at the video's size, disposing each one,
/// and prints the elapsed time and frames per second. One decode per process, as a user's program would run
/// it; the script runs the ffmpeg CLI on the same input with the same thread count in the same rounds.
/// With <c>--repeat N</c> it decodes N times on the same dataset, one line each: from the second pass on, the
/// code is compiled and the process warm, as in a long-running program.
/// With <c>--sha256</c> it also hashes the pixels (then the time includes hashing: a check, not a measurement).
/// </summary>
internal static class VideoFramesMode
{
    public static async Task<int> RunAsync(ModeArguments args, TextWriter output)
    {
        var zip = args.Path(0, "dataset zip");
        var id = args.Text(1, "video ID");
        var threads = args.Int("threads", VideoBench.DefaultThreads, 1, 64);
        var buffered = args.Int("buffered", new VisemQcDatasetOptions().BufferedFrames, 1, 1024);
        var repeat = args.Int("repeat", 1, 1, 100);
        using var sha256 = args.Has("sha256") ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        var cache = BenchmarkDataset.CreateTempFolder("frames-cache");
        try
        {
            var start = Stopwatch.GetTimestamp();
            var dataset = await VisemQcDataset.OpenAsync(zip, VideoBench.DatasetOptions(threads, cache, buffered)).ConfigureAwait(false);
            var openSeconds = VideoBench.Seconds(start);
            await using (dataset.ConfigureAwait(false))
            {
                start = Stopwatch.GetTimestamp();
                var probe = await dataset.ProbeVideoAsync(id).ConfigureAwait(false);
                var probeSeconds = VideoBench.Seconds(start);

                for (var pass = 1; pass <= repeat; pass++)
                {
                    var frames = 0;
                    var cpuBefore = ProcessCpu.Snapshot();
                    var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                    var gen2Before = GC.CollectionCount(2);
                    start = Stopwatch.GetTimestamp();
                    await foreach (var frame in dataset.ReadFramesAsync(id, new FrameReadOptions { PixelFormat = VideoPixelFormat.Gray8 }).ConfigureAwait(false))
                    {
                        using (frame)
                        {
                            if (frame.Index != frames || frame.Width != probe.Width || frame.Height != probe.Height || frame.Pixels.Length != probe.Width * probe.Height)
                            {
                                throw new InvalidOperationException(Invariant($"Frame {frames} came as {frame}, {frame.Pixels.Length} bytes."));
                            }

                            sha256?.AppendData(frame.Pixels);
                            frames++;
                        }
                    }

                    var decodeSeconds = VideoBench.Seconds(start);
                    var cpu = ProcessCpu.Snapshot().Since(cpuBefore);
                    var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
                    var gen2 = GC.CollectionCount(2) - gen2Before;
                    if (frames != probe.FrameCount)
                    {
                        throw new InvalidOperationException(Invariant($"ReadFramesAsync gave {frames} frames; the probe counted {probe.FrameCount}."));
                    }

                    var fps = frames / decodeSeconds;
                    await output.WriteLineAsync(Invariant($"frames: pass {pass}/{repeat}, video {id} ({probe.Width}x{probe.Height} {probe.Codec}), {frames} frames in 8-bit gray in {VideoBench.F(decodeSeconds, "0.000")} s = {VideoBench.F(fps, "0.0")} frames/s, threads {threads}; CPU: ffmpeg {VideoBench.F(cpu.Children.TotalSeconds, "0.00")} s, .NET {VideoBench.F(cpu.Self.TotalSeconds, "0.00")} s; allocated {BenchmarkDataset.FormatBytes(allocated)}, {gen2} gen-2 GCs; probe {VideoBench.F(probeSeconds, "0.000")} s apart; open {VideoBench.F(openSeconds * 1000, "0.0")} ms{(sha256 is null ? "" : " (time includes SHA-256)")}")).ConfigureAwait(false);
                    await VideoBench.WriteResultAsync(
                        output,
                        "frames",
                        ("pass", pass),
                        ("frames", frames),
                        ("seconds", decodeSeconds),
                        ("fps", VideoBench.F(fps, "0.0")),
                        ("ffmpeg_cpu", cpu.Children.TotalSeconds),
                        ("dotnet_cpu", cpu.Self.TotalSeconds),
                        ("buffered", buffered),
                        ("allocated_bytes", allocated),
                        ("gen2_gcs", gen2),
                        ("probe_seconds", probeSeconds),
                        ("open_seconds", openSeconds),
                        ("threads", threads),
                        ("bytes", (long)frames * probe.Width * probe.Height),
                        ("sha256", sha256 is null ? "-" : VideoBench.Hex(sha256)),
                        ("cache_files", VideoBench.FilesUnder(cache).Length)).ConfigureAwait(false);
                }

                return 0;
            }
        }
        finally
        {
            BenchmarkDataset.DeleteFolder(cache);
        }
    }
}
