namespace VisemQc;

/// <summary>One clip of a video: <see cref="FrameCount"/> frames from <see cref="StartFrame"/>, <see cref="FrameStride"/> apart.</summary>
/// <param name="VideoId">The video.</param>
/// <param name="StartFrame">The index of the clip's first frame.</param>
/// <param name="FrameCount">The number of frames.</param>
/// <param name="FrameStride">The distance between two frames.</param>
public sealed record VideoClipSpec(string VideoId, int StartFrame, int FrameCount, int FrameStride)
{
    /// <summary>The indices of the clip's frames.</summary>
    public IReadOnlyList<int> FrameIndices => Enumerable.Range(0, FrameCount).Select(k => StartFrame + (k * FrameStride)).ToArray();
}

/// <summary>A decoded clip: its frames and the video's record. Dispose it to return the frames' buffers.</summary>
public sealed class VideoClip : IDisposable
{
    internal VideoClip(VideoClipSpec spec, MotilityRecord? record, IReadOnlyList<VideoFrame> frames)
    {
        Spec = spec;
        Record = record;
        Frames = frames;
    }

    /// <summary>Which clip this is.</summary>
    public VideoClipSpec Spec { get; }

    /// <summary>The video's motility record (the clip's labels), or <see langword="null"/> when the video has none.</summary>
    public MotilityRecord? Record { get; }

    /// <summary>The frames, in order.</summary>
    public IReadOnlyList<VideoFrame> Frames { get; }

    /// <summary>Disposes every frame.</summary>
    public void Dispose()
    {
        foreach (var frame in Frames)
        {
            frame.Dispose();
        }
    }
}
