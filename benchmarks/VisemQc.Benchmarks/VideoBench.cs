using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;

namespace VisemQc.Benchmarks;

/// <summary>
/// What the video modes (<c>video-probe</c>, <c>frames</c>, <c>first-frame</c>) share: their command line,
/// the dataset options (decoding threads set explicitly, deflated-video cache in a temporary folder), the
/// statistics and the output. Besides readable lines, each mode prints one line
/// <c>RESULT key=value ...</c> that <c>benchmarks/video/compare-with-ffmpeg.sh</c> parses.
/// </summary>
internal static class VideoBench
{
    /// <summary>Default ffmpeg threads per decode, the same on both sides of a comparison.</summary>
    public const int DefaultThreads = 2;

    public const string Usage = """
        Video modes (need ffmpeg and ffprobe on the PATH; run by benchmarks/video/compare-with-ffmpeg.sh):
          video-probe <zip> <id> [--rounds R]          ProbeVideoAsync on R fresh datasets; the cached second call; the ffmpeg input
          frames <zip> <id> [--threads T] [--buffered F] [--repeat N] [--sha256]
                                                       ReadFramesAsync of every frame in 8-bit gray (probe timed apart)
          first-frame <video> [--rounds R] [--threads T] [--size-gb G] [--keep]
                                                       first frame at N/2 of a video stored in the middle of a sparse > 4 GiB zip
        """;

    public static CultureInfo Inv => CultureInfo.InvariantCulture;

    /// <summary>Runs a video mode; a bad command line prints the usage and returns 2.</summary>
    public static async Task<int> RunAsync(string mode, string[] args, TextWriter output, TextWriter error)
    {
        try
        {
            return mode switch
            {
                "video-probe" => await VideoProbeMode.RunAsync(new ModeArguments(args), output).ConfigureAwait(false),
                "frames" => await VideoFramesMode.RunAsync(new ModeArguments(args, "sha256"), output).ConfigureAwait(false),
                "first-frame" => await FirstFrameMode.RunAsync(new ModeArguments(args, "keep"), output).ConfigureAwait(false),
                _ => throw new ArgumentException($"Unknown video mode '{mode}'."),
            };
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException)
        {
            await error.WriteLineAsync(e.Message + Environment.NewLine + Environment.NewLine + Usage).ConfigureAwait(false);
            return 2;
        }
    }

    /// <summary>
    /// One decode at a time with <paramref name="threads"/> ffmpeg threads and <paramref name="bufferedFrames"/>
    /// frames of buffer (default: the library's); deflated videos would be extracted to <paramref name="cacheDirectory"/>.
    /// </summary>
    public static VisemQcDatasetOptions DatasetOptions(int threads, string cacheDirectory, int? bufferedFrames = null) => new()
    {
        CacheDirectory = cacheDirectory,
        MaxConcurrentDecodes = 1,
        ThreadsPerDecode = threads,
        BufferedFrames = bufferedFrames ?? new VisemQcDatasetOptions().BufferedFrames,
    };

    /// <summary>The files (not folders) under <paramref name="folder"/>, recursively; none when it does not exist.</summary>
    public static string[] FilesUnder(string folder)
        => Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Seconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;

    public static string F(double value, string format = "0.0000") => value.ToString(format, Inv);

    /// <summary>The machine-readable line: <c>RESULT mode key=value ...</c> (values have no spaces).</summary>
    public static Task WriteResultAsync(TextWriter output, string mode, params (string Key, object Value)[] values)
        => output.WriteLineAsync($"RESULT {mode} " + string.Join(' ', values.Select(v => v.Key + "=" + Format(v.Value))));

    private static string Format(object value) => value switch
    {
        bool b => b ? "true" : "false",
        double d => F(d, "0.######"),
        _ => Convert.ToString(value, Inv) ?? "",
    };

    /// <summary>Hex SHA-256 of the frames' pixels in order, as <c>sha256sum</c> of ffmpeg's rawvideo output would print.</summary>
    public static string Hex(IncrementalHash hash) => Convert.ToHexStringLower(hash.GetHashAndReset());

    /// <summary>
    /// The position, from the container's start, that makes <paramref name="frame"/> the first frame of a
    /// seek with <c>-ss</c> before <c>-i</c>: halfway between its timestamp and the previous frame's, which is
    /// what the library passes to ffmpeg (<c>FramePlan.SeekArguments</c>); the CLI baseline uses the same.
    /// </summary>
    public static double SeekSeconds(VideoProbe probe, int frame)
    {
        var times = probe.FrameTimestamps;
        return frame == 0 ? 0 : (probe.FirstFrameTime + ((times[frame - 1] + times[frame]) / 2)).TotalSeconds;
    }
}

/// <summary>A mode's command line: positional arguments and <c>--name [value]</c> options.</summary>
internal sealed class ModeArguments
{
    private readonly List<string> _positional = [];
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    public ModeArguments(IEnumerable<string> args, params string[] flags)
    {
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            if (e.Current.StartsWith("--", StringComparison.Ordinal))
            {
                var name = e.Current[2..];
                _options[name] = flags.Contains(name) ? null
                    : e.MoveNext() ? e.Current
                    : throw new ArgumentException($"--{name} needs a value.");
            }
            else
            {
                _positional.Add(e.Current);
            }
        }
    }

    public IReadOnlyList<string> Positional => _positional;

    public bool Has(string name) => _options.ContainsKey(name);

    public int Int(string name, int fallback, int min, int max)
    {
        if (!_options.TryGetValue(name, out var text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} is a whole number from {min} to {max}; got '{text}'.");
    }

    public string Path(int index, string what)
    {
        if (index >= _positional.Count)
        {
            throw new ArgumentException($"Missing {what}.");
        }

        var path = System.IO.Path.GetFullPath(_positional[index]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"No {what} at '{path}'.", path);
    }

    public string Text(int index, string what)
        => index < _positional.Count ? _positional[index] : throw new ArgumentException($"Missing {what}.");
}
