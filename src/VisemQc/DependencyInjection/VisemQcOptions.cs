using System.Net;
using VisemQc.Download;

namespace VisemQc;

/// <summary>
/// Everything <see cref="VisemQcServiceCollectionExtensions"/> registers is configured here: how
/// datasets are read, where the archive comes from and is kept, how it is downloaded and through which
/// proxy. Bindable from the <c>VisemQc</c> configuration section; checked once, when the host starts.
/// </summary>
/// <example>
/// <code>
/// services.AddVisemQc(options =>
/// {
///     options.DownloadPath = "/data/visem-qc.zip";
///     options.Download.Connections = 8;
/// });
/// </code>
/// </example>
public sealed class VisemQcOptions
{
    /// <summary>How datasets are found and read (annotations, search depth, cache, ffmpeg).</summary>
    /// <value>Default: a new <see cref="VisemQcDatasetOptions"/> with its defaults.</value>
    public VisemQcDatasetOptions Dataset { get; set; } = new();

    /// <summary>The archive's address (http or https).</summary>
    /// <value>Default <see cref="VisemQcDataset.DefaultSource"/>, the published archive.</value>
    public Uri Source { get; set; } = VisemQcDataset.DefaultSource;

    /// <summary>Where the archive is downloaded to and opened from.</summary>
    /// <value>Default <see langword="null"/>: <see cref="VisemQcDataset.DefaultDownloadPath"/> (<c>visem-qc.zip</c> in <see cref="VisemQcDataset.DefaultHome"/>).</value>
    public string? DownloadPath { get; set; }

    /// <summary>How the archive is downloaded and verified (mirrors, connections, stall and retry timeouts, offline mode).</summary>
    /// <value>Default: a new <see cref="DownloadOptions"/> with its defaults.</value>
    public DownloadOptions Download { get; set; } = new();

    /// <summary>The HTTP proxy of the download client, such as <c>http://proxy.example.org:3128</c>.</summary>
    /// <value>Default <see langword="null"/>: the system's proxy (the <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c> and <c>NO_PROXY</c> variables on Linux and macOS).</value>
    public Uri? Proxy { get; set; }

    /// <summary>The download path in effect: <see cref="DownloadPath"/>, or <see cref="VisemQcDataset.DefaultDownloadPath"/> when it is not set.</summary>
    public string EffectiveDownloadPath => DownloadPath ?? VisemQcDataset.DefaultDownloadPath;

    /// <summary>The download client's retries and timeouts (tests shorten them); <see cref="Proxy"/> is added to them.</summary>
    internal DownloadHttpOptions Http { get; set; } = DownloadHttpOptions.Default;

    /// <summary>The client options in effect: <see cref="Http"/> with <see cref="Proxy"/>.</summary>
    internal DownloadHttpOptions EffectiveHttp => Proxy is null ? Http : Http with { Proxy = new WebProxy(Proxy) };

    /// <summary>Checks every option, nested ones included, and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentNullException">A nested options object or <see cref="Source"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException"><see cref="Source"/> or <see cref="Proxy"/> is not an absolute http(s) URI, or <see cref="DownloadPath"/> is empty or blank.</exception>
    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Dataset);
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentNullException.ThrowIfNull(Download);
        Dataset.Validate();
        VisemQcDownloader.CheckSource(Source, nameof(Source));
        if (Proxy is not null && !Proxy.IsAbsoluteUri)
        {
            throw new ArgumentException($"{nameof(Proxy)} is an absolute URI such as 'http://proxy.example.org:3128'; got '{Proxy}'.", nameof(Proxy));
        }

        if (DownloadPath is not null && string.IsNullOrWhiteSpace(DownloadPath))
        {
            throw new ArgumentException($"{nameof(DownloadPath)} is a file path such as '/data/visem-qc.zip', or null for {VisemQcDataset.DefaultDownloadPath}; got '{DownloadPath}'.", nameof(DownloadPath));
        }

        Download.Validate();
        Http.Validate();
    }
}
