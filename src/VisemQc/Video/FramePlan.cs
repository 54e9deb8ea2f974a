using System.Globalization;
using System.Text;

namespace VisemQc.Video;

/// <summary>
/// Turns a frame request and a video's probe into ffmpeg arguments, and maps each frame ffmpeg outputs
/// back to its exact index in the video.
/// </summary>
/// <remarks>
/// Exactness: frame timestamps come from the video's packets (<see cref="VideoProbe.FrameTimestamps"/>).
/// To start at frame S, ffmpeg seeks (<c>-ss</c> before <c>-i</c>: it decodes from the previous keyframe and
/// drops every frame before the position) to the midpoint between the timestamps of frames S-1 and S, so
/// frame S is the first frame out. <c>-fps_mode passthrough</c> keeps ffmpeg from duplicating or dropping
/// frames, so the n-th frame out is frame S + n, unless a <c>select</c> filter keeps only some: every
/// stride-th frame, or an explicit list. Larger or repeating selections (a target frame rate) are
/// decoded as a range and picked here.
/// </remarks>
internal sealed class FramePlan
{
    /// <summary>Above this many frames, an explicit selection is picked here rather than by an ffmpeg expression.</summary>
    private const int MaxSelectTerms = 64;

    private readonly Func<int, int> _sourceIndexOfOutput;
    private readonly Func<int, int> _copiesOf;

    private FramePlan(VideoProbe probe, VideoPixelFormat pixelFormat, int width, int height, int ffmpegFrameCount, Func<int, int> sourceIndexOfOutput, Func<int, int> copiesOf, string inputArguments, string outputArguments)
    {
        Probe = probe;
        PixelFormat = pixelFormat;
        Width = width;
        Height = height;
        FfmpegFrameCount = ffmpegFrameCount;
        _sourceIndexOfOutput = sourceIndexOfOutput;
        _copiesOf = copiesOf;
        InputArguments = inputArguments;
        OutputArguments = outputArguments;
    }

    public string VideoId => Probe.VideoId;

    public VideoProbe Probe { get; }

    public VideoPixelFormat PixelFormat { get; }

    public int Width { get; }

    public int Height { get; }

    /// <summary>How many frames ffmpeg outputs (<c>-frames:v</c>); 0 means there is nothing to decode.</summary>
    public int FfmpegFrameCount { get; }

    public string InputArguments { get; }

    public string OutputArguments { get; }

    public int FrameLength => Width * Height * (PixelFormat == VideoPixelFormat.Rgb24 ? 3 : 1);

    /// <summary>A plan for a range of frames, from options.</summary>
    public static FramePlan ForRange(VideoProbe probe, FrameReadOptions options, int threads)
    {
        var times = probe.FrameTimestamps;
        var start = options.StartFrame ?? (options.StartTime is { } startTime ? FirstAtOrAfter(times, startTime) : 0);
        var end = Math.Min(times.Count, options.EndFrame ?? (options.EndTime is { } endTime ? FirstAtOrAfter(times, endTime) : times.Count));
        if (options.FrameRate is { } rate)
        {
            return ForSelection(probe, ResampledIndices(probe, start, end, rate, options.MaxFrames), options.PixelFormat, options.Width, options.Height, threads);
        }

        var count = Math.Max(0, (end - start + options.Stride - 1) / options.Stride);
        if (options.MaxFrames is { } max)
        {
            count = Math.Min(count, max);
        }

        var stride = options.Stride;
        List<string> filters = stride > 1 ? [string.Create(CultureInfo.InvariantCulture, $"select='not(mod(n,{stride}))'")] : [];
        return Create(probe, options.PixelFormat, options.Width, options.Height, start, count, n => start + (n * stride), _ => 1, filters, threads);
    }

    /// <summary>
    /// A plan that emits the given frames, in non-decreasing index order (a repeated index is emitted
    /// that many times), decoding from the first to the last with one seek.
    /// </summary>
    public static FramePlan ForSelection(VideoProbe probe, IReadOnlyList<int> indices, VideoPixelFormat pixelFormat, int? width, int? height, int threads)
    {
        if (indices.Count == 0)
        {
            return Create(probe, pixelFormat, width, height, 0, 0, n => n, _ => 0, [], threads);
        }

        var first = indices[0];
        var last = indices[^1];
        var copies = new int[last - first + 1];
        foreach (var index in indices)
        {
            copies[index - first]++;
        }

        var distinct = copies.Count(c => c > 0);
        if (distinct <= MaxSelectTerms && distinct < copies.Length)
        {
            // ffmpeg outputs exactly the wanted frames.
            var wanted = Enumerable.Range(first, copies.Length).Where(i => copies[i - first] > 0).ToArray();
            var terms = string.Join('+', wanted.Select(i => string.Create(CultureInfo.InvariantCulture, $"eq(n,{i - first})")));
            return Create(probe, pixelFormat, width, height, first, wanted.Length, n => wanted[n], i => copies[i - first], [$"select='{terms}'"], threads);
        }

        // ffmpeg outputs the whole range; frames with no copies are dropped as they arrive.
        return Create(probe, pixelFormat, width, height, first, copies.Length, n => first + n, i => copies[i - first], [], threads);
    }

