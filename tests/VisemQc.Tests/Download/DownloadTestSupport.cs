using System.IO.Compression;
using Microsoft.Extensions.Time.Testing;
using VisemQc.Download;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Download;

/// <summary>Zips to serve, options that keep the tests fast, and comparisons.</summary>
public static class DownloadTestSupport
{
    public const int BlockSize = 64 * 1024;

    private static readonly Lazy<byte[]> StandardZip = new(() => Zip(seed: 1, deflate: true));

    /// <summary>A real VISEM-QC-like zip of about 2.7 MB (CSV, three videos, one deflated).</summary>
    public static byte[] Standard => StandardZip.Value;

    /// <summary>A zip laid out like the standard one; with <paramref name="deflate"/> off every entry is stored, so every seed gives the same length.</summary>
    public static byte[] Zip(int seed, bool deflate = false, int videoBytes = 900_000)
    {
        var builder = new DatasetBuilder()
            .Add("visem-qc/visem-qc.csv", DatasetBuilder.DefaultCsv, deflate: false)
            .Add("visem-qc/videos/623.mkv", DatasetBuilder.VideoBytes(seed * 10 + 1, videoBytes), deflate: false)
            .Add("visem-qc/videos/923.avi", DatasetBuilder.VideoBytes(seed * 10 + 2, videoBytes), deflate: deflate)
            .Add("visem-qc/videos/17.mp4", DatasetBuilder.VideoBytes(seed * 10 + 3, videoBytes), deflate: false);
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, bytes, deflated) in builder.Files)
            {
                var entry = archive.CreateEntry(path, deflated ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var entryStream = entry.Open();
                entryStream.Write(bytes);
            }
        }

        return stream.ToArray();
    }

    /// <summary>Small blocks, one connection, no waiting between resumptions, a stall timeout that never fires by accident.</summary>
    public static DownloadOptions Options => new()
    {
        BlockSize = BlockSize,
        Connections = 1,
        MinBytesPerConnection = BlockSize,
        ResumeDelay = TimeSpan.Zero,
        MaxResumeDelay = TimeSpan.Zero,
        StallTimeout = TimeSpan.FromSeconds(30),
        MaxResumeAttempts = 10,
        LockTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>Changes options in place and returns them, for one-line variations of <see cref="Options"/>.</summary>
    public static DownloadOptions With(this DownloadOptions options, Action<DownloadOptions> change)
    {
        change(options);
        return options;
    }

    /// <summary>Quick retries so that retried statuses cost milliseconds.</summary>
    internal static DownloadHttpOptions HttpOptions => new()
    {
        MaxRetryAttempts = 3,
        RetryDelay = TimeSpan.FromMilliseconds(1),
        MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        HeadersTimeout = TimeSpan.FromSeconds(20),
    };

    public static VisemQcDownloader Downloader(TimeProvider? time = null) => new(timeProvider: time, httpOptions: HttpOptions);

    /// <summary>Asserts that two byte arrays are equal, naming the first difference.</summary>
    public static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int first = expected.AsSpan().CommonPrefixLength(actual);
        Assert.True(first == expected.Length, $"The files differ from byte {first} on.");
    }

    public static void AssertFileIs(byte[] expected, string path) => AssertSameBytes(expected, File.ReadAllBytes(path));

    /// <summary>Flips one byte of a file.</summary>
    public static void FlipByte(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int value = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte((byte)(value ^ 0x5a));
    }

    /// <summary>How many blocks the manifest records as verified (0 while there is no readable manifest).</summary>
    public static int RecordedBlocks(string destination)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(destination + ".manifest.json"));
            return document.RootElement.GetProperty("blocks").EnumerateArray().Count(b => b.ValueKind == System.Text.Json.JsonValueKind.String);
        }
        catch (Exception error) when (error is IOException or System.Text.Json.JsonException)
        {
            return 0;
        }
    }
}

/// <summary>A <see cref="FakeTimeProvider"/> that records the due time of every timer created, to see when a backoff started.</summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly List<TimeSpan> _dueTimes = [];

    public RecordingTimeProvider()
        : base(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        lock (_dueTimes)
        {
            _dueTimes.Add(dueTime);
        }

        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (in real time) until a timer whose due time satisfies <paramref name="match"/> exists.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(Func<TimeSpan, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            lock (_dueTimes)
            {
                var found = _dueTimes.FirstOrDefault(match);
                if (match(found))
                {
                    return found;
                }
            }

            await Task.Delay(5, cts.Token);
        }
    }
}

/// <summary>An <see cref="IProgress{T}"/> that records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
public sealed class RecordingProgress : IProgress<DownloadProgress>
{
    private readonly List<DownloadProgress> _reports = [];

    public Action<DownloadProgress>? OnReport { get; init; }

    public IReadOnlyList<DownloadProgress> Reports
    {
        get
        {
            lock (_reports)
            {
                return [.. _reports];
            }
        }
    }

    public void Report(DownloadProgress value)
    {
        lock (_reports)
        {
            _reports.Add(value);
        }

        OnReport?.Invoke(value);
    }
}
