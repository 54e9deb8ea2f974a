namespace VisemQc;

/// <summary>
/// How <see cref="VisemQcDataset.OpenAsync(string, VisemQcDatasetOptions?, CancellationToken)"/> finds and reads a
/// dataset, and how it runs ffmpeg and ffprobe for its videos (the global FFMpegCore options are never read or changed).
/// </summary>
public sealed class VisemQcDatasetOptions
{
    /// <summary>How the annotation CSV is read and validated.</summary>
    /// <value>Default: strict, with a sum tolerance of 2 percentage points.</value>
    public AnnotationOptions Annotations { get; set; } = new();

    /// <summary>The annotation CSV's path inside the zip or folder, with <c>/</c> separators, such as <c>visem-qc/visem-qc.csv</c>.</summary>
    /// <value>Default <see langword="null"/>: the one <c>.csv</c> file within <see cref="MaxSearchDepth"/> levels.</value>
    public string? AnnotationPath { get; set; }

    /// <summary>The folder of videos inside the zip or folder, with <c>/</c> separators, such as <c>visem-qc/videos</c>.</summary>
    /// <value>Default <see langword="null"/>: the one folder holding video files within <see cref="MaxSearchDepth"/> levels (a folder named <c>videos</c> wins a tie).</value>
    public string? VideosFolder { get; set; }

    /// <summary>How many levels deep the CSV and the videos are looked for: 1 is the root only.</summary>
    /// <value>Default 4: enough for <c>some-root/visem-qc/videos/623.mkv</c>.</value>
    public int MaxSearchDepth { get; set; } = 4;

    /// <summary>Where deflated videos are extracted to (once, verified), so that they can be read with seeking.</summary>
    /// <value>Default <see langword="null"/>: <c>cache</c> under <see cref="VisemQcDataset.DefaultHome"/>.</value>
    public string? CacheDirectory { get; set; }

    /// <summary>The folder that holds ffmpeg and ffprobe.</summary>
    /// <value>Default <see langword="null"/>: ffmpeg and ffprobe from the <c>PATH</c>.</value>
    public string? FfmpegFolder { get; set; }

    /// <summary>How many ffmpeg or ffprobe processes the dataset runs at once; more calls wait their turn.</summary>
    /// <value>Default: half the processor count, at least 1 (1 on a 2-core machine).</value>
    public int MaxConcurrentDecodes { get; set; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>The decoding threads of each ffmpeg process, so that concurrent decodes do not oversubscribe the cores.</summary>
    /// <value>Default <see langword="null"/>: the processor count divided by <see cref="MaxConcurrentDecodes"/>, at least 1.</value>
    public int? ThreadsPerDecode { get; set; }

    /// <summary>Whether probe results are also saved beside the dataset (<c>visem-qc.zip.probes.json</c>, or <c>.visemqc-probes.json</c> in a folder), so that another process does not probe again.</summary>
    /// <value>Default <see langword="false"/>: probes are cached for the dataset's lifetime only.</value>
    public bool PersistProbes { get; set; }

    /// <summary>How many decoded frames may wait for the consumer before ffmpeg is paused; this bounds the memory of a frame stream.</summary>
    /// <value>Default 4.</value>
    public int BufferedFrames { get; set; } = 4;

    internal int EffectiveThreads => ThreadsPerDecode ?? Math.Max(1, Environment.ProcessorCount / MaxConcurrentDecodes);

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Annotations);
        Annotations.Validate();
        if (MaxSearchDepth is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSearchDepth), MaxSearchDepth, $"{nameof(MaxSearchDepth)} is from 1 to 16; got {MaxSearchDepth}.");
        }

        CheckRelative(AnnotationPath, nameof(AnnotationPath));
        CheckRelative(VideosFolder, nameof(VideosFolder));
        if (FfmpegFolder is { Length: 0 })
        {
            throw new ArgumentException($"{nameof(FfmpegFolder)} is a folder, or null for the PATH; got an empty string.", nameof(FfmpegFolder));
        }

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

    /// <summary>A copy, so that a dataset is not changed by later changes to the options it was opened with.</summary>
    internal VisemQcDatasetOptions Clone()
    {
        var copy = (VisemQcDatasetOptions)MemberwiseClone();
        copy.Annotations = Annotations.Clone();
        return copy;
    }

    private static void CheckRelative(string? path, string name)
    {
        if (path is not null && (path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(s => s is ".." or ".")))
        {
            throw new ArgumentOutOfRangeException(name, path, $"{name} is a path inside the dataset with '/' separators and no '..', such as 'visem-qc/videos'; got '{path}'.");
        }
    }
}
