using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using VisemQc.Download;

namespace VisemQc;

/// <summary>Throw helpers for the downloader (<see cref="VisemQcDownloadException"/>, <see cref="VisemQcIntegrityException"/>, <see cref="VisemQcDiskSpaceException"/>).</summary>
internal static partial class VisemQcThrow
{
    private const string KeptAdvice = "Every verified byte is kept in the .part file: calling again resumes from it.";

    [DoesNotReturn]
    internal static void DownloadException_Fault(DownloadFault fault, string destination, int restarts, long verified, string lead) =>
        throw FromFault(fault, destination, restarts, verified, lead + Capitalized(fault.Message), fault.Reason);

    [DoesNotReturn]
    internal static void DownloadException_Exhausted(DownloadFault fault, string destination, int attempts, int restarts, long verified)
    {
        var reason = fault.Reason == DownloadFailure.HttpStatus ? DownloadFailure.HttpStatus : DownloadFailure.TooManyFailures;
        string lead = string.Create(CultureInfo.InvariantCulture, $"{attempts} attempts in a row failed without receiving a new byte; the last one: ");
        throw FromFault(fault, destination, restarts, verified, lead + fault.Message, reason);
    }

    [DoesNotReturn]
    internal static void DownloadException_Status(string destination, Uri source, HttpStatusCode status, string? reasonPhrase, long verified)
    {
        string advice = status switch
        {
            HttpStatusCode.NotFound or HttpStatusCode.Gone => "Check the URI: the file may have moved (see https://datasets.simula.no/visem-qc), or pass a mirror in DownloadOptions.Mirrors.",
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.ProxyAuthenticationRequired => "The server or a proxy refuses access: check the URI, the proxy settings (HTTPS_PROXY, NO_PROXY) and any credentials the HttpClient needs.",
            _ => "Check the URI, or pass a mirror in DownloadOptions.Mirrors.",
        };
        throw new VisemQcDownloadException(DownloadFailure.HttpStatus, destination, source, new DownloadFailureDetails { StatusCode = status, BytesVerified = verified }, message: string.Create(CultureInfo.InvariantCulture,
            $"Downloading {source} to '{destination}': the server answered {(int)status} {reasonPhrase}; expected 200 or 206 with the file. {advice} {KeptAdvice}"));
    }

    [DoesNotReturn]
    internal static void DownloadException_LengthUnknown(string destination, Uri source) =>
        throw new VisemQcDownloadException(DownloadFailure.LengthUnknown, destination, source, message:
            $"Downloading {source} to '{destination}': the server sent the file without Content-Length or Content-Range, so a transfer cut short could not be told from a complete one. Use a mirror that announces the length (most servers do for static files).");

    [DoesNotReturn]
    internal static void DownloadException_Offline(string destination, Uri source, string? partPath, long verified) =>
        throw new VisemQcDownloadException(DownloadFailure.Offline, destination, null, new DownloadFailureDetails { BytesVerified = verified }, message: string.Create(CultureInfo.InvariantCulture,
            $"Offline mode is on ({DownloadOptions.OfflineEnvironmentVariable}=1 or DownloadOptions.Offline) and there is no verified copy at '{destination}'{(partPath is null ? "" : $" (a partial download with {verified} verified bytes is in '{partPath}')")}. Download it once with the network ({source}), or copy a verified visem-qc.zip to that path, or unset {DownloadOptions.OfflineEnvironmentVariable}."));

    [DoesNotReturn]
    internal static void DownloadException_LockTimeout(string destination, string lockPath, TimeSpan timeout) =>
        throw new VisemQcDownloadException(DownloadFailure.LockTimeout, destination, message: string.Create(CultureInfo.InvariantCulture,
            $"Another process has been downloading to '{destination}' (it holds '{lockPath}') for longer than DownloadOptions.LockTimeout ({timeout}). Wait for it to finish and call again, raise LockTimeout, or download to another destination. The lock dies with its process, so a crashed process never blocks."));

    [DoesNotReturn]
    internal static void DownloadException_AllSourcesFailed(string destination, IReadOnlyList<VisemQcDownloadException> failures, long verified) =>
        throw new VisemQcDownloadException(DownloadFailure.AllSourcesFailed, destination, null, new DownloadFailureDetails { BytesVerified = verified }, failures, string.Create(CultureInfo.InvariantCulture,
            $"Downloading '{destination}': all {failures.Count} sources failed. {string.Join(" ", failures.Select((f, i) => $"[{i + 1}] {f.SourceUri}: {f.Message}"))} {KeptAdvice}"));

