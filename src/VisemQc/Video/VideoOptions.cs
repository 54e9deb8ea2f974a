using FFMpegCore;

namespace VisemQc;

/// <summary>How a dataset runs ffmpeg and ffprobe. Set per dataset in <see cref="VisemQcDatasetOptions.Video"/>; the global FFMpegCore options are never read or changed.</summary>
public sealed record VideoOptions
{
    /// <summary>The default options.</summary>
    public static VideoOptions Default { get; } = new();

    /// <summary>Where ffmpeg and ffprobe are (<see cref="FFOptions.BinaryFolder"/>) and their working folder.</summary>
    /// <value>Default <see langword="null"/>: ffmpeg and ffprobe from the <c>PATH</c>.</value>
    public FFOptions? FFOptions { get; init; }

    /// <summary>How many ffmpeg or ffprobe processes one dataset runs at once; more calls wait their turn.</summary>
    /// <value>Default: half the processor count, at least 1 (1 on a 2-core machine).</value>
    public int MaxConcurrentDecodes { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The decoding threads of each ffmpeg process, so that concurrent decodes do not oversubscribe the cores.</summary>
    /// <value>Default <see langword="null"/>: the processor count divided by <see cref="MaxConcurrentDecodes"/>, at least 1.</value>
    public int? ThreadsPerDecode { get; init; }

    /// <summary>Whether probe results are also saved beside the dataset (<c>visem-qc.zip.probes.json</c>, or <c>.visemqc-probes.json</c> in a folder), so that another process does not probe again.</summary>
    /// <value>Default <see langword="false"/>: probes are cached for the dataset's lifetime only.</value>
    public bool PersistProbes { get; init; }

    /// <summary>How many decoded frames may wait for the consumer before ffmpeg is paused; this bounds the memory of a frame stream.</summary>
    /// <value>Default 4.</value>
    public int BufferedFrames { get; init; } = 4;

    internal int EffectiveThreads => ThreadsPerDecode ?? Math.Max(1, Environment.ProcessorCount / MaxConcurrentDecodes);

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxConcurrentDecodes is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentDecodes), MaxConcurrentDecodes, $"{nameof(MaxConcurrentDecodes)} is from 1 to 64; got {MaxConcurrentDecodes}.");
        }

        if (ThreadsPerDecode is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(ThreadsPerDecode), ThreadsPerDecode, $"{nameof(ThreadsPerDecode)} is from 1 to 64, or null for automatic; got {ThreadsPerDecode}.");
        }

        if (BufferedFrames is < 1 or > 1024)
        {
            throw new ArgumentOutOfRangeException(nameof(BufferedFrames), BufferedFrames, $"{nameof(BufferedFrames)} is from 1 to 1024; got {BufferedFrames}.");
        }
    }
}
