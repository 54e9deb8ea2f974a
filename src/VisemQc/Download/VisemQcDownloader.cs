using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VisemQc.Download;

namespace VisemQc;

/// <summary>
/// Downloads one large file resumably and verifiably: data goes to <c>&lt;name&gt;.part</c> with a
/// manifest of XxHash3 block hashes, interrupted downloads resume (in this process or a later one)
/// with <c>Range</c> + <c>If-Range</c>, the finished file is checked as a zip (every entry's CRC-32)
/// and only then renamed to its final name. See <c>docs/download.md</c>.
/// </summary>
/// <remarks>
/// <para>
/// Safe to use from several threads and processes: downloads to the same destination are
/// serialised by an OS file lock (<c>&lt;name&gt;.lock</c>); the process that waited then uses the
/// finished file. The library writes nothing to the console; pass an <see cref="ILogger"/> for
/// diagnostics and an <see cref="IProgress{T}"/> for progress.
/// </para>
/// <para>
/// Give it an <see cref="HttpClient"/> (for example from <c>IHttpClientFactory</c>) or let it build
/// its own (retries with backoff and <c>Retry-After</c>, no total timeout). A client of your own should not decompress responses
/// (<see cref="System.Net.DecompressionMethods.None"/>); the downloader asks for
/// <c>Accept-Encoding: identity</c> and rejects encoded ranges.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// using var downloader = new VisemQcDownloader();
/// var result = await downloader.DownloadAsync(
///     VisemQcDataset.DefaultSource, "visem-qc.zip",
///     progress: new Progress&lt;DownloadProgress&gt;(p => Console.WriteLine($"{p.Phase} {p.Fraction:P1}")));
/// Console.WriteLine($"{result.BytesFetched} bytes fetched, {result.BytesReused} reused");
/// </code>
/// </example>
public sealed class VisemQcDownloader : IDisposable
{
    /// <summary>The name of the HTTP client registered by <see cref="VisemQcServiceCollectionExtensions.AddVisemQc(Microsoft.Extensions.DependencyInjection.IServiceCollection, Action{VisemQcOptions}?)"/>.</summary>
    internal const string HttpClientName = "VisemQc.Download";

