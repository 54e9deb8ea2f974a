using System.Globalization;

namespace VisemQc.Cli.Terminal;

/// <summary>
/// Shows download progress on stderr: one line redrawn in place on a terminal; when stderr is a file
/// or a pipe, a line at each phase change and then every <see cref="LogInterval"/>, so logs stay short.
/// Reports arrive on the downloader's threads (at most about ten a second), hence the lock.
/// </summary>
internal sealed class ProgressLine(TextWriter error, bool terminal) : IProgress<DownloadProgress>
{
    /// <summary>How often a line is written when stderr is not a terminal.</summary>
    public static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private DownloadPhase? _phase;
    private long _lastLogTicks;
    private int _width;
    private bool _open;

    /// <summary>The latest report, for the summary after an interruption.</summary>
    public DownloadProgress? Last { get; private set; }

    public void Report(DownloadProgress value)
    {
        lock (_lock)
        {
            Last = value;
            var line = Format(value);
            if (terminal)
            {
                if (_phase is { } phase && phase != value.Phase)
                {
                    // Keep the finished phase's last line and start a new one.
                    error.WriteLine();
                }

                error.Write('\r' + line.PadRight(_width));
                _width = line.Length;
                _open = true;
            }
            else
            {
                long now = Environment.TickCount64;
                if (_phase != value.Phase || now - _lastLogTicks >= LogInterval.TotalMilliseconds)
                {
                    error.WriteLine(line);
                    _lastLogTicks = now;
                }
            }

            _phase = value.Phase;
        }
    }

    /// <summary>Writes a message on a line of its own; on a terminal the progress line is redrawn below it.</summary>
    public void WriteMessage(string message)
    {
        lock (_lock)
        {
            if (terminal && _open)
            {
                error.Write('\r' + message.PadRight(_width));
                error.WriteLine();
                if (Last is { } last)
                {
                    error.Write(Format(last));
                }
            }
            else
            {
                error.WriteLine(message);
            }
        }
    }

    /// <summary>Ends the redrawn line so that what follows starts on a line of its own.</summary>
    public void Finish()
    {
        lock (_lock)
        {
            if (_open)
            {
                error.WriteLine();
                _open = false;
            }
        }
    }

    public static string Format(DownloadProgress progress)
    {
        var phase = progress.Phase switch
        {
            DownloadPhase.WaitingForLock => "waiting",
            DownloadPhase.Connecting => "connecting",
            DownloadPhase.Downloading => "downloading",
            DownloadPhase.Verifying => "verifying",
            DownloadPhase.Completed => "done",
            _ => progress.Phase.ToString().ToLowerInvariant(),
        };
        var done = Units.Bytes(progress.BytesDone);
        var amount = progress.TotalBytes is { } total ? $"{done} / {Units.Bytes(total)}" : done;
        var percent = progress.Fraction is { } fraction ? string.Create(CultureInfo.InvariantCulture, $"{fraction * 100,5:0.0}%") : "    ?%";
        var speed = progress.BytesPerSecond > 0 ? Units.Speed(progress.BytesPerSecond) : "-";
        var eta = progress.EstimatedRemaining is { } remaining ? Units.Duration(remaining) : "-";
        return progress.Phase is DownloadPhase.WaitingForLock
            ? $"{phase,-11} another process is downloading to the same file"
            : $"{phase,-11} {amount,-21} {percent}  {speed,11}  ETA {eta}";
    }
}
