using System.Globalization;
using System.Net;

namespace VisemQc.Download;

/// <summary>
/// The HTTP client <see cref="VisemQcDownloader"/> builds when it is not given one: a
/// <see cref="SocketsHttpHandler"/> without automatic decompression, wrapped in a resilience
/// pipeline made for one large file (retries with exponential backoff and jitter that honour
/// <c>Retry-After</c>, a timeout per attempt on the response headers; no total timeout, no circuit
/// breaker, no hedging). Its few, short retries sit inside one attempt of the downloader, whose
/// <see cref="DownloadOptions.RetryTimeout"/> bounds the whole.
/// </summary>
internal sealed record DownloadHttpOptions
{
    /// <summary>The default options.</summary>
    public static DownloadHttpOptions Default { get; } = new();

    /// <summary>How many times a request is retried when it fails before its headers arrive (connection refused or reset, timeout, 408, 429, 5xx).</summary>
    /// <value>Default 3. From 0 to 100.</value>
    public int MaxRetryAttempts { get; init; } = 3;

    /// <summary>The wait before the first retry; it doubles with each further retry, with jitter.</summary>
    /// <value>Default 1 second. From 0 to <see cref="MaxRetryDelay"/>.</value>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest backoff between retries. A server's <c>Retry-After</c> (seconds or a date) is honoured as it is.</summary>
    /// <value>Default 8 seconds. At most 1 hour.</value>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one attempt may wait for the response headers. The body is covered by <see cref="DownloadOptions.StallTimeout"/>, never by a total timeout.</summary>
    /// <value>Default 30 seconds. From 100 milliseconds to 10 minutes.</value>
    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long establishing a connection may take.</summary>
    /// <value>Default 15 seconds. From 100 milliseconds to 10 minutes.</value>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The proxy to use, or <see langword="null"/> for the system's (the <c>HTTPS_PROXY</c>, <c>HTTP_PROXY</c> and <c>NO_PROXY</c> variables on Linux and macOS).</summary>
    /// <value>Default <see langword="null"/>.</value>
    public IWebProxy? Proxy { get; init; }

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public void Validate()
    {
        if (MaxRetryAttempts is < 0 or > 100)
        {
            throw OutOfRange(nameof(MaxRetryAttempts), MaxRetryAttempts, "from 0 to 100");
        }

        if (MaxRetryDelay < TimeSpan.Zero || MaxRetryDelay > TimeSpan.FromHours(1))
        {
            throw OutOfRange(nameof(MaxRetryDelay), MaxRetryDelay, "from 0 to 1 hour");
        }

        if (RetryDelay < TimeSpan.Zero || RetryDelay > MaxRetryDelay)
        {
            throw OutOfRange(nameof(RetryDelay), RetryDelay, $"from 0 to {nameof(MaxRetryDelay)} ({MaxRetryDelay})");
        }

        if (HeadersTimeout < TimeSpan.FromMilliseconds(100) || HeadersTimeout > TimeSpan.FromMinutes(10))
        {
            throw OutOfRange(nameof(HeadersTimeout), HeadersTimeout, "from 100 milliseconds to 10 minutes");
        }

        if (ConnectTimeout < TimeSpan.FromMilliseconds(100) || ConnectTimeout > TimeSpan.FromMinutes(10))
        {
            throw OutOfRange(nameof(ConnectTimeout), ConnectTimeout, "from 100 milliseconds to 10 minutes");
        }
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string allowed)
        => new(name, value, string.Create(CultureInfo.InvariantCulture, $"{nameof(DownloadHttpOptions)}.{name} must be {allowed}; got {value}."));
}
