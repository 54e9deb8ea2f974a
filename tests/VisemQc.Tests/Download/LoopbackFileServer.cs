using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VisemQc.Tests.Download;

/// <summary>What a <see cref="LoopbackFileServer"/> does wrong on one request.</summary>
public enum FaultKind
{
    /// <summary>Sends the headers and <see cref="Fault.Bytes"/> bytes of the body, then drops the connection.</summary>
    ResetAfter,

    /// <summary>Sends the headers and <see cref="Fault.Bytes"/> bytes, then sends nothing until the client gives up.</summary>
    StallAfter,

    /// <summary>Answers <see cref="Fault.Status"/> with <see cref="Fault.RetryAfter"/>, if any.</summary>
    Status,

    /// <summary>Answers 200 with the whole file although a range was asked for.</summary>
    IgnoreRange,

    /// <summary>A 206 whose Content-Range starts one block later than asked.</summary>
    WrongContentRangeStart,

    /// <summary>A 206 without Content-Range.</summary>
    MissingContentRange,

    /// <summary>A 206 with Content-Range 'bytes a-b/*'.</summary>
    UnknownLengthContentRange,

    /// <summary>A 206 of the range, gzip-compressed, with Content-Encoding: gzip.</summary>
    Gzip,

    /// <summary>Announces the full Content-Length but sends only <see cref="Fault.Bytes"/> bytes, then ends the response.</summary>
    ShortBody,

    /// <summary>416 with 'Content-Range: bytes */N' (N = <see cref="Fault.Bytes"/>, or the file's length when negative).</summary>
    RangeNotSatisfiableWithLength,

    /// <summary>416 without Content-Range.</summary>
    RangeNotSatisfiable,

    /// <summary>200 with a small text/html page (a network login portal).</summary>
    HtmlPage,

    /// <summary>A valid 206 of only the first <see cref="Fault.Bytes"/> bytes of the range asked for (allowed: the client asks again for the rest).</summary>
    PartialRange,
}

/// <summary>A fault for one request.</summary>
public sealed record Fault(FaultKind Kind, long Bytes = 0, int Status = 503, string? RetryAfter = null);

/// <summary>One request as the server saw it.</summary>
public sealed record ServedRequest(string? Range, string? IfRange, string? AcceptEncoding, int Status, long BodyBytes, FaultKind? Fault);

