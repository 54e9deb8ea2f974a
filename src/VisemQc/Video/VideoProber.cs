using System.Globalization;
using System.Text.Json;
using FFMpegCore;

namespace VisemQc.Video;

/// <summary>
/// Probes a video with one ffprobe call: format and stream metadata (parsed by FFMpegCore) and every
/// video packet's timestamp in the same pass, which gives the exact frame count and each frame's time.
/// </summary>
internal static class VideoProber
{
    public static async Task<VideoProbe> ProbeAsync(FfmpegTools tools, VisemQcVideo video, string input, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            "-loglevel", "error", "-print_format", "json", "-show_format", "-sexagesimal", "-show_streams",
            "-select_streams", "v:0", "-show_entries", "packet=pts,dts", input,
        ];
        var json = await tools.RunProbeAsync(video.VideoId, arguments, cancellationToken).ConfigureAwait(false);
        return Parse(video, json, string.Join(' ', arguments));
    }

    internal static VideoProbe Parse(VisemQcVideo video, string json, string arguments)
    {
        var analysis = FFProbe.FromJson(json);
        var stream = analysis.PrimaryVideoStream;
        if (stream is null or { Width: null } or { Height: null })
        {
            VisemQcThrow.FfmpegFailed("ffprobe", video.VideoId, 0, ["no video stream found"], arguments);
        }

        using var document = JsonDocument.Parse(json);
        var streamJson = document.RootElement.GetProperty("streams")[0];
        var timeBase = ParseTimeBase(streamJson, video.VideoId, arguments);
        var startTime = analysis.Format.StartTime;
        var times = FrameTicks(document.RootElement, streamJson)
            .Select(t => TimeSpan.FromTicks((long)Math.Round(t * timeBase * TimeSpan.TicksPerSecond)) - startTime)
            .ToArray();
        if (times.Length == 0)
        {
            VisemQcThrow.FfmpegFailed("ffprobe", video.VideoId, 0, ["the video stream has no packets with timestamps"], arguments);
        }

        // Timestamps count from the first frame; ffmpeg's seek positions count from the container's start.
        var firstFrame = times[0];
        var timestamps = times.Select(t => t - firstFrame).ToArray();

        return new VideoProbe
        {
            VideoId = video.VideoId,
            Duration = analysis.Duration,
            Width = stream.Width!.Value,
            Height = stream.Height!.Value,
            FrameRate = stream.AverageFrameRate,
            FrameCount = timestamps.Length,
            FrameTimestamps = timestamps,
            Codec = stream.CodecName ?? "unknown",
            PixelFormat = stream.PixelFormat ?? "unknown",
            Container = analysis.Format.FormatName,
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

    private static double ParseTimeBase(JsonElement stream, string videoId, string arguments)
    {
        var text = stream.GetProperty("time_base").GetString() ?? "";
        var parts = text.Split('/');
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var numerator)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var denominator)
            && denominator > 0)
        {
            return (double)numerator / denominator;
        }

        VisemQcThrow.FfmpegFailed("ffprobe", videoId, 0, [$"unreadable time base '{text}'"], arguments);
        return 0;
    }
}
