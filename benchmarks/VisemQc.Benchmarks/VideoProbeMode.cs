using System.Diagnostics;
using static System.FormattableString;

namespace VisemQc.Benchmarks;

/// <summary>
/// The <c>video-probe</c> mode: the time of one <see cref="VisemQcDataset.ProbeVideoAsync"/> (one ffprobe pass
/// over the video's packets) on a fresh dataset each round, and the second call on the same dataset, which
/// must return the cached object (one ffprobe call per video per dataset lifetime). Also prints what the
/// library hands ffmpeg for the video (for a stored zip entry, a <c>subfile</c> URL over the zip) and the
/// seek position of the middle frame, for the script's ffmpeg CLI baselines.
/// </summary>
internal static class VideoProbeMode
{
    public static async Task<int> RunAsync(ModeArguments args, TextWriter output)
    {
        var zip = args.Path(0, "dataset zip");
        var id = args.Text(1, "video ID");
        var rounds = args.Int("rounds", 3, 1, 100);
        var cache = BenchmarkDataset.CreateTempFolder("probe-cache");
        try
        {
            var probeSeconds = new List<double>();
            var cachedSeconds = new List<double>();
            var sameObject = true;
            VideoProbe? probe = null;
            var input = "";
            for (var round = 0; round < rounds; round++)
            {
                var dataset = await VisemQcDataset.OpenAsync(zip, VideoBench.DatasetOptions(VideoBench.DefaultThreads, cache)).ConfigureAwait(false);
                await using (dataset.ConfigureAwait(false))
                {
                    var start = Stopwatch.GetTimestamp();
                    var first = await dataset.ProbeVideoAsync(id).ConfigureAwait(false);
                    probeSeconds.Add(VideoBench.Seconds(start));

                    start = Stopwatch.GetTimestamp();
                    var second = await dataset.ProbeVideoAsync(id).ConfigureAwait(false);
                    cachedSeconds.Add(VideoBench.Seconds(start));
                    sameObject &= ReferenceEquals(first, second);

                    probe = first;
                    input = (await dataset.VideoFiles.ResolveFfmpegInputAsync(id, CancellationToken.None).ConfigureAwait(false)).Input;
                }
            }

            var middle = probe!.FrameCount / 2;
            var seek = VideoBench.SeekSeconds(probe, middle);
            var cacheFiles = VideoBench.FilesUnder(cache).Length;
            await output.WriteLineAsync(Invariant($"video-probe: video {id} of {zip}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  {probe}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  ffmpeg input: {input}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  ProbeVideoAsync, a fresh dataset each round (the first includes JIT): {string.Join(", ", probeSeconds.Select(s => VideoBench.F(s, "0.000") + " s"))}; median {VideoBench.F(VideoBench.Median(probeSeconds), "0.000")} s")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  second call on the same dataset: at most {VideoBench.F(cachedSeconds.Max() * 1e6, "0.0")} µs, the same object every round: {(sameObject ? "yes" : "NO")}")).ConfigureAwait(false);
            await output.WriteLineAsync(Invariant($"  middle frame {middle}: ffmpeg seek position {VideoBench.F(seek, "0.000000")} s")).ConfigureAwait(false);
            await VideoBench.WriteResultAsync(
                output,
                "video-probe",
                ("frames", probe.FrameCount),
                ("width", probe.Width),
                ("height", probe.Height),
                ("codec", probe.Codec),
                ("rounds", rounds),
                ("probe_first", probeSeconds[0]),
                ("probe_median", VideoBench.Median(probeSeconds)),
                ("probe_min", probeSeconds.Min()),
                ("cached_max", cachedSeconds.Max()),
                ("cached_same_object", sameObject),
                ("middle_frame", middle),
                ("middle_seek", VideoBench.F(seek, "0.000000")),
                ("cache_files", cacheFiles)).ConfigureAwait(false);
            await output.WriteLineAsync("INPUT " + input).ConfigureAwait(false);
            return sameObject && cacheFiles == 0 ? 0 : 1;
        }
        finally
        {
            BenchmarkDataset.DeleteFolder(cache);
        }
    }
}
