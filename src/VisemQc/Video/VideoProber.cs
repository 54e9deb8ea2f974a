using System.Globalization;
using System.Text.Json;

namespace VisemQc.Video;

/// <summary>
/// Probes a video with one ffprobe call: format and stream metadata and every video packet's timestamp
/// in the same pass, which gives the exact frame count and each frame's time.
/// </summary>
/// <remarks>
/// The JSON is read with <see cref="JsonDocument"/> rather than FFMpegCore's <c>FFProbe.FromJson</c>, which
/// uses reflection-based serialization and so fails in apps that turn it off (file-based apps, trimmed
/// and AOT apps); its <c>FFProbe.AnalyseAsync(string)</c> also refuses inputs that are not files, such as
/// the <c>subfile</c> URLs of stored zip entries.
/// </remarks>
internal static class VideoProber
{
    public static async Task<VideoProbe> ProbeAsync(FfmpegTools tools, VisemQcVideo video, string input, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-loglevel", "error", "-print_format", "json", "-show_format", "-show_streams",
            "-select_streams", "v:0", "-show_entries", "packet=pts,dts", input,
        ];
        var json = await tools.RunProbeAsync(video.VideoId, arguments, cancellationToken).ConfigureAwait(false);
        return Parse(video, json, string.Join(' ', arguments));
    }

    internal static VideoProbe Parse(VisemQcVideo video, string json, string arguments)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var stream = root.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array && streams.GetArrayLength() > 0
            ? streams[0]
            : default;
        if (Integer(stream, "width") is not { } width || Integer(stream, "height") is not { } height)
        {
            VisemQcThrow.FfmpegException_Failed("ffprobe", video.VideoId, 0, ["no video stream found"], arguments);
            return null!;
        }

        var format = root.TryGetProperty("format", out var formatJson) ? formatJson : default;
        var timeBase = ParseTimeBase(stream, video.VideoId, arguments);
        var startTime = Seconds(format, "start_time") ?? TimeSpan.Zero;
        var times = FrameTicks(root, stream)
            .Select(t => TimeSpan.FromTicks((long)Math.Round(t * timeBase * TimeSpan.TicksPerSecond)) - startTime)
            .ToArray();
        if (times.Length == 0)
        {
            VisemQcThrow.FfmpegException_Failed("ffprobe", video.VideoId, 0, ["the video stream has no packets with timestamps"], arguments);
        }

        // Timestamps count from the first frame; ffmpeg's seek positions count from the container's start.
        var firstFrame = times[0];
        var timestamps = times.Select(t => t - firstFrame).ToArray();

        return new VideoProbe
        {
            VideoId = video.VideoId,
            Duration = Seconds(format, "duration") ?? Seconds(stream, "duration") ?? TimeSpan.Zero,
            Width = width,
            Height = height,
            FrameRate = Rational(stream, "avg_frame_rate") ?? Rational(stream, "r_frame_rate") ?? 0,
            FrameCount = timestamps.Length,
            FrameTimestamps = timestamps,
            Codec = Text(stream, "codec_name") ?? "unknown",
            PixelFormat = Text(stream, "pix_fmt") ?? "unknown",
            Container = Text(format, "format_name") ?? "unknown",
            Length = video.Length,
            Storage = video.Storage,
            StartTime = startTime,
            FirstFrameTime = firstFrame,
        };
    }

    /// <summary>
    /// Each frame's presentation time in time-base units, in frame order. With presentation timestamps on
    /// every packet (MKV, MP4) they are sorted. Without (AVI stores decode times only), the decoder shows
    /// frame i at the decode time of packet i + has_b_frames, its reordering delay, as ffmpeg itself does.
    /// </summary>
    private static long[] FrameTicks(JsonElement root, JsonElement stream)
    {
        if (!root.TryGetProperty("packets", out var packets))
        {
            return [];
        }

        var pts = new List<long>();
        var dts = new List<long>();
        var allHavePts = true;
        foreach (var packet in packets.EnumerateArray())
        {
            if (packet.TryGetProperty("pts", out var p))
            {
                pts.Add(p.GetInt64());
            }
            else
            {
                allHavePts = false;
            }

            if (packet.TryGetProperty("dts", out var d))
            {
                dts.Add(d.GetInt64());
            }
        }

        if (allHavePts)
        {
            pts.Sort();
            return [.. pts];
        }

        dts.Sort();
        var delay = stream.TryGetProperty("has_b_frames", out var b) ? b.GetInt32() : 0;
        var step = dts.Count > 1 ? dts[^1] - dts[^2] : 1;
        var ticks = new long[dts.Count];
        for (var i = 0; i < ticks.Length; i++)
        {
            var shifted = i + delay;
            ticks[i] = shifted < dts.Count ? dts[shifted] : dts[^1] + ((shifted - dts.Count + 1) * step);
        }

        return ticks;
    }

    private static string? Text(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Integer(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;

    /// <summary>A time in seconds, as ffprobe writes it ("4.000000").</summary>
    private static TimeSpan? Seconds(JsonElement element, string name)
        => Text(element, name) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    /// <summary>A rate such as "25/1" or "30000/1001"; null for "0/0" or anything unreadable.</summary>
    private static double? Rational(JsonElement element, string name)
    {
        var parts = Text(element, name)?.Split('/');
        return parts is [var numerator, var denominator]
               && double.TryParse(numerator, NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
               && double.TryParse(denominator, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
               && d > 0 && n > 0
            ? n / d
            : null;
    }

    private static double ParseTimeBase(JsonElement stream, string videoId, string arguments)
    {
        var text = Text(stream, "time_base") ?? "";
        var parts = text.Split('/');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var denominator)
            && denominator > 0)
        {
            return (double)numerator / denominator;
        }

        VisemQcThrow.FfmpegException_Failed("ffprobe", videoId, 0, [$"unreadable time base '{text}'"], arguments);
        return 0;
    }
}
