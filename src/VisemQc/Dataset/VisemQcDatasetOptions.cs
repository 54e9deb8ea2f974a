namespace VisemQc;

/// <summary>How <see cref="VisemQcDataset.OpenAsync(string, VisemQcDatasetOptions?, CancellationToken)"/> finds and reads a dataset.</summary>
public sealed record VisemQcDatasetOptions
{
    /// <summary>The default options.</summary>
    public static VisemQcDatasetOptions Default { get; } = new();

    /// <summary>How the annotation CSV is read and validated.</summary>
    /// <value>Default: strict, with a sum tolerance of 2 percentage points.</value>
    public AnnotationOptions Annotations { get; init; } = new();

    /// <summary>The annotation CSV's path inside the zip or folder, with <c>/</c> separators, such as <c>visem-qc/visem-qc.csv</c>.</summary>
    /// <value>Default <see langword="null"/>: the one <c>.csv</c> file within <see cref="MaxSearchDepth"/> levels.</value>
    public string? AnnotationPath { get; init; }

    /// <summary>The folder of videos inside the zip or folder, with <c>/</c> separators, such as <c>visem-qc/videos</c>.</summary>
    /// <value>Default <see langword="null"/>: the one folder holding video files within <see cref="MaxSearchDepth"/> levels (a folder named <c>videos</c> wins a tie).</value>
    public string? VideosFolder { get; init; }

    /// <summary>How many levels deep the CSV and the videos are looked for: 1 is the root only.</summary>
    /// <value>Default 4: enough for <c>some-root/visem-qc/videos/623.mkv</c>.</value>
    public int MaxSearchDepth { get; init; } = 4;

    /// <summary>Where deflated videos are extracted to (once, verified), so that they can be read with seeking.</summary>
    /// <value>Default <see langword="null"/>: <c>cache</c> under <see cref="VisemQcDataset.DefaultHome"/>.</value>
    public string? CacheDirectory { get; init; }

    /// <summary>How ffmpeg and ffprobe are found and run for this dataset's videos.</summary>
    /// <value>Default <see cref="VideoOptions.Default"/>: from the <c>PATH</c>, half the cores' worth of concurrent decodes.</value>
    public VideoOptions Video { get; init; } = VideoOptions.Default;

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Annotations"/> is <see langword="null"/>.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Annotations);
        Annotations.Validate();
        ArgumentNullException.ThrowIfNull(Video);
        Video.Validate();
        if (MaxSearchDepth is < 1 or > 16)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSearchDepth), MaxSearchDepth, $"{nameof(MaxSearchDepth)} is from 1 to 16; got {MaxSearchDepth}.");
        }

        CheckRelative(AnnotationPath, nameof(AnnotationPath));
        CheckRelative(VideosFolder, nameof(VideosFolder));
    }

    private static void CheckRelative(string? path, string name)
    {
        if (path is not null && (path.Length == 0 || path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Split('/').Any(s => s is ".." or ".")))
        {
            throw new ArgumentOutOfRangeException(name, path, $"{name} is a path inside the dataset with '/' separators and no '..', such as 'visem-qc/videos'; got '{path}'.");
        }
    }
}
