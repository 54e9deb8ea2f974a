using System.Globalization;

namespace VisemQc;

/// <summary>How <see cref="VisemQcDataset.SampleClipsAsync(ClipSamplerOptions?, CancellationToken)"/> cuts videos into clips.</summary>
/// <remarks>
/// In each video, candidate clips start at frames 0, <see cref="StepBetweenClips"/>, 2 × <see cref="StepBetweenClips"/>, ...
/// as long as the whole clip (<see cref="FramesPerClip"/> frames, <see cref="FrameStride"/> apart) fits. With
/// <see cref="ClipsPerVideo"/> set, that many candidates are drawn at random without replacement. The draw
/// depends only on <see cref="Seed"/>, the video's ID and its frame count: the same on every machine and runtime.
/// </remarks>
public sealed class ClipSamplerOptions
{
    /// <summary>The frames in each clip.</summary>
    /// <value>Default 16.</value>
    public int FramesPerClip { get; set; } = 16;

    /// <summary>The frames between the first frames of two candidate clips of a video.</summary>
    /// <value>Default 16: back to back when <see cref="FrameStride"/> is 1.</value>
    public int StepBetweenClips { get; set; } = 16;

    /// <summary>The distance between two frames of a clip: 1 takes consecutive frames.</summary>
    /// <value>Default 1.</value>
    public int FrameStride { get; set; } = 1;

    /// <summary>How many clips to draw from each video, or <see langword="null"/> for every candidate.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public int? ClipsPerVideo { get; set; }

    /// <summary>The seed of the draw and of <see cref="Shuffle"/>.</summary>
    /// <value>Default 0.</value>
    public int Seed { get; set; }

    /// <summary>Whether the clips of all videos are shuffled together (seeded); otherwise they come video by video, in frame order.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Shuffle { get; set; }

    /// <summary>The videos to sample, or <see langword="null"/> for every video that has a record.</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IReadOnlyList<string>? VideoIds { get; set; }

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <summary>A copy, taken at the call, so that later changes by the caller do not reach work in progress.</summary>
    internal ClipSamplerOptions Clone()
    {
        var copy = (ClipSamplerOptions)MemberwiseClone();
        copy.VideoIds = VideoIds?.ToArray();
        return copy;
    }

    internal void Validate()
    {
        Check(FramesPerClip, nameof(FramesPerClip));
        Check(StepBetweenClips, nameof(StepBetweenClips));
        Check(FrameStride, nameof(FrameStride));
        if (ClipsPerVideo is { } clips)
        {
            Check(clips, nameof(ClipsPerVideo));
        }
    }

    private static void Check(int value, string name)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is 1 or more; got {value}."));
        }
    }
}
