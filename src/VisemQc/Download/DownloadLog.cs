using Microsoft.Extensions.Logging;

namespace VisemQc.Download;

/// <summary>The downloader's log messages (source-generated, allocation-free when disabled).</summary>
internal static partial class DownloadLog
{
    [LoggerMessage(1, LogLevel.Warning, "HTTP attempt failed; retry {Attempt} in {Delay} (status {StatusCode}, error {Error})")]
    public static partial void HttpRetry(ILogger logger, int attempt, TimeSpan delay, int? statusCode, string? error);

    [LoggerMessage(2, LogLevel.Information, "Downloading {Source} to {Destination}")]
    public static partial void Starting(ILogger logger, Uri source, string destination);

    [LoggerMessage(3, LogLevel.Information, "Resuming {Destination}: {VerifiedBytes} of {Length} bytes verified in {Blocks} blocks, {BadBlocks} bad blocks dropped")]
    public static partial void Resuming(ILogger logger, string destination, long verifiedBytes, long length, long blocks, int badBlocks);

    [LoggerMessage(4, LogLevel.Warning, "Connection {Connection} failed at byte {Offset} ({Error}); asking again from that byte in {Delay} (attempt {Attempt} of {MaxAttempts})")]
    public static partial void Resume(ILogger logger, int connection, long offset, string error, TimeSpan delay, int attempt, int maxAttempts);

    [LoggerMessage(5, LogLevel.Warning, "Restarting {Destination} from byte 0 ({Reason}); {DiscardedBytes} verified bytes discarded (restart {Restart} of {MaxRestarts})")]
    public static partial void Restart(ILogger logger, string destination, string reason, long discardedBytes, int restart, int maxRestarts);

    [LoggerMessage(6, LogLevel.Warning, "Source {Source} failed ({Reason}): {Error}; trying the next mirror")]
    public static partial void SourceFailed(ILogger logger, Uri source, DownloadFailure reason, string error);

    [LoggerMessage(7, LogLevel.Information, "Waiting for another process that holds {LockPath}")]
    public static partial void WaitingForLock(ILogger logger, string lockPath);

    [LoggerMessage(8, LogLevel.Information, "Using the verified file {Destination} ({Outcome})")]
    public static partial void UsingExisting(ILogger logger, string destination, VerificationOutcome outcome);

    [LoggerMessage(9, LogLevel.Warning, "Ignoring the manifest {ManifestPath}: {Problem}")]
    public static partial void ManifestIgnored(ILogger logger, string manifestPath, string problem);

    [LoggerMessage(10, LogLevel.Warning, "Zip check of {Path} found {BadEntries} bad entries; fetching their {Blocks} blocks again")]
    public static partial void RefetchingBadEntries(ILogger logger, string path, int badEntries, int blocks);

    [LoggerMessage(11, LogLevel.Information, "Downloaded {Destination}: {Length} bytes, {Fetched} fetched, {Reused} reused, {Restarts} restarts, {Resumes} resumes in {Duration}")]
    public static partial void Completed(ILogger logger, string destination, long length, long fetched, long reused, int restarts, int resumes, TimeSpan duration);

    [LoggerMessage(12, LogLevel.Warning, "Verification of {Path} found {BadBlocks} bad blocks")]
    public static partial void BadBlocksFound(ILogger logger, string path, int badBlocks);

    [LoggerMessage(13, LogLevel.Warning, "Connection {Connection} stops ({Error}); the {Connections} other connection(s) take over its blocks")]
    public static partial void ConnectionStopped(ILogger logger, int connection, string error, int connections);
}
