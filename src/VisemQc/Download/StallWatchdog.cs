namespace VisemQc.Download;

/// <summary>
/// Cancels a body read that receives no byte for the stall timeout. One periodic timer per
/// connection checks the time since the current read started, which is cheaper than re-arming a
/// timer on every read; between reads (while writing to disk) nothing is timed.
/// </summary>
internal sealed class StallWatchdog : IDisposable
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _timeout;
    private readonly CancellationTokenSource _cts;
    private readonly ITimer _timer;
    private long _readStarted;
    private int _reading;
    private int _stalled;

    public StallWatchdog(TimeProvider timeProvider, TimeSpan timeout, CancellationToken cancellationToken)
    {
        _timeProvider = timeProvider;
        _timeout = timeout;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var period = TimeSpan.FromTicks(Math.Clamp(timeout.Ticks / 4, TimeSpan.FromMilliseconds(5).Ticks, TimeSpan.FromSeconds(1).Ticks));
        _timer = timeProvider.CreateTimer(static state => ((StallWatchdog)state!).Check(), this, period, period);
    }

    /// <summary>The token to pass to each read: cancelled by a stall or by the caller.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>Whether the token was cancelled because of a stall.</summary>
    public bool Stalled => Volatile.Read(ref _stalled) != 0;

    public TimeSpan Timeout => _timeout;

    public void BeginRead()
    {
        Volatile.Write(ref _readStarted, _timeProvider.GetTimestamp());
        Volatile.Write(ref _reading, 1);
    }

    public void EndRead() => Volatile.Write(ref _reading, 0);

    public void Dispose()
    {
        _timer.Dispose();
        _cts.Dispose();
    }

    private void Check()
    {
        if (Volatile.Read(ref _reading) != 0 && _timeProvider.GetElapsedTime(Volatile.Read(ref _readStarted)) >= _timeout
            && Interlocked.Exchange(ref _stalled, 1) == 0)
        {
            try
            {
                _cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The read finished and the watchdog was disposed meanwhile.
            }
        }
    }
}