/// <summary>
/// A real HTTP server (Kestrel) on 127.0.0.1 and a free port, serving one file with single byte
/// ranges, If-Range, ETag and Last-Modified, that injects faults on demand: one-shot faults queued for
/// the next requests in order, a persistent fault for every request, or a pseudo-random reset on
/// every request. Records every request.
/// </summary>
public sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Fault> _faults = new();
    private readonly ConcurrentQueue<ServedRequest> _requests = new();
    private readonly Lock _lock = new();
    private byte[] _content;
    private Random? _resets;
    private int _resetsLeft;
    private long _bytesServed;
    private int _inFlight;
    private readonly SemaphoreSlim _stalled = new(0);

    private LoopbackFileServer(WebApplication app, byte[] content)
    {
        _app = app;
        _content = content;
    }

    public Uri Url { get; private set; } = null!;

    public byte[] Content
    {
        get
        {
            lock (_lock)
            {
                return _content;
            }
        }
    }

    /// <summary>The entity tag sent with every response (<c>"v1"</c>, <c>W/"v1"</c>), or <see langword="null"/> for none.</summary>
    public string? ETag { get; set; } = "\"v1\"";

    /// <summary>The Last-Modified date sent with every response, or <see langword="null"/> for none.</summary>
    public DateTimeOffset? LastModified { get; set; } = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Whether If-Range is ignored (a broken server: it serves the range of whatever file it has now).</summary>
    public bool IgnoreIfRange { get; set; }

    /// <summary>Whether Range is honoured at all (false: every request gets 200 and the whole file).</summary>
    public bool SupportsRanges { get; set; } = true;

    /// <summary>A fault applied to every request, after the queued ones run out.</summary>
    public Fault? Persistent { get; set; }

    /// <summary>
    /// How many responses may be in progress at once (a per-client connection limit, as on many
    /// university servers); a request beyond it gets 503 without Retry-After. <see langword="null"/>: no limit.
    /// </summary>
    public int? MaxConcurrentRequests { get; set; }

    /// <summary>A pause after each 16 KiB of body, to make a response last (zero: none).</summary>
    public TimeSpan ChunkDelay { get; set; }

    /// <summary>Requests are held before their body is sent while this is set (see <see cref="Hold"/>).</summary>
    public TaskCompletionSource? Held { get; private set; }

    /// <summary>The content type of the file.</summary>
    public string ContentType { get; set; } = "application/zip";

    public IReadOnlyList<ServedRequest> Requests => [.. _requests];

    public long BytesServed => Interlocked.Read(ref _bytesServed);

    public static async Task<LoopbackFileServer> StartAsync(byte[] content)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new LoopbackFileServer(app, content);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.Url = new Uri(new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)), "/data/visem-qc.zip");
        return server;
    }

    /// <summary>Queues faults for the next requests, one each, in order.</summary>
    public LoopbackFileServer Enqueue(params Fault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }

        return this;
    }

    /// <summary>Drops the connection of each of the next <paramref name="count"/> requests at a pseudo-random point of its body.</summary>
    public void ResetRandomly(int seed, int count)
    {
        lock (_lock)
        {
            _resets = new Random(seed);
            _resetsLeft = count;
        }
    }

    /// <summary>Replaces the file (the test sets the new validators).</summary>
    public void Replace(byte[] content)
    {
        lock (_lock)
        {
            _content = content;
        }
    }

    /// <summary>Holds every response after its headers until <see cref="Release"/>.</summary>
    public void Hold() => Held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => Held?.TrySetResult();

    /// <summary>Waits until a request reached a <see cref="FaultKind.StallAfter"/> fault and stopped sending.</summary>
    public Task WaitForStallAsync(TimeSpan timeout) => _stalled.WaitAsync(timeout).ContinueWith(t => Assert.True(t.Result, "The server never reached the stall."), TaskScheduler.Default);

    public async ValueTask DisposeAsync()
    {
        Release();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        byte[] content = Content;
        long length = content.Length;
        Fault? fault = _faults.TryDequeue(out var queued) ? queued : Persistent;
        if (Interlocked.Increment(ref _inFlight) > MaxConcurrentRequests)
        {
            fault = new Fault(FaultKind.Status, Status: 503);
        }

        lock (_lock)
        {
            if (fault is null && _resets is not null && _resetsLeft > 0)
            {
                _resetsLeft--;
                fault = new Fault(FaultKind.ResetAfter, Bytes: _resets.NextInt64(0, Math.Max(1, length / 3)));
            }
        }

        string? rangeHeader = request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null;
        string? ifRange = request.Headers.IfRange.Count > 0 ? request.Headers.IfRange.ToString() : null;
        string? acceptEncoding = request.Headers.AcceptEncoding.Count > 0 ? request.Headers.AcceptEncoding.ToString() : null;
        long sent = 0;
        int status = 200;
        try
        {
            if (ETag is { } etag)
            {
                response.Headers.ETag = etag;
            }

            if (LastModified is { } modified)
            {
                response.Headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
            }

            if (SupportsRanges)
            {
                response.Headers.AcceptRanges = "bytes";
            }

            response.Headers.Date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);

            switch (fault?.Kind)
            {
                case FaultKind.Status:
                    status = fault.Status;
                    response.StatusCode = status;
                    if (fault.RetryAfter is { } retryAfter)
                    {
                        response.Headers.RetryAfter = retryAfter;
                    }

                    return;
                case FaultKind.HtmlPage:
                    response.ContentType = "text/html; charset=utf-8";
                    await response.WriteAsync("<html><head><title>Welcome to Hotel Wi-Fi: please log in</title></head><body>Accept the terms to continue.</body></html>");
                    return;
                case FaultKind.RangeNotSatisfiable:
                    status = 416;
                    response.StatusCode = 416;
                    response.ContentType = "text/html";
                    await response.WriteAsync("<html><body>416 Requested Range Not Satisfiable</body></html>");
                    return;
                case FaultKind.RangeNotSatisfiableWithLength:
                    status = 416;
                    response.StatusCode = 416;
                    response.Headers.ContentRange = $"bytes */{(fault.Bytes < 0 ? length : fault.Bytes)}";
                    response.ContentType = "text/html";
                    await response.WriteAsync("<html><body>416 Requested Range Not Satisfiable</body></html>");
                    return;
            }

            // Parse a single range; If-Range decides whether it applies.
            long start = 0;
            long end = length - 1;
            bool partial = false;
            if (rangeHeader is not null && SupportsRanges && fault?.Kind != FaultKind.IgnoreRange && TryParseRange(rangeHeader, length, out long rangeStart, out long rangeEnd))
            {
                bool ifRangeHolds = ifRange is null || IgnoreIfRange || ifRange == ETag
                    || (LastModified is { } lm && ifRange == lm.ToString("R", CultureInfo.InvariantCulture));
                if (rangeStart >= length)
                {
                    status = 416;
                    response.StatusCode = 416;
                    response.Headers.ContentRange = $"bytes */{length}";
                    return;
                }

                if (ifRangeHolds)
                {
                    (start, end, partial) = (rangeStart, rangeEnd, true);
                    if (fault?.Kind == FaultKind.PartialRange)
                    {
                        end = Math.Min(end, start + fault.Bytes - 1);
                    }
                }
            }

            byte[] body = content.AsSpan((int)start, (int)(end - start + 1)).ToArray();
            status = partial ? 206 : 200;
            response.StatusCode = status;
            response.ContentType = ContentType;
            if (partial)
            {
                response.Headers.ContentRange = fault?.Kind switch
                {
                    FaultKind.WrongContentRangeStart => $"bytes {start + 1}-{end}/{length}",
                    FaultKind.UnknownLengthContentRange => $"bytes {start}-{end}/*",
                    FaultKind.MissingContentRange => default,
                    _ => $"bytes {start}-{end}/{length}",
                };
            }

            if (fault?.Kind == FaultKind.Gzip)
            {
                using var compressed = new MemoryStream();
                using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
                {
                    gzip.Write(body);
                }

                body = compressed.ToArray();
                response.Headers.ContentEncoding = "gzip";
            }

            response.ContentLength = body.Length;
            await response.StartAsync();
            if (Held is { } held)
            {
                await response.Body.FlushAsync();
                await held.Task.WaitAsync(context.RequestAborted);
            }

            long limit = fault?.Kind is FaultKind.ResetAfter or FaultKind.StallAfter or FaultKind.ShortBody ? Math.Min(fault.Bytes, body.Length) : body.Length;
            const int chunk = 16 * 1024;
            while (sent < limit)
            {
                int count = (int)Math.Min(chunk, limit - sent);
                await response.Body.WriteAsync(body.AsMemory((int)sent, count), context.RequestAborted);
                sent += count;
                Interlocked.Add(ref _bytesServed, count);
                if (ChunkDelay > TimeSpan.Zero)
                {
                    await Task.Delay(ChunkDelay, context.RequestAborted);
                }
            }

            switch (fault?.Kind)
            {
                case FaultKind.ResetAfter:
                    await response.Body.FlushAsync();
                    context.Abort();
                    break;
                case FaultKind.StallAfter:
                    await response.Body.FlushAsync();
                    _stalled.Release();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.RequestAborted);
                    }
                    catch (OperationCanceledException)
                    {
                        // The client gave up on the stalled response.
                    }

                    break;
                case FaultKind.ShortBody:
                    await response.Body.FlushAsync();
                    context.Abort();
                    break;
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            _requests.Enqueue(new ServedRequest(rangeHeader, ifRange, acceptEncoding, status, sent, fault?.Kind));
        }
    }

    private static bool TryParseRange(string header, long length, out long start, out long end)
    {
        start = 0;
        end = length - 1;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var parts = header["bytes=".Length..].Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out start))
        {
            return false;
        }

        if (parts[1].Length > 0)
        {
            if (!long.TryParse(parts[1], CultureInfo.InvariantCulture, out end))
            {
                return false;
            }

            end = Math.Min(end, length - 1);
        }

        return true;
    }
}
