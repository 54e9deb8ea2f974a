namespace VisemQc;

/// <summary>
/// Everything <see cref="VisemQcServiceCollectionExtensions.AddVisemQc"/> registers is configured
/// here: how datasets are read, where the archive comes from and is kept, how it is downloaded and the
/// download client's retries, timeouts and proxy. Checked once, when the host starts.
/// </summary>
/// <example>
/// <code>
/// services.AddVisemQc(options => options with
/// {
///     DownloadPath = "/data/visem-qc.zip",
///     Download = options.Download with { Connections = 8 },
/// });
/// </code>
/// </example>
public sealed record VisemQcOptions
{
    /// <summary>The default options.</summary>
    public static VisemQcOptions Default { get; } = new();

    /// <summary>How datasets are found and read (annotations, search depth, cache, ffmpeg).</summary>
    /// <value>Default: a new <see cref="VisemQcDatasetOptions"/>.</value>
    public VisemQcDatasetOptions Dataset { get; init; } = new();

    /// <summary>The archive's address (http or https).</summary>
    /// <value>Default <see cref="VisemQcDataset.DefaultSource"/>, the published archive.</value>
    public Uri Source { get; init; } = VisemQcDataset.DefaultSource;

    /// <summary>Where the archive is downloaded to and opened from.</summary>
    /// <value>Default <see langword="null"/>: <see cref="VisemQcDataset.DefaultDownloadPath"/> (<c>visem-qc.zip</c> in <see cref="VisemQcDataset.DefaultHome"/>).</value>
    public string? DownloadPath { get; init; }

    /// <summary>How the archive is downloaded and verified (mirrors, connections, stall timeout, offline mode).</summary>
    /// <value>Default <see cref="DownloadOptions.Default"/>.</value>
    public DownloadOptions Download { get; init; } = DownloadOptions.Default;

    /// <summary>The retries, timeouts and proxy of the named HTTP client <see cref="VisemQcDownloader.HttpClientName"/>.</summary>
    /// <value>Default <see cref="DownloadHttpOptions.Default"/>: 6 retries with backoff from 1 s to 30 s, 30 s for the headers of each attempt, the system proxy.</value>
    public DownloadHttpOptions Http { get; init; } = DownloadHttpOptions.Default;

    /// <summary>The download path in effect: <see cref="DownloadPath"/>, or <see cref="VisemQcDataset.DefaultDownloadPath"/> when it is not set.</summary>
    public string EffectiveDownloadPath => DownloadPath ?? VisemQcDataset.DefaultDownloadPath;

    /// <summary>Checks every option, nested ones included, and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentNullException">A nested options object or <see cref="Source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="Source"/> is not an absolute http or https URI, or <see cref="DownloadPath"/> is empty or blank.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Dataset);
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentNullException.ThrowIfNull(Download);
        ArgumentNullException.ThrowIfNull(Http);
        Dataset.Validate();
        VisemQcDownloader.CheckSource(Source, nameof(Source));
        if (DownloadPath is not null && string.IsNullOrWhiteSpace(DownloadPath))
        {
            throw new ArgumentException($"{nameof(DownloadPath)} is a file path such as '/data/visem-qc.zip', or null for {VisemQcDataset.DefaultDownloadPath}; got '{DownloadPath}'.", nameof(DownloadPath));
        }

        Download.Validate();
        Http.Validate();
    }
}
