namespace VisemQc.Download;

/// <summary>
/// Counts bytes from any number of connections and reports through <see cref="IProgress{T}"/> at
/// most once per interval (phase changes at once), with a smoothed rate and an ETA.
/// </summary>
internal sealed class ProgressReporter
{
    private readonly IProgress<DownloadProgress>? _progress;
    private readonly TimeProvider _timeProvider;
    private readonly long _intervalTicks;
    private readonly Lock _lock = new();
    private long _done;
    private long _nextReport;
    private long? _total;
    private DownloadPhase _phase = DownloadPhase.Connecting;
    private long _lastTimestamp;
    private long _lastDone;
    private double _rate;

    public ProgressReporter(IProgress<DownloadProgress>? progress, TimeProvider timeProvider, TimeSpan interval)
    {
        _progress = progress;
        _timeProvider = timeProvider;
        _intervalTicks = (long)(interval.TotalSeconds * timeProvider.TimestampFrequency);
        _lastTimestamp = timeProvider.GetTimestamp();
    }

    public long Done => Interlocked.Read(ref _done);

    /// <summary>Changes the phase and reports at once.</summary>
    public void SetPhase(DownloadPhase phase, long done, long? total)
    {
        if (_progress is null)
        {
            return;
        }

        lock (_lock)
        {
            bool changed = phase != _phase;
            _phase = phase;
            _total = total;
            Interlocked.Exchange(ref _done, done);
            if (changed)
            {
                _rate = 0;
                _lastDone = done;
                _lastTimestamp = _timeProvider.GetTimestamp();
            }

            ReportLocked(_timeProvider.GetTimestamp());
        }
    }

    /// <summary>Adds bytes done (negative to take back bytes of a block that was lost) and reports when due.</summary>
    public void Add(long bytes)
    {
        Interlocked.Add(ref _done, bytes);
        if (_progress is null)
        {
            return;
        }

        long now = _timeProvider.GetTimestamp();
        if (now >= Volatile.Read(ref _nextReport))
        {
            lock (_lock)
            {
                if (now >= _nextReport)
                {
                    ReportLocked(now);
                }
            }
        }
    }

    private void ReportLocked(long now)
    {
        long done = Interlocked.Read(ref _done);
        double seconds = (now - _lastTimestamp) / (double)_timeProvider.TimestampFrequency;
        if (seconds >= 0.05)
        {
            double instant = Math.Max(0, done - _lastDone) / seconds;
            double weight = Math.Min(1, seconds);
            _rate = _rate == 0 ? instant : (_rate * (1 - weight)) + (instant * weight);
            _lastDone = done;
            _lastTimestamp = now;
        }

        TimeSpan? eta = _total is { } total && _rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - done) / _rate) : null;
        _nextReport = now + _intervalTicks;
        _progress!.Report(new DownloadProgress(_phase, done, _total, _rate, eta));
    }
}