    /// <summary>The input arguments that seek so that frame <paramref name="frame"/> is the first one decoded.</summary>
    public static string SeekArguments(VideoProbe probe, int frame, int threads)
    {
        var arguments = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"-threads {threads}"));
        var times = probe.FrameTimestamps;
        if (frame > 0 && frame < times.Count)
        {
            var position = probe.FirstFrameTime + ((times[frame - 1] + times[frame]) / 2);
            arguments.Append(" -ss ").Append(FfmpegTools.Seconds(position));
        }

        return arguments.ToString();
    }

    public static (int Width, int Height) OutputSize(VideoProbe probe, int? width, int? height) => (width, height) switch
    {
        (null, null) => (probe.Width, probe.Height),
        ({ } w, { } h) => (w, h),
        ({ } w, null) => (w, (int)(((long)w * probe.Height + (probe.Width / 2)) / probe.Width)),
        (null, { } h) => ((int)(((long)h * probe.Width + (probe.Height / 2)) / probe.Height), h),
    };

    /// <summary>The index of the first frame whose timestamp is at or after <paramref name="time"/> (the frame count when none is).</summary>
    public static int FirstAtOrAfter(IReadOnlyList<TimeSpan> times, TimeSpan time)
    {
        int low = 0, high = times.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (times[middle] < time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    /// <summary>The source index of ffmpeg's n-th output frame.</summary>
    public int SourceIndexOfOutput(int outputNumber) => _sourceIndexOfOutput(outputNumber);

    /// <summary>How many times the frame with this source index is emitted (0: dropped).</summary>
    public int CopiesOf(int sourceIndex) => _copiesOf(sourceIndex);

    public VideoFrame CreateFrame(int sourceIndex, byte[] buffer)
    {
        var timestamp = sourceIndex < Probe.FrameTimestamps.Count ? Probe.FrameTimestamps[sourceIndex] : Probe.Duration;
        return new VideoFrame(VideoId, sourceIndex, timestamp, Width, Height, PixelFormat, buffer, FrameLength);
    }

    /// <summary>
    /// The frames shown at times start + k / rate, k = 0, 1, ...: for each, the last frame whose timestamp is
    /// at or before that time (a frame repeats when the rate is above the video's).
    /// </summary>
    private static List<int> ResampledIndices(VideoProbe probe, int start, int end, double rate, int? maxFrames)
    {
        var times = probe.FrameTimestamps;
        var indices = new List<int>();
        if (start >= end)
        {
            return indices;
        }

        var endTime = end < times.Count ? times[end] : times[^1] + TimeSpan.FromSeconds(1 / Math.Max(probe.FrameRate, 1e-3));
        var index = start;
        for (var k = 0; indices.Count < (maxFrames ?? int.MaxValue); k++)
        {
            // Half a tick of slack so that a frame exactly on the grid is taken despite rounding.
            var time = times[start] + TimeSpan.FromTicks((long)Math.Round(k * TimeSpan.TicksPerSecond / rate));
            if (time >= endTime)
            {
                break;
            }

            while (index + 1 < end && times[index + 1] <= time)
            {
                index++;
            }

            indices.Add(index);
        }

        return indices;
    }

    private static FramePlan Create(VideoProbe probe, VideoPixelFormat pixelFormat, int? width, int? height, int start, int ffmpegFrameCount, Func<int, int> sourceIndexOfOutput, Func<int, int> copiesOf, List<string> filters, int threads)
    {
        var (outputWidth, outputHeight) = OutputSize(probe, width, height);
        if (width is not null || height is not null)
        {
            filters.Add(string.Create(CultureInfo.InvariantCulture, $"scale={outputWidth}:{outputHeight}"));
        }

        var output = new StringBuilder();
        if (filters.Count > 0)
        {
            output.Append("-vf \"").Append(string.Join(',', filters)).Append("\" ");
        }

        output.Append(CultureInfo.InvariantCulture, $"-an -sn -dn -fps_mode passthrough -frames:v {ffmpegFrameCount} -pix_fmt {(pixelFormat == VideoPixelFormat.Rgb24 ? "rgb24" : "gray")} -f rawvideo -filter_threads {threads}");
        return new FramePlan(probe, pixelFormat, outputWidth, outputHeight, ffmpegFrameCount, sourceIndexOfOutput, copiesOf, SeekArguments(probe, start, threads), output.ToString());
    }
}
