namespace VisemQc.Download;

/// <summary>How the downloader reacts to a fault.</summary>
internal enum FaultKind
{
    /// <summary>The connection failed (reset, stall, short body, timeout, 408/429/5xx): resume from the last good byte after a backoff.</summary>
    Transient,

    /// <summary>The response breaks the range rules (bad <c>Content-Range</c>, <c>Content-Encoding</c>, an HTML page): its body is never stored; retried a few times, then a typed error.</summary>
    Protocol,

    /// <summary>The partial file cannot be continued (200 instead of 206, a new validator or length): start again from byte 0.</summary>
    Restart,
}

/// <summary>
/// A fault seen on one response or connection, with the data for the typed error that is thrown
/// when the fault cannot be recovered from. Never escapes the downloader.
/// </summary>
internal sealed class DownloadFault : Exception
{
    public DownloadFault(FaultKind kind, DownloadFailure reason, Uri source, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        Reason = reason;
        SourceUri = source;
    }

    public FaultKind Kind { get; }

    public DownloadFailure Reason { get; }

    public Uri SourceUri { get; }

    /// <summary>What was expected and received; the public exception carries the same object (with the counts added).</summary>
    public DownloadFailureDetails Details { get; init; } = new();

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
