using System.Globalization;

namespace VisemQc;

/// <summary>How <see cref="VisemQcDownloader"/> downloads and verifies a file.</summary>
/// <remarks>
/// The defaults suit one multi-gigabyte file over an unreliable network. Every entry point that takes
/// these options checks them first and names a bad value in its exception. Bindable from configuration
/// (the <c>VisemQc:Download</c> section, see <c>docs/dependency-injection.md</c>).
/// </remarks>
public sealed class DownloadOptions
{
    /// <summary>The environment variable that turns offline mode on when set to <c>1</c> or <c>true</c>.</summary>
    public const string OfflineEnvironmentVariable = "VISEMQC_OFFLINE";

    /// <summary>The first wait after a failure; it doubles (with jitter) after each further failure up to <see cref="MaxResumeDelay"/>.</summary>
    private static readonly TimeSpan FirstResumeDelay = TimeSpan.FromSeconds(1);

    /// <summary>More URIs of the same file, tried in this order after the source given to the call when it fails.</summary>
    /// <value>Default empty.</value>
    public IReadOnlyList<Uri> Mirrors { get; set; } = [];

    /// <summary>
    /// The size of the blocks the manifest hashes (XxHash3, 64-bit). A block is the unit of
    /// resumption and of repair: an interrupted connection loses at most the block it was receiving,
    /// and a damaged byte costs one block to fetch again. The last block may be shorter.
    /// </summary>
    /// <value>Default 8 MiB (8,388,608 bytes): about 930 blocks and a 20 KB manifest for the 7.8 GB archive. From 4 KiB to 256 MiB, a multiple of 4 KiB.</value>
    public int BlockSize { get; set; } = 8 << 20;

    /// <summary>
    /// How many connections download separate parts of the file at once, each writing its own
    /// range into the preallocated <c>.part</c> file. Used only when the server supports ranges and
    /// the file is large enough (64 MiB per connection).
    /// </summary>
    /// <value>Default 4 (measured: see <c>benchmarks/README.md</c>). From 1 to 16; 1 downloads sequentially.</value>
    public int Connections { get; set; } = 4;

    /// <summary>
    /// How long a body read may wait for its next byte. When no byte arrives for this long the
    /// connection is dropped and a new request asks for the rest, from the first byte not received.
    /// </summary>
    /// <value>Default 30 seconds. From 10 milliseconds to 1 hour.</value>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a download keeps retrying while no new byte arrives: a dead, refusing or broken
    /// server fails the download within about this time for each source (the requests, the HTTP
    /// client's retries and the backoff waits are all counted; at most one backoff wait, 30 s, and any
    /// <c>Retry-After</c> the server asks for come on top, and the first request always gets 30 s).
    /// Every byte received starts the time again, so a download that keeps progressing never gives up.
    /// <see cref="TimeSpan.Zero"/> fails at the first failure.
    /// </summary>
    /// <value>Default 5 minutes. From 0 to 24 hours.</value>
    public TimeSpan RetryTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long to wait for another process that is downloading to the same destination; then the finished file is used.</summary>
    /// <value>Default 6 hours. <see cref="Timeout.InfiniteTimeSpan"/> waits for ever; <see cref="TimeSpan.Zero"/> fails at once.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Never touch the network: use the verified copy at the destination or throw a
    /// <see cref="VisemQcDownloadException"/> with <see cref="DownloadFailure.Offline"/>. The
    /// <c>VISEMQC_OFFLINE</c> environment variable set to <c>1</c> or <c>true</c> has the same effect.
    /// </summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool Offline { get; set; }

    /// <summary>
    /// Check the finished file as a zip before giving it its final name: the central directory parses
    /// and fits the file, and every entry's data matches its CRC-32. Turn off only for files that are
    /// not zip archives.
    /// </summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool VerifyZip { get; set; } = true;

    /// <summary>
    /// When the destination already exists with a complete manifest, re-hash every block instead of
    /// trusting the recorded length and modification time.
    /// </summary>
    /// <value>Default <see langword="false"/>: an unchanged finished file is used at once.</value>
    public bool ReverifyExisting { get; set; }

    /// <summary>Check the free disk space before a download starts (then the whole length is reserved).</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool CheckDiskSpace { get; set; } = true;

