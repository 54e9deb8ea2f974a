using System.Text.Json.Serialization;

namespace VisemQc;

/// <summary>
/// What ffprobe says about a video, with the frame count and timestamps taken from its packets (one
/// demux pass), not from the container header, which can be wrong.
/// </summary>
public sealed class VideoProbe
{
    [JsonConstructor]
    internal VideoProbe()
    {
    }

    /// <summary>The video's ID.</summary>
    [JsonInclude]
    public string VideoId { get; internal init; } = "";

    /// <summary>The duration from the container.</summary>
    [JsonInclude]
    public TimeSpan Duration { get; internal init; }

    /// <summary>The width in pixels.</summary>
    [JsonInclude]
    public int Width { get; internal init; }

    /// <summary>The height in pixels.</summary>
    [JsonInclude]
    public int Height { get; internal init; }

    /// <summary>The average frame rate in frames per second.</summary>
    [JsonInclude]
    public double FrameRate { get; internal init; }

    /// <summary>The exact number of frames: the video packets of one demux pass.</summary>
    [JsonInclude]
    public int FrameCount { get; internal init; }

    /// <summary>Each frame's presentation time from the first frame (so frame 0 is at zero), in frame order; <see cref="FrameCount"/> entries.</summary>
    [JsonInclude]
    public IReadOnlyList<TimeSpan> FrameTimestamps { get; internal init; } = [];

    /// <summary>The codec, as ffprobe names it (<c>h264</c>, <c>mpeg2video</c>, <c>mpeg4</c>, ...).</summary>
    [JsonInclude]
    public string Codec { get; internal init; } = "";

    /// <summary>The pixel format, as ffprobe names it (<c>yuv420p</c>, ...).</summary>
    [JsonInclude]
    public string PixelFormat { get; internal init; } = "";

    /// <summary>The container, as ffprobe names it (<c>matroska,webm</c>, <c>avi</c>, <c>mov,mp4,m4a,3gp,3g2,mj2</c>, ...).</summary>
    [JsonInclude]
    public string Container { get; internal init; } = "";

    /// <summary>The video's size in bytes.</summary>
    [JsonInclude]
    internal long Length { get; init; }

    /// <summary>How the video is kept in the dataset: a file, a stored zip entry or a deflated one.</summary>
    [JsonInclude]
    internal VideoStorage Storage { get; init; }

    /// <summary>The container's start time, as ffprobe reports it.</summary>
    [JsonInclude]
    internal TimeSpan StartTime { get; init; }

    /// <summary>The first frame's time on ffmpeg's timeline, from <see cref="StartTime"/>: what a seek to frame 0 would use (zero for most files; a frame's delay for AVI with B-frames).</summary>
    [JsonInclude]
    internal TimeSpan FirstFrameTime { get; init; }

    /// <summary>A one-line description.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"{VideoId}: {Width}x{Height} {Codec} {PixelFormat}, {FrameRate:0.###} fps, {FrameCount} frames, {Duration.TotalSeconds:0.###} s, {Container}, {Length} bytes, {Storage}";
}
