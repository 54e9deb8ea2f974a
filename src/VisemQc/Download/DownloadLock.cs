using Microsoft.Extensions.Logging;

namespace VisemQc.Download;

/// <summary>
/// An exclusive OS lock on <c>&lt;destination&gt;.lock</c>: the file is opened with
/// <see cref="FileShare.None"/> (flock on Unix, a share lock on Windows), so the lock dies with the
/// process that holds it and can never go stale. The file itself stays; deleting it would let two
/// processes lock two different files of the same name.
/// </summary>
internal sealed class DownloadLock : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _stream;

    private DownloadLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for the process that holds it.</summary>
    /// <returns>The lock, or <see langword="null"/> when the timeout passed.</returns>
    public static async Task<DownloadLock?> AcquireAsync(string lockPath, TimeSpan timeout, TimeProvider timeProvider, Action onWaiting, ILogger logger, CancellationToken cancellationToken)
    {
        long start = timeProvider.GetTimestamp();
        bool waiting = false;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (TryAcquire(lockPath) is { } acquired)
            {
                return acquired;
            }

            if (timeout != Timeout.InfiniteTimeSpan && timeProvider.GetElapsedTime(start) >= timeout)
            {
                return null;
            }

            if (!waiting)
            {
                waiting = true;
                DownloadLog.WaitingForLock(logger, lockPath);
                onWaiting();
            }

            await Task.Delay(PollInterval, timeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose() => _stream.Dispose();

    private static DownloadLock? TryAcquire(string lockPath)
    {
        try
        {
            return new DownloadLock(new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 0));
        }
        catch (IOException error) when (IsLockedByOther(error))
        {
            return null;
        }
    }

    // ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION; .NET reports a failed flock on Unix as the former.
    private static bool IsLockedByOther(IOException error)
        => error.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021) || error.HResult == 11;
}