    /// <summary>The least time between two progress reports (phase changes are reported at once).</summary>
    /// <value>Default 100 milliseconds (at most 10 reports a second). From 10 milliseconds to 1 minute.</value>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The least number of bytes worth a connection of its own (tests lower it to use several connections on small files).</summary>
    internal long MinBytesPerConnection { get; set; } = 64L << 20;

    /// <summary>The wait before the first resumption after a failure (a <c>Retry-After</c> overrides it).</summary>
    internal TimeSpan ResumeDelay { get; set; } = FirstResumeDelay;

    /// <summary>The longest wait between two resumptions.</summary>
    internal TimeSpan MaxResumeDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many restarts from byte 0 (ranges ignored, file changed) before giving up: a live server that misbehaves, not a dead one.</summary>
    internal int MaxRestarts { get; set; } = 3;

    /// <summary>
    /// How many failures in a row one connection may have: by default as many backoff waits as fit in
    /// <see cref="RetryTimeout"/>, so that a server failing at once is given up on in that time too.
    /// </summary>
    internal int MaxResumeAttempts
    {
        get => _maxResumeAttempts ?? AttemptsWithin(RetryTimeout, ResumeDelay, MaxResumeDelay);
        set => _maxResumeAttempts = value;
    }

    private int? _maxResumeAttempts;

    /// <summary>Whether offline mode is on, from <see cref="Offline"/> or the <c>VISEMQC_OFFLINE</c> environment variable.</summary>
    internal bool IsOffline => Offline || IsOfflineValue(Environment.GetEnvironmentVariable(OfflineEnvironmentVariable));

    /// <summary>Checks every option and throws with the bad value when one is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A mirror is not an absolute http or https URI.</exception>
    /// <exception cref="ArgumentNullException"><see cref="Mirrors"/> or one of its items is <see langword="null"/>.</exception>
    /// <summary>A copy, taken at the call, so that later changes by the caller do not reach work in progress.</summary>
    internal DownloadOptions Clone()
    {
        var copy = (DownloadOptions)MemberwiseClone();
        copy.Mirrors = Mirrors?.ToArray()!;
        return copy;
    }

    internal void Validate()
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

        if (StallTimeout < TimeSpan.FromMilliseconds(10) || StallTimeout > TimeSpan.FromHours(1))
        {
            throw OutOfRange(nameof(StallTimeout), StallTimeout, "from 10 milliseconds to 1 hour");
        }

        if (RetryTimeout < TimeSpan.Zero || RetryTimeout > TimeSpan.FromHours(24))
        {
            throw OutOfRange(nameof(RetryTimeout), RetryTimeout, "from 0 to 24 hours");
        }

        if (LockTimeout < TimeSpan.Zero && LockTimeout != Timeout.InfiniteTimeSpan)
        {
            throw OutOfRange(nameof(LockTimeout), LockTimeout, "zero or more, or Timeout.InfiniteTimeSpan");
        }

        if (ProgressInterval < TimeSpan.FromMilliseconds(10) || ProgressInterval > TimeSpan.FromMinutes(1))
        {
            throw OutOfRange(nameof(ProgressInterval), ProgressInterval, "from 10 milliseconds to 1 minute");
        }

        // Set by tests only; checked so that a test cannot run on nonsense.
        if (MinBytesPerConnection < BlockSize || ResumeDelay < TimeSpan.Zero || ResumeDelay > MaxResumeDelay || MaxRestarts < 0 || MaxResumeAttempts < 0)
        {
            throw new ArgumentException("The internal retry settings of DownloadOptions are inconsistent.");
        }
    }

    internal static bool IsOfflineValue(string? value)
        => value is not null && (value.Trim() == "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));

    /// <summary>How many doubling waits from <paramref name="first"/> (capped at <paramref name="max"/>) add up to no more than <paramref name="budget"/>.</summary>
    internal static int AttemptsWithin(TimeSpan budget, TimeSpan first, TimeSpan max)
    {
        if (first <= TimeSpan.Zero)
        {
            return budget <= TimeSpan.Zero ? 0 : 10;
        }

        int attempts = 0;
        var spent = TimeSpan.Zero;
        for (var delay = first; spent + delay <= budget && attempts < 10_000; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, max.Ticks)))
        {
            spent += delay;
            attempts++;
        }

        return attempts;
    }

    private static ArgumentOutOfRangeException OutOfRange(string name, object value, string allowed)
        => new(name, value, string.Create(CultureInfo.InvariantCulture, $"{nameof(DownloadOptions)}.{name} must be {allowed}; got {value}."));
}
