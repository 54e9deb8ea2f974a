namespace VisemQc;

/// <summary>
/// Where a download stands, reported through <see cref="IProgress{T}"/> at most every
/// <see cref="DownloadOptions.ProgressInterval"/> (and at every phase change).
/// </summary>
/// <remarks>Constructible, so that a progress display can be shown before the first report or tested on its own.</remarks>
public readonly struct DownloadProgress
{
    /// <summary>Creates a progress value.</summary>
    /// <param name="phase">What the downloader is doing.</param>
    /// <param name="bytesDone">Bytes done in this phase.</param>
    /// <param name="totalBytes">The file's length, or <see langword="null"/> while it is not known.</param>
    /// <param name="bytesPerSecond">The recent rate, 0 when unknown.</param>
    /// <param name="estimatedRemaining">The time left at that speed, or <see langword="null"/>.</param>
    public DownloadProgress(DownloadPhase phase, long bytesDone, long? totalBytes, double bytesPerSecond, TimeSpan? estimatedRemaining)
    {
        Phase = phase;
        BytesDone = bytesDone;
        TotalBytes = totalBytes;
        BytesPerSecond = bytesPerSecond;
        EstimatedRemaining = estimatedRemaining;
    }

    /// <summary>What the downloader is doing.</summary>
    public DownloadPhase Phase { get; }

    /// <summary>Bytes done in this phase: received or already verified while downloading, checked while verifying.</summary>
    public long BytesDone { get; }

    /// <summary>The file's length, or <see langword="null"/> before the server has told it.</summary>
    public long? TotalBytes { get; }

    /// <summary>The recent rate of <see cref="BytesDone"/>, smoothed over about a second (0 when unknown).</summary>
    public double BytesPerSecond { get; }

    /// <summary>The time left in this phase at the recent rate, or <see langword="null"/> when unknown.</summary>
    public TimeSpan? EstimatedRemaining { get; }

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
