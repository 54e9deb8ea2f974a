using System.Diagnostics;
using System.Globalization;
using VisemQc;

// Usage:
//   VisemQc.DownloadProbe download <url> <destination> [--block-size N] [--connections N] [--stall-ms N] [--no-zip-check] [--warm-up <url>]
//   VisemQc.DownloadProbe verify <destination>
// --warm-up downloads another (small) file first, into a temporary folder, so that the timed download
// runs with the code already compiled, as every download after an app's first one does.
// Prints "PHASE <phase>" at each phase change and "RESULT key=value ..." at the end (stdout, flushed),
// with the CPU time the download took (user_seconds, system_seconds: the whole process during DownloadAsync);
// "ERROR <type>: <message>" and exit code 2 on a VisemQc error.
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: download <url> <destination> [--block-size N] [--connections N] [--stall-ms N] [--no-zip-check] | verify <destination>");
    return 64;
}

var options = new DownloadOptions();
Uri? warmUp = null;
for (int i = args[0] == "download" ? 3 : 2; i < args.Length; i++)
{
    if (args[i] == "--warm-up")
    {
        warmUp = new Uri(args[++i]);
        continue;
    }

    switch (args[i])
    {
        case "--block-size":
            options.BlockSize = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--connections":
            // Several connections on a test-sized file: 1 MiB per connection instead of 64 MiB.
            options.Connections = int.Parse(args[++i], CultureInfo.InvariantCulture);
            options.MinBytesPerConnection = Math.Max(options.BlockSize, 1 << 20);
            break;
        case "--stall-ms":
            options.StallTimeout = TimeSpan.FromMilliseconds(int.Parse(args[++i], CultureInfo.InvariantCulture));
            break;
        case "--no-zip-check":
            options.VerifyZip = false;
            break;
        default:
            throw new ArgumentException($"Unknown option '{args[i]}'.");
    }
}

var phase = (DownloadPhase)(-1);
var clock = Stopwatch.StartNew();
var phaseStarts = new Dictionary<DownloadPhase, double>();
var progress = new SyncProgress(p =>
{
    if (p.Phase != phase)
    {
        phase = p.Phase;
        phaseStarts[p.Phase] = clock.Elapsed.TotalSeconds;
        Console.Out.WriteLine($"PHASE {p.Phase}");
        Console.Out.Flush();
    }
});

using var downloader = new VisemQcDownloader();
try
{
    if (args[0] == "verify")
    {
        var report = await downloader.VerifyAsync(args[1], options, progress).ConfigureAwait(false);
        Print($"outcome={report.Outcome} blocks={report.BlocksChecked} entries={report.ZipEntriesChecked} seconds={clock.Elapsed.TotalSeconds:0.000}");
    }
    else
    {
        if (warmUp is not null)
        {
            var folder = Directory.CreateTempSubdirectory("visemqc-warm-up-");
            await downloader.DownloadAsync(warmUp, Path.Combine(folder.FullName, "warm-up.zip"), options).ConfigureAwait(false);
            folder.Delete(recursive: true);
            clock.Restart();
        }

        var (user, system) = CpuTime();
        var result = await downloader.DownloadAsync(new Uri(args[1]), args[2], options, progress).ConfigureAwait(false);
        double verifying = phaseStarts.GetValueOrDefault(DownloadPhase.Verifying, clock.Elapsed.TotalSeconds);
        var (userAfter, systemAfter) = CpuTime();
        Print($"length={result.Length} fetched={result.BytesFetched} reused={result.BytesReused} restarts={result.Restarts} resumes={result.Resumes} seconds={clock.Elapsed.TotalSeconds:0.000} download_seconds={result.Duration.TotalSeconds:0.000} until_verifying={verifying:0.000} existing={result.UsedExistingFile} user_seconds={userAfter - user:0.000} system_seconds={systemAfter - system:0.000}");
    }

    return 0;
}
catch (VisemQcException error)
{
    Console.Out.WriteLine($"ERROR {error.GetType().Name}: {error.Message}");
    return 2;
}

// The CPU time of the whole process so far, user and kernel, in seconds.
static (double User, double System) CpuTime()
{
    using var self = Process.GetCurrentProcess();
    return (self.UserProcessorTime.TotalSeconds, self.PrivilegedProcessorTime.TotalSeconds);
}

static void Print(string text)
{
    using var self = Process.GetCurrentProcess();
    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"RESULT {text} peak_rss_mb={self.PeakWorkingSet64 / 1048576.0:0.0}"));
    Console.Out.Flush();
}

/// <summary>Reports on the calling thread, in order.</summary>
internal sealed class SyncProgress(Action<DownloadProgress> report) : IProgress<DownloadProgress>
{
    private readonly Lock _lock = new();

    public void Report(DownloadProgress value)
    {
        lock (_lock)
        {
            report(value);
        }
    }
}
