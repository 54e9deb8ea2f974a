namespace VisemQc;

/// <summary>One clip of a video: <see cref="FrameCount"/> frames from <see cref="StartFrame"/>, <see cref="FrameStride"/> apart. Two specs are equal when they name the same frames.</summary>
public sealed record VideoClipSpec
{
    /// <summary>Names a clip.</summary>
    /// <param name="videoId">The video.</param>
    /// <param name="startFrame">The index of the clip's first frame.</param>
    /// <param name="frameCount">The number of frames.</param>
    /// <param name="frameStride">The distance between two frames.</param>
    public VideoClipSpec(string videoId, int startFrame, int frameCount, int frameStride)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ArgumentOutOfRangeException.ThrowIfNegative(startFrame);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(frameStride, 1);
        VideoId = videoId;
        StartFrame = startFrame;
        FrameCount = frameCount;
        FrameStride = frameStride;
    }

    /// <summary>The video.</summary>
    public string VideoId { get; }

    /// <summary>The index of the clip's first frame.</summary>
    public int StartFrame { get; }

    /// <summary>The number of frames.</summary>
    public int FrameCount { get; }

    /// <summary>The distance between two frames.</summary>
    public int FrameStride { get; }

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