    [DoesNotReturn]
    internal static void DiskSpaceException_NotEnough(string path, long needed, long free) =>
        throw new VisemQcDiskSpaceException(path, needed, free, message: string.Create(CultureInfo.InvariantCulture,
            $"Downloading to '{path}' needs {needed:N0} bytes ({needed / 1e9:0.00} GB) but its disk has {free:N0} bytes ({free / 1e9:0.00} GB) free. Free {needed - free:N0} bytes, or download to another disk (set {VisemQcDataset.HomeEnvironmentVariable} or pass another destination)."));

    [DoesNotReturn]
    internal static void IntegrityException_BadBlocksNotRepaired(string partPath, IReadOnlyList<long> badBlocks, int blockSize, bool offline) =>
        throw new VisemQcIntegrityException(partPath, badBlocks: badBlocks, blockSize: blockSize, message: string.Create(CultureInfo.InvariantCulture,
            $"'{partPath}': {badBlocks.Count} blocks of {blockSize} bytes no longer match the hashes recorded when they were downloaded (blocks {FormatList(badBlocks)}); the file was moved back to .part. {(offline ? "Offline mode is on, so they were not fetched again: call DownloadAsync with the network to fetch only those blocks." : "The manifest names no source to fetch them from: download the file again.")}"));

    [DoesNotReturn]
    internal static void IntegrityException_CentralDirectory(string path, VisemQcIntegrityException error, int blockSize, string advice) =>
        throw new VisemQcIntegrityException(path, blockSize: blockSize, message: $"{ProblemOnly(error)} {advice}", innerException: error);

    [DoesNotReturn]
    internal static void IntegrityException_BadEntries(string path, IReadOnlyList<BadEntry> entries, IReadOnlyList<long> blocks, int blockSize, string advice) =>
        throw new VisemQcIntegrityException(path, [.. entries.Select(e => e.Name)], blocks, blockSize, message: string.Create(CultureInfo.InvariantCulture,
            $"'{path}': {entries.Count} zip entries fail their check: {string.Join("; ", entries.Take(10).Select(e => e.Problem))}{(entries.Count > 10 ? "; ..." : "")}{(blocks.Count > 0 ? $" (blocks {FormatList(blocks)})" : "")}. {advice}"));

    private static VisemQcDownloadException FromFault(DownloadFault fault, string destination, int restarts, long verified, string message, DownloadFailure reason) =>
        new(reason, destination, fault.SourceUri, fault.Details.WithCounts(restarts, verified), message: $"Downloading {fault.SourceUri} to '{destination}': {message}. {Advice(reason)} {KeptAdvice}", innerException: fault.InnerException);

    private static string Advice(DownloadFailure reason) => reason switch
    {
        DownloadFailure.HttpStatus => "The server is failing or overloaded: try again later, or pass a mirror in DownloadOptions.Mirrors.",
        DownloadFailure.TooManyFailures => "The network keeps failing: try again (raise DownloadOptions.RetryTimeout or StallTimeout for a very unstable connection).",
        DownloadFailure.RangesNotSupported => "The server, or a proxy in between, ignores Range requests, so an interrupted download has to start again from byte 0: use a more stable connection, a mirror, or bypass the proxy (NO_PROXY).",
        DownloadFailure.SourceChanged => "The file on the server keeps changing: try again later.",
        DownloadFailure.InvalidContentRange => "The server or a proxy mishandles range requests: bypass the proxy (NO_PROXY) or use a mirror.",
        DownloadFailure.ContentEncoding => "A proxy or the server compresses the transfer, and ranges of a compressed transfer are not the file's bytes: bypass the proxy (NO_PROXY) or use a mirror.",
        DownloadFailure.ErrorPage => "Open the URI in a browser: a network login page (hotel or campus Wi-Fi) or a server error page is answered instead of the file.",
        DownloadFailure.RangeNotSatisfiable => "The server refuses ranges inside the file: use a mirror, or delete the .part file to start again.",
        _ => "See docs/download.md.",
    };

    private static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string FormatList(IReadOnlyList<long> values) =>
        string.Join(", ", values.Take(20).Select(v => v.ToString(CultureInfo.InvariantCulture))) + (values.Count > 20 ? ", ..." : "");
}
