namespace VisemQc;

/// <summary>
/// What ffprobe says about a video, with the frame count and timestamps taken from its packets (one
/// demux pass), not from the container header, which can be wrong.
/// </summary>
public sealed record VideoProbe
{
    /// <summary>The video's ID.</summary>
    public required string VideoId { get; init; }

    /// <summary>The duration from the container.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>The width in pixels.</summary>
    public required int Width { get; init; }

    /// <summary>The height in pixels.</summary>
    public required int Height { get; init; }

    /// <summary>The average frame rate in frames per second.</summary>
    public required double FrameRate { get; init; }

    /// <summary>The exact number of frames: the video packets of one demux pass.</summary>
    public required int FrameCount { get; init; }

    /// <summary>Each frame's presentation time from the first frame (so frame 0 is at zero), in frame order; <see cref="FrameCount"/> entries.</summary>
    public required IReadOnlyList<TimeSpan> FrameTimestamps { get; init; }

    /// <summary>The codec, as ffprobe names it (<c>h264</c>, <c>mpeg2video</c>, <c>mpeg4</c>, ...).</summary>
    public required string Codec { get; init; }

    /// <summary>The pixel format, as ffprobe names it (<c>yuv420p</c>, ...).</summary>
    public required string PixelFormat { get; init; }

    /// <summary>The container, as ffprobe names it (<c>matroska,webm</c>, <c>avi</c>, <c>mov,mp4,m4a,3gp,3g2,mj2</c>, ...).</summary>
    public required string Container { get; init; }

    /// <summary>The video's size in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>How the video is kept in the dataset: a file, a stored zip entry or a deflated one.</summary>
    public required VideoStorage Storage { get; init; }

    /// <summary>The container's start time, as ffprobe reports it.</summary>
    public TimeSpan StartTime { get; init; }

    /// <summary>The first frame's time on ffmpeg's timeline, from <see cref="StartTime"/>: what a seek to frame 0 would use (zero for most files; a frame's delay for AVI with B-frames).</summary>
    public TimeSpan FirstFrameTime { get; init; }

    /// <summary>A one-line description.</summary>
    /// <returns>The description.</returns>
    public override string ToString()
        => $"{VideoId}: {Width}x{Height} {Codec} {PixelFormat}, {FrameRate:0.###} fps, {FrameCount} frames, {Duration.TotalSeconds:0.###} s, {Container}, {Length} bytes, {Storage}";
}
