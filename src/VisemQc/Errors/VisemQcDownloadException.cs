using System.Net;

namespace VisemQc;

/// <summary>
/// A download could not be completed: the server answered with an error, broke the HTTP range
/// rules in a way that cannot be worked around, kept failing, or the network may not be used.
/// Every byte verified so far stays in the <c>.part</c> file and the next call resumes from it.
/// </summary>
/// <remarks>
/// <see cref="Reason"/> says what went wrong; the other properties carry what was expected and what
/// was received when they apply. See <c>docs/download.md</c> for what to do about each reason.
/// </remarks>
public sealed class VisemQcDownloadException : VisemQcException
{
    internal VisemQcDownloadException(DownloadFailure reason, string destination, Uri? source, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Reason = reason;
        Destination = destination;
        SourceUri = source;
    }

    /// <summary>What went wrong.</summary>
    public DownloadFailure Reason { get; }

    /// <summary>The file that was being downloaded (its final name; the data is in <c>&lt;name&gt;.part</c>).</summary>
    public string Destination { get; }

    /// <summary>The URI that failed, or <see langword="null"/> when no source was contacted (offline, lock timeout, several sources failed).</summary>
    public Uri? SourceUri { get; }

    /// <summary>The HTTP status code of the response concerned, or <see langword="null"/>.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The first byte that was asked for (in a <c>Range</c> request), or <see langword="null"/>.</summary>
    public long? ExpectedOffset { get; init; }

    /// <summary>The first byte the server announced (in <c>Content-Range</c>), or <see langword="null"/>.</summary>
    public long? ReceivedOffset { get; init; }

    /// <summary>The length that was expected: the total length pinned when the download started, or the length of the requested range.</summary>
    public long? ExpectedLength { get; init; }

    /// <summary>The length the server announced or delivered, or <see langword="null"/>.</summary>
    public long? ReceivedLength { get; init; }

    /// <summary>The validator (strong ETag or Last-Modified date) pinned when the download started, or <see langword="null"/>.</summary>
    public string? ExpectedValidator { get; init; }

    /// <summary>The validator the server sent this time, or <see langword="null"/>.</summary>
    public string? ReceivedValidator { get; init; }

    /// <summary>The raw header value or body excerpt that proves the problem (a <c>Content-Range</c>, a <c>Content-Encoding</c>, the start of an HTML page), or <see langword="null"/>.</summary>
    public string? Evidence { get; init; }

    /// <summary>How many restarts from byte 0 were made before giving up.</summary>
    public int Restarts { get; init; }

    /// <summary>How many verified bytes are kept in the <c>.part</c> file for the next attempt.</summary>
    public long BytesVerified { get; init; }

    /// <summary>When <see cref="Reason"/> is <see cref="DownloadFailure.AllSourcesFailed"/>: the failure of each source, in the order tried; otherwise empty.</summary>
    public IReadOnlyList<VisemQcDownloadException> SourceFailures { get; init; } = [];
}

/// <summary>Why a download failed (<see cref="VisemQcDownloadException.Reason"/>).</summary>
public enum DownloadFailure
{
    /// <summary>The server answered with an HTTP error status (after the retries, for transient ones).</summary>
    HttpStatus,

    /// <summary>The connection kept failing (resets, stalls, short bodies) without a new verified block, more times than allowed.</summary>
    TooManyFailures,

    /// <summary>The server ignores <c>Range</c> requests and the download had to restart from byte 0 more times than allowed.</summary>
    RangesNotSupported,

    /// <summary>The file on the server kept changing (new validator or length) more times than allowed.</summary>
    SourceChanged,

    /// <summary>A <c>206 Partial Content</c> response had a missing, malformed, multipart or wrong <c>Content-Range</c>.</summary>
    InvalidContentRange,

    /// <summary>The server or a proxy applied a <c>Content-Encoding</c> (such as gzip) even though <c>identity</c> was asked for.</summary>
    ContentEncoding,

    /// <summary>The server sent an HTML page (an error page or a network login portal) instead of the file.</summary>
    ErrorPage,

    /// <summary>The server answered <c>416 Range Not Satisfiable</c> to a range inside the file, also after restarting.</summary>
    RangeNotSatisfiable,

    /// <summary>The server announced neither <c>Content-Length</c> nor a complete length in <c>Content-Range</c>, so completeness cannot be checked.</summary>
    LengthUnknown,

    /// <summary>Offline mode is on (<c>VISEMQC_OFFLINE=1</c> or <see cref="DownloadOptions.Offline"/>) and there is no verified copy.</summary>
    Offline,

    /// <summary>Another process held the download lock for longer than <see cref="DownloadOptions.LockTimeout"/>.</summary>
    LockTimeout,

    /// <summary>Every source (the URI and each mirror) failed; see <see cref="VisemQcDownloadException.SourceFailures"/>.</summary>
    AllSourcesFailed,
}
