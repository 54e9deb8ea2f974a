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
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What went wrong.</param>
    /// <param name="destination">The file that was being downloaded.</param>
    /// <param name="sourceUri">The URI that failed, or <see langword="null"/>.</param>
    /// <param name="details">What was expected and received, or <see langword="null"/> for none.</param>
    /// <param name="sourceFailures">For <see cref="DownloadFailure.AllSourcesFailed"/>, the failure of each source; otherwise <see langword="null"/>.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcDownloadException(DownloadFailure reason, string destination, Uri? sourceUri = null, DownloadFailureDetails? details = null, IReadOnlyList<VisemQcDownloadException>? sourceFailures = null, string? message = null, Exception? innerException = null)
        : base(message ?? $"Downloading {sourceUri?.ToString() ?? "the file"} to '{destination}' failed: {reason}.", innerException)
    {
        Reason = reason;
        Destination = destination;
        SourceUri = sourceUri;
        Details = details ?? new DownloadFailureDetails();
        SourceFailures = sourceFailures ?? [];
    }

    /// <summary>What went wrong.</summary>
    public DownloadFailure Reason { get; }

    /// <summary>The file that was being downloaded (its final name; the data is in <c>&lt;name&gt;.part</c>).</summary>
    public string Destination { get; }

    /// <summary>The URI that failed, or <see langword="null"/> when no source was contacted (offline, lock timeout, several sources failed).</summary>
    public Uri? SourceUri { get; }

    /// <summary>What was expected and what was received (status, range, length, validator, evidence), restarts and the bytes kept.</summary>
    public DownloadFailureDetails Details { get; }

    /// <summary>When <see cref="Reason"/> is <see cref="DownloadFailure.AllSourcesFailed"/>: the failure of each source, in the order tried; otherwise empty.</summary>
    public IReadOnlyList<VisemQcDownloadException> SourceFailures { get; }
}

/// <summary>The data of a failed download (<see cref="VisemQcDownloadException.Details"/>); each value is <see langword="null"/> when it does not apply.</summary>
public sealed class DownloadFailureDetails
{
    /// <summary>The HTTP status code of the response concerned.</summary>
    public HttpStatusCode? StatusCode { get; init; }

    /// <summary>The first byte that was asked for (in a <c>Range</c> request).</summary>
    public long? ExpectedOffset { get; init; }

    /// <summary>The first byte the server announced (in <c>Content-Range</c>).</summary>
    public long? ReceivedOffset { get; init; }

    /// <summary>The length that was expected: the total length pinned when the download started, or the length of the requested range.</summary>
    public long? ExpectedLength { get; init; }

    /// <summary>The length the server announced or delivered.</summary>
    public long? ReceivedLength { get; init; }

    /// <summary>The validator (strong ETag or Last-Modified date) pinned when the download started.</summary>
    public string? ExpectedValidator { get; init; }

    /// <summary>The validator the server sent this time.</summary>
    public string? ReceivedValidator { get; init; }

    /// <summary>The raw header value or body excerpt that proves the problem (a <c>Content-Range</c>, a <c>Content-Encoding</c>, the start of an HTML page).</summary>
    public string? Evidence { get; init; }

    /// <summary>How many restarts from byte 0 were made before giving up.</summary>
    public int Restarts { get; init; }

    /// <summary>How many verified bytes are kept in the <c>.part</c> file for the next attempt.</summary>
    public long BytesVerified { get; init; }

    /// <summary>A copy with the download's counts added (the fault of one response knows neither).</summary>
    internal DownloadFailureDetails WithCounts(int restarts, long bytesVerified) => new()
    {
        StatusCode = StatusCode,
        ExpectedOffset = ExpectedOffset,
        ReceivedOffset = ReceivedOffset,
        ExpectedLength = ExpectedLength,
        ReceivedLength = ReceivedLength,
        ExpectedValidator = ExpectedValidator,
        ReceivedValidator = ReceivedValidator,
        Evidence = Evidence,
        Restarts = restarts,
        BytesVerified = bytesVerified,
    };
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
