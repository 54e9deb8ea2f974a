using System.Globalization;
using System.Net;
using System.Text;

namespace VisemQc.Download;

/// <summary>The checks every response passes before a byte of its body is stored (see <c>docs/download.md</c>).</summary>
internal sealed partial class DownloadSession
{
    private const int EvidenceBytes = 300;

    /// <summary>
    /// Checks a response to a request for bytes <paramref name="start"/> to <paramref name="end"/>
    /// (inclusive; <see langword="null"/> for the rest of the file) and returns the byte range
    /// [Start, End) its body holds. On the first request of a download (nothing pinned yet) it pins
    /// the length and validators. Throws a <see cref="DownloadFault"/> or, when retrying cannot help,
    /// a <see cref="VisemQcDownloadException"/>.
    /// </summary>
    private async Task<(long Start, long End)> AcceptAsync(HttpResponseMessage response, Uri source, long start, long? end)
    {
        int status = (int)response.StatusCode;
        if (status is 200 or 206)
        {
            await RejectNonFileBodyAsync(response, source, start).ConfigureAwait(false);
        }

        switch (status)
        {
            case 206:
                return AcceptPartial(response, source, start, end);
            case 200:
                return AcceptWhole(response, source, start);
            case 416:
                throw NotSatisfiable(response, source, start, end);
            case 408 or 429 or >= 500:
                throw new DownloadFault(FaultKind.Transient, DownloadFailure.HttpStatus, source, $"the server answered {status} {response.ReasonPhrase}")
                {
                    StatusCode = response.StatusCode,
                    RetryAfter = RetryAfter(response),
                    ExpectedOffset = start,
                };
            default:
                VisemQcThrow.DownloadException_Status(_destination, source, response.StatusCode, response.ReasonPhrase, _blocks?.VerifiedBytes ?? 0);
                return default;
        }
    }

    /// <summary>An HTML page or an encoded body is never file data: it is neither stored nor allowed to discard the partial file.</summary>
    private async Task RejectNonFileBodyAsync(HttpResponseMessage response, Uri source, long start)
    {
        var encodings = response.Content.Headers.ContentEncoding.Where(e => !e.Equals("identity", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (encodings.Length > 0)
        {
            throw new DownloadFault(FaultKind.Protocol, DownloadFailure.ContentEncoding, source, $"the response has 'Content-Encoding: {string.Join(", ", encodings)}' although 'Accept-Encoding: identity' was sent; byte ranges of an encoded body are not the file's bytes")
            {
                StatusCode = response.StatusCode,
                Evidence = string.Join(", ", encodings),
                ExpectedOffset = start,
            };
        }

        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        if (mediaType is not null && (mediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase) || mediaType.Equals("application/xhtml+xml", StringComparison.OrdinalIgnoreCase)))
        {
            string excerpt = await ReadExcerptAsync(response).ConfigureAwait(false);
            throw new DownloadFault(FaultKind.Protocol, DownloadFailure.ErrorPage, source, $"the server answered {(int)response.StatusCode} with an HTML page ({response.Content.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} bytes of {mediaType}) instead of the file: \"{excerpt}\"")
            {
                StatusCode = response.StatusCode,
                Evidence = excerpt,
                ExpectedLength = _remote?.Length,
                ReceivedLength = response.Content.Headers.ContentLength,
            };
        }
    }

    private (long Start, long End) AcceptPartial(HttpResponseMessage response, Uri source, long start, long? end)
    {
        var range = response.Content.Headers.ContentRange;
        string? mediaType = response.Content.Headers.ContentType?.MediaType;
        string evidence = range?.ToString() ?? "(none)";
        if (mediaType is not null && mediaType.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase))
        {
            throw BadRange(source, start, null, $"the 206 response is {mediaType} (several ranges) although one range was asked for", mediaType);
        }

        if (range is null || !range.Unit.Equals("bytes", StringComparison.OrdinalIgnoreCase) || range.From is not { } from || range.To is not { } to)
        {
            throw BadRange(source, start, null, $"the 206 response has Content-Range '{evidence}'; expected 'bytes {start}-{end?.ToString(CultureInfo.InvariantCulture) ?? "N"}/length'", evidence);
        }

        if (range.Length is not { } total)
        {
            throw BadRange(source, start, from, $"the 206 response has Content-Range '{evidence}' without the file's complete length ('*'), so it cannot be matched with the file", evidence);
        }

        if (_remote is not null && total != _remote.Length)
        {
            throw new DownloadFault(FaultKind.Restart, DownloadFailure.SourceChanged, source, $"the file's length changed from {_remote.Length} to {total} bytes (Content-Range '{evidence}')")
            {
                StatusCode = response.StatusCode,
                ExpectedLength = _remote.Length,
                ReceivedLength = total,
                Evidence = evidence,
            };
        }

        if (from != start)
        {
            throw BadRange(source, start, from, $"asked for bytes from {start}, the 206 response's Content-Range '{evidence}' starts at {from}", evidence);
        }

        long last = end ?? total - 1;
        if (to < from || to > last || to >= total)
        {
            throw BadRange(source, start, from, $"asked for bytes {start}-{last} of {total}, the 206 response's Content-Range is '{evidence}'", evidence);
        }

        if (response.Content.Headers.ContentLength is { } length && length != to - from + 1)
        {
            throw BadRange(source, start, from, $"the 206 response's Content-Length {length} does not match its Content-Range '{evidence}' ({to - from + 1} bytes)", evidence);
        }

        if (_remote is null)
        {
            _remote = RemoteFile.FromResponse(source, total, response);
            _rangesSupported = true;
        }
        else if (_remote.Difference(response) is { } difference)
        {
            throw Changed(response, source, difference);
        }

        return (from, to + 1);
    }

