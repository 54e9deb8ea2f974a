using System.Globalization;
using System.Net;
using System.Text;

namespace VisemQc.Download;

/// <summary>What a response's headers allow: the byte range its body holds (and what it pins), or a fault.</summary>
internal readonly record struct ResponseVerdict(AcceptedRange Range, DownloadFault? Fault, bool BodyIsNewFile)
{
    public static ResponseVerdict Accepted(long start, long end, RemoteFile remote, bool rangesSupported) => new(new AcceptedRange(start, end, remote, rangesSupported), null, false);

    /// <summary>A fault; <paramref name="bodyIsNewFile"/> when the body is the whole (new) file from byte 0, kept for the restart.</summary>
    public static ResponseVerdict Failed(DownloadFault fault, bool bodyIsNewFile = false) => new(default, fault, bodyIsNewFile);
}

/// <summary>The bytes [Start, End) a response's body holds, the remote file it matches (pinned by it on the first request) and whether the server answers ranges.</summary>
internal readonly record struct AcceptedRange(long Start, long End, RemoteFile Remote, bool RangesSupported);

/// <summary>
/// The checks every response passes before a byte of its body is stored (see <c>docs/download.md</c>):
/// status, encoding, media type, <c>Content-Range</c> and validators against the pinned remote file.
/// </summary>
internal sealed class ResponseCheck(string destination, TimeProvider time, TimeSpan stallTimeout, CancellationToken cancellationToken)
{
    private const int EvidenceBytes = 300;

    /// <summary>
    /// Checks a response to a request for bytes <paramref name="start"/> to <paramref name="end"/>
    /// (inclusive; <see langword="null"/> for the rest of the file) against <paramref name="pinned"/>
    /// (<see langword="null"/> on the first request of a download, which pins the length and
    /// validators) and returns the byte range [Start, End) its body holds, or the fault. Throws a
    /// <see cref="VisemQcDownloadException"/> only when retrying cannot help.
    /// </summary>
    public async Task<ResponseVerdict> CheckAsync(HttpResponseMessage response, Uri source, RemoteFile? pinned, long start, long? end, long verifiedBytes)
    {
        int status = (int)response.StatusCode;
        if (status is 200 or 206 && await RejectNonFileBodyAsync(response, source, pinned, start).ConfigureAwait(false) is { } rejected)
        {
            return ResponseVerdict.Failed(rejected);
        }

        switch (status)
        {
            case 206:
                return AcceptPartial(response, source, pinned, start, end);
            case 200:
                return AcceptWhole(response, source, pinned, start);
            case 416:
                return ResponseVerdict.Failed(NotSatisfiable(response, source, pinned, start, end));
            case 408 or 429 or >= 500:
                return ResponseVerdict.Failed(new DownloadFault(FaultKind.Transient, DownloadFailure.HttpStatus, source, $"the server answered {status} {response.ReasonPhrase}")
                {
                    Details = new() { StatusCode = response.StatusCode, ExpectedOffset = start },
                    RetryAfter = RetryAfter(response),
                });
            default:
                VisemQcThrow.DownloadException_Status(destination, source, response.StatusCode, response.ReasonPhrase, verifiedBytes);
                return default;
        }
    }

    /// <summary>An HTML page or an encoded body is never file data: it is neither stored nor allowed to discard the partial file.</summary>
    private async Task<DownloadFault?> RejectNonFileBodyAsync(HttpResponseMessage response, Uri source, RemoteFile? pinned, long start)
    {
        var encodings = response.Content.Headers.ContentEncoding.Where(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (encodings.Length > 0)
        {
            return new DownloadFault(FaultKind.Protocol, DownloadFailure.ContentEncoding, source, $"the response has 'Content-Encoding: {string.Join(", ", encodings)}' although 'Accept-Encoding: identity' was sent; byte ranges of an encoded body are not the file's bytes")
            {
                Details = new() { StatusCode = response.StatusCode, Evidence = string.Join(", ", encodings), ExpectedOffset = start },
            };
        }

        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && (mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)))
        {
            string excerpt = await ReadExcerptAsync(response).ConfigureAwait(false);
            return new DownloadFault(FaultKind.Protocol, DownloadFailure.ErrorPage, source, $"the server answered {(int)response.StatusCode} with an HTML page ({response.Content.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} bytes of {mediaType}) instead of the file: \"{excerpt}\"")
            {
                Details = new() { StatusCode = response.StatusCode, Evidence = excerpt, ExpectedLength = pinned?.Length, ReceivedLength = response.Content.Headers.ContentLength },
            };
        }

