using System.Globalization;
using System.IO.Hashing;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace VisemQc.Cli.Demo;

/// <summary>One request the demo's server answered, for the demo to show what resuming looked like on the wire.</summary>
internal sealed record ServedRequest(string Method, string? Range, string? IfRange, int Status, long BodyBytes, bool Dropped);

/// <summary>
/// Serves one file from 127.0.0.1 like a well-behaved download server (single byte ranges, strong
/// ETag, Last-Modified, If-Range), except that it drops the connection of the first GET after
/// <c>dropFirstAt</c> bytes of the body: the interruption the demo shows the downloader recovering from.
/// </summary>
internal sealed class LoopbackSource : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly byte[] _content;
    private readonly string _etag;
    private readonly DateTimeOffset _lastModified;
    private readonly long _dropFirstAt;
    private readonly List<ServedRequest> _requests = [];
    private int _gets;

    private LoopbackSource(WebApplication app, byte[] content, DateTimeOffset lastModified, long dropFirstAt)
    {
        _app = app;
        _content = content;
        _etag = string.Create(CultureInfo.InvariantCulture, $"\"{Crc32.HashToUInt32(content):x8}-{content.Length:x}\"");
        _lastModified = lastModified;
        _dropFirstAt = dropFirstAt;
    }

    public Uri Url { get; private set; } = null!;

    public string ETag => _etag;

    public IReadOnlyList<ServedRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<LoopbackSource> StartAsync(string file, string urlPath, long dropFirstAt, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(file).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var source = new LoopbackSource(app, content, lastModified, dropFirstAt);
        app.Run(context => context.Request.Path == urlPath ? source.ServeAsync(context) : NotFound(context));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        source.Url = new Uri(new Uri(address), urlPath);
        return source;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        string? range = request.Headers.Range.Count > 0 ? request.Headers.Range.ToString() : null;
        string? ifRange = request.Headers.IfRange.Count > 0 ? request.Headers.IfRange.ToString() : null;
        response.Headers.ETag = _etag;
        response.Headers.LastModified = HeaderUtilities.FormatDate(_lastModified);
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/zip";

        long length = _content.Length, start = 0, end = length - 1;
        bool partial = range is not null && (ifRange is null || ifRange == _etag || ifRange == HeaderUtilities.FormatDate(_lastModified));
        if (partial && !TryParseRange(range!, length, out start, out end))
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = $"bytes */{length}";
            Record(request.Method, range, ifRange, response.StatusCode, 0, dropped: false);
            return;
        }

        response.StatusCode = partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        if (partial)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{end}/{length}");
        }

        long count = end - start + 1;
        response.ContentLength = count;
        if (HttpMethods.IsHead(request.Method))
        {
            Record(request.Method, range, ifRange, response.StatusCode, 0, dropped: false);
            return;
        }

        bool drop = Interlocked.Increment(ref _gets) == 1 && _dropFirstAt < count;
        long send = drop ? _dropFirstAt : count;
        await response.Body.WriteAsync(_content.AsMemory((int)start, (int)send), context.RequestAborted).ConfigureAwait(false);
        Record(request.Method, range, ifRange, response.StatusCode, send, drop);
        if (drop)
        {
            await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            context.Abort();
        }
    }

    private static bool TryParseRange(string header, long length, out long start, out long end)
    {
        start = end = 0;
        if (!header.StartsWith("bytes=", StringComparison.Ordinal) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var parts = header["bytes=".Length..].Split('-');
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out start) || start >= length)
        {
            return false;
        }

        end = parts[1].Length == 0 ? length - 1 : long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out long last) && last >= start ? Math.Min(last, length - 1) : -1;
        return end >= start;
    }

    private void Record(string method, string? range, string? ifRange, int status, long bytes, bool dropped)
    {
        lock (_requests)
        {
            _requests.Add(new ServedRequest(method, range, ifRange, status, bytes, dropped));
        }
    }
}
