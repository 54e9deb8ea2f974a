using System.Globalization;

namespace VisemQc;

/// <summary>How <see cref="VisemQcDownloader"/> downloads and verifies a file.</summary>
/// <remarks>
/// The defaults suit one multi-gigabyte file over an unreliable network. Every option is checked by
/// <see cref="Validate"/> before anything is done, and a bad value is named in the exception.
/// </remarks>
public sealed record DownloadOptions
{
    /// <summary>The environment variable that turns offline mode on when set to <c>1</c> or <c>true</c>.</summary>
    public const string OfflineEnvironmentVariable = "VISEMQC_OFFLINE";

    /// <summary>The default options.</summary>
    public static DownloadOptions Default { get; } = new();

    /// <summary>More URIs of the same file, tried in this order after the source given to the call when it fails.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<Uri> Mirrors { get; init; } = [];

    /// <summary>
    /// The size of the blocks the manifest hashes (XxHash3, 64-bit). A block is the unit of
    /// resumption and of repair: an interrupted connection loses at most the block it was receiving,
    /// and a damaged byte costs one block to fetch again. The last block may be shorter.
    /// </summary>
    /// <value>Default 8 MiB (8,388,608 bytes): about 930 blocks and a 20 KB manifest for the 7.8 GB archive. From 4 KiB to 256 MiB, a multiple of 4 KiB.</value>
    public int BlockSize { get; init; } = 8 << 20;

    /// <summary>
    /// How many connections download separate parts of the file at once, each writing its own
    /// range into the preallocated <c>.part</c> file. Used only when the server supports ranges and
    /// the file is large enough (<see cref="MinBytesPerConnection"/>).
    /// </summary>
    /// <value>Default 4 (measured: see <c>docs/download.md</c>). From 1 to 16; 1 downloads sequentially.</value>
    public int Connections { get; init; } = 4;

    /// <summary>The least number of bytes worth a connection of its own: a file of 3 × this size uses at most 3 connections.</summary>
    /// <value>Default 64 MiB. At least <see cref="BlockSize"/>.</value>
    public long MinBytesPerConnection { get; init; } = 64L << 20;

    /// <summary>
    /// How long a body read may wait for its next byte. When no byte arrives for this long the
    /// connection is dropped and a new request asks for the rest, from the first byte not received. Response headers
    /// are covered by the HTTP client's own timeout (<see cref="DownloadHttpOptions.HeadersTimeout"/>).
    /// </summary>
    /// <value>Default 30 seconds. From 10 milliseconds to 1 hour.</value>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times in a row a connection may fail (reset, stall, short body, error status after the
    /// HTTP client's retries) without bringing a new verified block before the download gives up.
    /// Any verified block resets the count, so a download that keeps progressing never gives up.
    /// </summary>
    /// <value>Default 10. From 0 to 1000.</value>
    public int MaxResumeAttempts { get; init; } = 10;