    private (long Start, long End) AcceptWhole(HttpResponseMessage response, Uri source, long start)
    {
        long? length = response.Content.Headers.ContentLength;
        if (_remote is null)
        {
            if (length is null)
            {
                VisemQcThrow.DownloadException_LengthUnknown(_destination, source);
            }

            _remote = RemoteFile.FromResponse(source, length.Value, response);
            _rangesSupported = response.Headers.AcceptRanges.Contains("bytes", StringComparer.OrdinalIgnoreCase);
            return (0, length.Value);
        }

        // A range was asked for and the whole body came back: never append it. Either the file
        // changed (If-Range failed) or the server ignores ranges; both restart from byte 0, and this
        // response's body is the new start.
        string? difference = _remote.Difference(response)
            ?? (length is { } received && received != _remote.Length ? $"the file's length changed from {_remote.Length} to {received} bytes" : null);
        var fault = difference is not null
            ? Changed(response, source, difference)
            : new DownloadFault(FaultKind.Restart, DownloadFailure.RangesNotSupported, source, $"asked for bytes from {start} (If-Range {_remote.ValidatorText ?? "not sent: no strong validator"}), the server answered 200 with the whole file: it ignores Range requests")
            {
                StatusCode = response.StatusCode,
                ExpectedOffset = start,
                ReceivedOffset = 0,
            };
        _rangesSupported = false;
        fault.FreshResponse = length is null ? null : response;
        throw fault;
    }

    private DownloadFault NotSatisfiable(HttpResponseMessage response, Uri source, long start, long? end)
    {
        var range = response.Content.Headers.ContentRange;
        string evidence = range?.ToString() ?? "(no Content-Range)";
        string asked = $"bytes {start}-{end?.ToString(CultureInfo.InvariantCulture) ?? string.Empty}";
        if (_remote is not null && range?.Length is { } total && total != _remote.Length)
        {
            return new DownloadFault(FaultKind.Restart, DownloadFailure.SourceChanged, source, $"asked for {asked}, the server answered 416 with '{evidence}': the file's length changed from {_remote.Length} to {total} bytes")
            {
                StatusCode = response.StatusCode,
                ExpectedLength = _remote.Length,
                ReceivedLength = total,
                Evidence = evidence,
            };
        }

        if (_remote is not null && range?.Length is null)
        {
            // Without the current length the partial file cannot be matched with the file: start again.
            return new DownloadFault(FaultKind.Restart, DownloadFailure.RangeNotSatisfiable, source, $"asked for {asked} of {_remote.Length} bytes, the server answered 416 without a complete length ({evidence}), so the partial file cannot be proven current")
            {
                StatusCode = response.StatusCode,
                ExpectedLength = _remote.Length,
                Evidence = evidence,
            };
        }

        // The length is unchanged (or nothing is pinned yet) yet a range inside the file is refused.
        return new DownloadFault(FaultKind.Protocol, DownloadFailure.RangeNotSatisfiable, source, $"asked for {asked}, the server answered 416 ({evidence}) although the range lies inside the file")
        {
            StatusCode = response.StatusCode,
            ExpectedLength = _remote?.Length,
            ReceivedLength = range?.Length,
            Evidence = evidence,
        };
    }

    private DownloadFault Changed(HttpResponseMessage response, Uri source, string difference) => new(FaultKind.Restart, DownloadFailure.SourceChanged, source, $"the file changed on the server: {difference}")
    {
        StatusCode = response.StatusCode,
        ExpectedValidator = _remote?.ValidatorText,
        ReceivedValidator = RemoteFile.ReceivedValidator(response),
        ExpectedLength = _remote?.Length,
        ReceivedLength = response.Content.Headers.ContentRange?.Length ?? response.Content.Headers.ContentLength,
    };

    private static DownloadFault BadRange(Uri source, long start, long? received, string message, string evidence) => new(FaultKind.Protocol, DownloadFailure.InvalidContentRange, source, message)
    {
        StatusCode = HttpStatusCode.PartialContent,
        ExpectedOffset = start,
        ReceivedOffset = received,
        Evidence = evidence,
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
            var wait = date - _time.GetUtcNow();
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }

    /// <summary>The start of an error page's text, for the message (the page's title when it has one).</summary>
    private async Task<string> ReadExcerptAsync(HttpResponseMessage response)
    {
        try
        {
            using var stall = new CancellationTokenSource(_options.StallTimeout, _time);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, stall.Token);
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
        catch (Exception error) when (error is IOException or HttpRequestException || (error is OperationCanceledException && !_cancellationToken.IsCancellationRequested))
        {
            return "(the page could not be read)";
        }
    }
}
