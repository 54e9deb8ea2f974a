namespace VisemQc;

/// <summary>
/// Where a download stands, reported through <see cref="IProgress{T}"/> at most every
/// <see cref="DownloadOptions.ProgressInterval"/> (and at every phase change).
/// </summary>
/// <param name="Phase">What the downloader is doing.</param>
/// <param name="BytesDone">Bytes done in this phase: received or already verified while downloading, checked while verifying.</param>
/// <param name="TotalBytes">The file's length, or <see langword="null"/> before the server has told it.</param>
/// <param name="BytesPerSecond">The recent rate of <see cref="BytesDone"/>, smoothed over about a second (0 when unknown).</param>
/// <param name="EstimatedRemaining">The time left in this phase at the recent rate, or <see langword="null"/> when unknown.</param>
public readonly record struct DownloadProgress(
    DownloadPhase Phase,
    long BytesDone,
    long? TotalBytes,
    double BytesPerSecond,
    TimeSpan? EstimatedRemaining)
{
    /// <summary>The fraction done, from 0 to 1, or <see langword="null"/> when the total is unknown.</summary>
    public double? Fraction => TotalBytes is > 0 and var total ? Math.Clamp((double)BytesDone / total, 0, 1) : null;
}

/// <summary>The phases of a download (<see cref="DownloadProgress.Phase"/>).</summary>
public enum DownloadPhase
{
    /// <summary>Another process is downloading to the same destination; waiting for it to finish.</summary>
    WaitingForLock,

    /// <summary>Sending a request and waiting for the response headers (including backoff between retries).</summary>
    Connecting,

    /// <summary>Receiving the file's bytes.</summary>
    Downloading,

    /// <summary>Re-checking recorded blocks or checking the zip's CRC-32 values.</summary>
    Verifying,

    /// <summary>The file is complete and verified under its final name.</summary>
    Completed,
}