    private readonly HttpClient _http;
    private readonly bool _ownsClient;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a downloader.</summary>
    /// <param name="httpClient">The client to send requests with; it is not disposed by the downloader. <see langword="null"/> builds one that retries failed requests a few times with backoff, honouring <c>Retry-After</c>.</param>
    /// <param name="logger">Receives diagnostics (retries, resumptions, restarts), or <see langword="null"/>.</param>
    /// <param name="timeProvider">The clock for backoff, timeouts and progress, or <see langword="null"/> for <see cref="TimeProvider.System"/>.</param>
    public VisemQcDownloader(HttpClient? httpClient = null, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(httpClient, logger, timeProvider, null)
    {
    }

    /// <summary>Creates a downloader whose own client is built with <paramref name="httpOptions"/> (tests shorten its retries).</summary>
    internal VisemQcDownloader(DownloadHttpOptions httpOptions, ILogger? logger = null, TimeProvider? timeProvider = null)
        : this(null, logger, timeProvider, httpOptions)
    {
    }

    private VisemQcDownloader(HttpClient? httpClient, ILogger? logger, TimeProvider? timeProvider, DownloadHttpOptions? httpOptions)
    {
        _logger = logger ?? NullLogger.Instance;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _ownsClient = httpClient is null;
        _http = httpClient ?? CreateHttpClient(httpOptions, _timeProvider, _logger);
    }

    /// <summary>How free disk space is measured (replaced by tests).</summary>
    internal Func<string, long?> FreeSpaceProbe { get; set; } = GetFreeSpace;

    /// <summary>Builds the client the downloader uses when given none (see <see cref="DownloadHttpClientFactory"/>).</summary>
    internal static HttpClient CreateHttpClient(DownloadHttpOptions? options = null, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        options ??= DownloadHttpOptions.Default;
        options.Validate();
        return DownloadHttpClientFactory.CreateClient(options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
    }

    /// <summary>
    /// Downloads <paramref name="source"/> to <paramref name="destination"/>, resuming a partial
    /// download left by an earlier call, or returns at once when the destination already holds the
    /// verified file. The file gets its final name only after every block and every zip entry checked out.
    /// </summary>
    /// <param name="source">The file's URI (http or https). <see cref="DownloadOptions.Mirrors"/> are tried after it.</param>
    /// <param name="destination">The file to create, such as <c>visem-qc.zip</c>; <c>.part</c>, <c>.manifest.json</c> and <c>.lock</c> files are kept beside it (see <see cref="DownloadFiles"/>).</param>
    /// <param name="options">How to download, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives progress at most every <see cref="DownloadOptions.ProgressInterval"/>, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the download within a second, backoff and lock waits included; every verified block is kept for the next call.</param>
    /// <returns>What was fetched, reused and verified.</returns>
    /// <exception cref="VisemQcDownloadException">The server, the network or the offline setting prevents the download; <see cref="VisemQcDownloadException.Reason"/> says which.</exception>
    /// <exception cref="VisemQcIntegrityException">The downloaded file fails the zip check, or an existing file that was not downloaded here is not a valid zip.</exception>
    /// <exception cref="VisemQcDiskSpaceException">The disk has less free space than the file needs.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<DownloadResult> DownloadAsync(Uri source, string destination, DownloadOptions? options = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        CheckSource(source, nameof(source));
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        options = options?.Clone() ?? new DownloadOptions();
        options.Validate();
        var sources = new List<Uri> { source };
        sources.AddRange(options.Mirrors.Where(m => !sources.Contains(m)));
        using var session = new DownloadSession(_http, _logger, _timeProvider, FreeSpaceProbe, destination, options, progress, cancellationToken);
        return await session.DownloadAsync(sources).ConfigureAwait(false);
    }

    /// <summary>
    /// Re-checks a finished download against its manifest: every block is hashed again and compared
    /// (matching blocks hold the very bytes that passed the zip check, so the zip is checked again
    /// only with <see cref="DownloadOptions.ReverifyExisting"/>). Bad blocks move the file back to
    /// <c>.part</c>, are fetched again (only those blocks, from the manifest's source or
    /// <see cref="DownloadOptions.Mirrors"/>), and the file is checked as a zip before it gets its
    /// name back. A file without a manifest gets the zip check only.
    /// </summary>
    /// <param name="destination">The downloaded file.</param>
    /// <param name="options">How to fetch bad blocks, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the verification; a file being repaired stays as <c>.part</c> and the next download resumes it.</param>
    /// <returns>What was checked and repaired.</returns>
    /// <exception cref="FileNotFoundException">There is no finished file at <paramref name="destination"/>.</exception>
    /// <exception cref="VisemQcIntegrityException">The file is bad and cannot be repaired (offline, no manifest, or the server sends the same bad bytes).</exception>
    /// <exception cref="VisemQcDownloadException">Fetching the bad blocks failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<VerificationReport> VerifyAsync(string destination, DownloadOptions? options = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        options = options?.Clone() ?? new DownloadOptions();
        options.Validate();
        using var session = new DownloadSession(_http, _logger, _timeProvider, FreeSpaceProbe, destination, options, progress, cancellationToken);
        return await session.VerifyAsync(options.Mirrors).ConfigureAwait(false);
    }

    /// <summary>Disposes the HTTP client when the downloader built it.</summary>
    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    internal static void CheckSource(Uri source, string paramName)
    {
        if (!source.IsAbsoluteUri || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"Expected an absolute http or https URI such as {VisemQcDataset.DefaultSourceText}; got '{source}'.", paramName);
        }
    }

    private static long? GetFreeSpace(string folder)
    {
        try
        {
            return new DriveInfo(OperatingSystem.IsWindows() ? Path.GetPathRoot(folder)! : folder).AvailableFreeSpace;
        }
        catch (Exception error) when (error is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