    /// <summary>The wait before the first resumption after a failure; it doubles after each further failure (with jitter) up to <see cref="MaxResumeDelay"/>. A <c>Retry-After</c> header overrides it.</summary>
    /// <value>Default 1 second. From 0 to <see cref="MaxResumeDelay"/>.</value>
    public TimeSpan ResumeDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two resumptions (not applied to a server's <c>Retry-After</c>).</summary>
    /// <value>Default 30 seconds. At most 1 hour.</value>
    public TimeSpan MaxResumeDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times the download may start again from byte 0 because the server ignored the range
    /// (answered 200), the file changed on the server (new validator or length), or an earlier
    /// partial file could not be proven current.
    /// </summary>
    /// <value>Default 3. From 0 to 100.</value>
    public int MaxRestarts { get; init; } = 3;

    /// <summary>How long to wait for another process that is downloading to the same destination; then the finished file is used.</summary>
    /// <value>Default 6 hours. <see cref="Timeout.InfiniteTimeSpan"/> waits for ever; <see cref="TimeSpan.Zero"/> fails at once.</value>
    public TimeSpan LockTimeout { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Never touch the network: use the verified copy at the destination or throw a
    /// <see cref="VisemQcDownloadException"/> with <see cref="DownloadFailure.Offline"/>. The
    /// <c>VISEMQC_OFFLINE</c> environment variable set to <c>1</c> or <c>true</c> has the same effect.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Offline { get; init; }

    /// <summary>
    /// Check the finished file as a zip before giving it its final name: the central directory parses
    /// and fits the file, and every entry's data matches its CRC-32. Turn off only for files that are
    /// not zip archives.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool VerifyZip { get; init; } = true;

    /// <summary>
    /// When the destination already exists with a complete manifest, re-hash every block instead of
    /// trusting the recorded length and modification time.
    /// </summary>
    /// <value>Default <see langword="false"/>: an unchanged finished file is used at once.</value>
    public bool ReverifyExisting { get; init; }

    /// <summary>Check the free disk space before a download starts (then the whole length is reserved).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CheckDiskSpace { get; init; } = true;

    /// <summary>The least time between two progress reports (phase changes are reported at once).</summary>
    /// <value>Default 100 milliseconds (at most 10 reports a second). From 10 milliseconds to 1 minute.</value>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Whether offline mode is on, from <see cref="Offline"/> or the <c>VISEMQC_OFFLINE</c> environment variable.</summary>
    internal bool IsOffline => Offline || IsOfflineValue(Environment.GetEnvironmentVariable(OfflineEnvironmentVariable));

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mirror is not an absolute http or https URI.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Mirrors"/> or one of its items is <see langword="null"/>.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Mirrors);
        foreach (var mirror in Mirrors)
        {
            ArgumentNullException.ThrowIfNull(mirror, nameof(Mirrors));
            VisemQcDownloader.CheckSource(mirror, nameof(Mirrors));
        }

        if (BlockSize is < 4096 or > (256 << 20) || BlockSize % 4096 != 0)
        {
            throw OutOfRange(nameof(BlockSize), BlockSize, "from 4 KiB (4096) to 256 MiB, a multiple of 4096");
        }

        if (Connections is < 1 or > 16)
        {
            throw OutOfRange(nameof(Connections), Connections, "from 1 to 16");
        }

        if (MinBytesPerConnection < BlockSize)
        {
            throw OutOfRange(nameof(MinBytesPerConnection), MinBytesPerConnection, $"at least {nameof(BlockSize)} ({BlockSize})");
        }

        if (StallTimeout < TimeSpan.FromMilliseconds(10) || StallTimeout > TimeSpan.FromHours(1))
        {
            throw OutOfRange(nameof(StallTimeout), StallTimeout, "from 10 milliseconds to 1 hour");
        }

        if (MaxResumeAttempts is < 0 or > 1000)
        {
            throw OutOfRange(nameof(MaxResumeAttempts), MaxResumeAttempts, "from 0 to 1000");
        }

        if (MaxResumeDelay < TimeSpan.Zero || MaxResumeDelay > TimeSpan.FromHours(1))
        {
            throw OutOfRange(nameof(MaxResumeDelay), MaxResumeDelay, "from 0 to 1 hour");
        }

        if (ResumeDelay < TimeSpan.Zero || ResumeDelay > MaxResumeDelay)
        {
            throw OutOfRange(nameof(ResumeDelay), ResumeDelay, $"from 0 to {nameof(MaxResumeDelay)} ({MaxResumeDelay})");
        }

        if (MaxRestarts is < 0 or > 100)
        {
            throw OutOfRange(nameof(MaxRestarts), MaxRestarts, "from 0 to 100");
        }

        if (LockTimeout < TimeSpan.Zero && LockTimeout != Timeout.InfiniteTimeSpan)
        {
            throw OutOfRange(nameof(LockTimeout), LockTimeout, "zero or more, or Timeout.InfiniteTimeSpan");
        }

        if (ProgressInterval < TimeSpan.FromMilliseconds(10) || ProgressInterval > TimeSpan.FromMinutes(1))
        {
            throw OutOfRange(nameof(ProgressInterval), ProgressInterval, "from 10 milliseconds to 1 minute");
        }
    }

    internal static bool IsOfflineValue(string? value)
        => value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string allowed)
        => new(name, value, string.Create(CultureInfo.InvariantCulture, $"{nameof(DownloadOptions)}.{name} must be {allowed}; got {value}."));
}