        return null;
    }

    private static ResponseVerdict AcceptPartial(HttpResponseMessage response, Uri source, RemoteFile? pinned, long start, long? end)
    {
        var range = response.Content.Headers.ContentRange;
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        string evidence = range?.ToString() ?? "(none)";
        if (mediaType is not null && mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            return ResponseVerdict.Failed(BadRange(source, start, null, $"the 206 response is {mediaType} (several ranges) although one range was asked for", mediaType));
        }

        if (range is null || !range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase) || range.From is not { } from || range.To is not { } to)
        {
            return ResponseVerdict.Failed(BadRange(source, start, null, $"the 206 response has Content-Range '{evidence}'; expected 'bytes {start}-{end?.ToString(CultureInfo.InvariantCulture) ?? "N"}/length'", evidence));
        }

        if (range.Length is not { } total)
        {
            return ResponseVerdict.Failed(BadRange(source, start, from, $"the 206 response has Content-Range '{evidence}' without the file's complete length ('*'), so it cannot be matched with the file", evidence));
        }

        if (pinned is not null && total != pinned.Length)
        {
            return ResponseVerdict.Failed(new DownloadFault(FaultKind.Restart, DownloadFailure.SourceChanged, source, $"the file's length changed from {pinned.Length} to {total} bytes (Content-Range '{evidence}')")
            {
                Details = new() { StatusCode = response.StatusCode, ExpectedLength = pinned.Length, ReceivedLength = total, Evidence = evidence },
            });
        }

        if (from != start)
        {
            return ResponseVerdict.Failed(BadRange(source, start, from, $"asked for bytes from {start}, the 206 response's Content-Range '{evidence}' starts at {from}", evidence));
        }

        long last = end ?? total - 1;
        if (to < from || to > last || to >= total)
        {
            return ResponseVerdict.Failed(BadRange(source, start, from, $"asked for bytes {start}-{last} of {total}, the 206 response's Content-Range is '{evidence}'", evidence));
        }

        if (response.Content.Headers.ContentLength is { } length && length != to - from + 1)
        {
            return ResponseVerdict.Failed(BadRange(source, start, from, $"the 206 response's Content-Length {length} does not match its Content-Range '{evidence}' ({to - from + 1} bytes)", evidence));
        }

        if (pinned is null)
        {
            return ResponseVerdict.Accepted(from, to + 1, RemoteFile.FromResponse(source, total, response), rangesSupported: true);
        }

        return pinned.Difference(response) is { } difference
            ? ResponseVerdict.Failed(Changed(response, source, pinned, difference))
            : ResponseVerdict.Accepted(from, to + 1, pinned, rangesSupported: true);
    }

    private ResponseVerdict AcceptWhole(HttpResponseMessage response, Uri source, RemoteFile? pinned, long start)
    {
        long? length = response.Content.Headers.ContentLength;
        if (pinned is null)
        {
            if (length is null)
            {
                VisemQcThrow.DownloadException_LengthUnknown(destination, source);
            }

            return ResponseVerdict.Accepted(0, length.Value, RemoteFile.FromResponse(source, length.Value, response), response.Headers.AcceptRanges.Contains("bytes", StringComparer.OrdinalIgnoreCase));
        }

        // A range was asked for and the whole body came back: never append it. Either the file
        // changed (If-Range failed) or the server ignores ranges; both restart from byte 0, and this
        // response's body is the new start.
        string? difference = pinned.Difference(response)
            ?? (length is { } received && received != pinned.Length ? $"the file's length changed from {pinned.Length} to {received} bytes" : null);
        var fault = difference is not null
            ? Changed(response, source, pinned, difference)
            : new DownloadFault(FaultKind.Restart, DownloadFailure.RangesNotSupported, source, $"asked for bytes from {start} (If-Range {pinned.ValidatorText ?? "not sent: no strong validator"}), the server answered 200 with the whole file: it ignores Range requests")
            {
                Details = new() { StatusCode = response.StatusCode, ExpectedOffset = start, ReceivedOffset = 0 },
            };
        return ResponseVerdict.Failed(fault, bodyIsNewFile: length is not null);
    }

    private static DownloadFault NotSatisfiable(HttpResponseMessage response, Uri source, RemoteFile? pinned, long start, long? end)
    {
        var range = response.Content.Headers.ContentRange;
        string evidence = range?.ToString() ?? "(no Content-Range)";
        string asked = $"bytes {start}-{end?.ToString(CultureInfo.InvariantCulture) ?? string.Empty}";
        if (pinned is not null && range?.Length is { } total && total != pinned.Length)
        {
            return new DownloadFault(FaultKind.Restart, DownloadFailure.SourceChanged, source, $"asked for {asked}, the server answered 416 with '{evidence}': the file's length changed from {pinned.Length} to {total} bytes")
            {
                Details = new() { StatusCode = response.StatusCode, ExpectedLength = pinned.Length, ReceivedLength = total, Evidence = evidence },
            };
        }

        if (pinned is not null && range?.Length is null)
        {
            // Without the current length the partial file cannot be matched with the file: start again.
            return new DownloadFault(FaultKind.Restart, DownloadFailure.RangeNotSatisfiable, source, $"asked for {asked} of {pinned.Length} bytes, the server answered 416 without a complete length ({evidence}), so the partial file cannot be proven current")
            {
                Details = new() { StatusCode = response.StatusCode, ExpectedLength = pinned.Length, Evidence = evidence },
            };
        }

        // The length is unchanged (or nothing is pinned yet) yet a range inside the file is refused.
        return new DownloadFault(FaultKind.Protocol, DownloadFailure.RangeNotSatisfiable, source, $"asked for {asked}, the server answered 416 ({evidence}) although the range lies inside the file")
        {
            Details = new() { StatusCode = response.StatusCode, ExpectedLength = pinned?.Length, ReceivedLength = range?.Length, Evidence = evidence },
        };
    }

    private static DownloadFault Changed(HttpResponseMessage response, Uri source, RemoteFile pinned, string difference) => new(FaultKind.Restart, DownloadFailure.SourceChanged, source, $"the file changed on the server: {difference}")
    {
        Details = new()
        {
            StatusCode = response.StatusCode,
            ExpectedValidator = pinned.ValidatorText,
            ReceivedValidator = RemoteFile.ReceivedValidator(response),
            ExpectedLength = pinned.Length,
            ReceivedLength = response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength,
        },
    };

    private static DownloadFault BadRange(Uri source, long start, long? received, string message, string evidence) => new(FaultKind.Protocol, DownloadFailure.InvalidContentRange, source, message)
    {
        Details = new() { StatusCode = HttpStatusCode.PartialContent, ExpectedOffset = start, ReceivedOffset = received, Evidence = evidence },
    };

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>The start of an error page's text, for the message (the page's title when it has one).</summary>
    private async Task<string> ReadExcerptAsync(HttpResponseMessage response)
    {
        try
        {
            using var stall = new CancellationTokenSource(stallTimeout, time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stall.Token);
            var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            byte[] buffer = new byte[4096];
            int filled = 0;
            int read;
            while (filled < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(filled), timeout.Token).ConfigureAwait(false)) > 0)
            {
                filled += read;
            }

            string text = Encoding.UTF8.GetString(buffer, 0, filled);
            int title = text.IndexOf("<title>", StringComparison.OrdinalIgnoreCase);
            int titleEnd = title < 0 ? -1 : text.IndexOf("</title>", title, StringComparison.OrdinalIgnoreCase);
            string excerpt = titleEnd > title ? text[(title + 7)..titleEnd] : text;
            excerpt = string.Join(' ', excerpt.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            return excerpt.Length <= EvidenceBytes ? excerpt : excerpt[..EvidenceBytes] + "...";
        }
        catch (Exception error) when (error is IOException or HttpRequestException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return "(the page could not be read)";
        }
    }
}
