namespace VisemQc.Download;

/// <summary>
/// Counts the failures of one connection in a row and waits before the next attempt. A connection
/// that the server refuses (an error status after the HTTP client's own retries: a per-client
/// connection limit answers 503 to the extra ones), or that fails more often in a row than allowed,
/// stops when others are still running, instead of failing the download. Gives up when the failures
/// in a row outlast <see cref="DownloadOptions.RetryTimeout"/>.
/// </summary>
internal sealed class FailureCounter(ConnectionRunner runner, int connection, Func<long> verifiedBytes)
{
    /// <summary>
    /// How many responses in a row (with no byte received in between) may break the range rules on one
    /// connection before the typed error is thrown: enough for a few bad answers from a flaky proxy
    /// among good ones, few enough that a server that always answers so fails fast.
    /// </summary>
    private const int MaxProtocolFaults = 5;

    private int _failures;
    private int _protocolFaults;
    private TimeSpan _delay = runner.Options.ResumeDelay;
    private long _since = runner.Time.GetTimestamp();

    /// <summary>A request with no failure before it gets at least this long, so that a short budget still allows one attempt.</summary>
    private static readonly TimeSpan FirstRequestMinimum = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The time left of <see cref="DownloadOptions.RetryTimeout"/> since the last byte, which bounds the
    /// next request with the HTTP client's own retries (at least <see cref="FirstRequestMinimum"/> before any failure).
    /// </summary>
    public TimeSpan TimeLeft
    {
        get
        {
            var left = runner.Options.RetryTimeout - runner.Time.GetElapsedTime(_since);
            return _failures == 0 && left < FirstRequestMinimum ? FirstRequestMinimum : left;
        }
    }

    public void Progressed()
    {
        _failures = 0;
        _protocolFaults = 0;
        _delay = runner.Options.ResumeDelay;
        _since = runner.Time.GetTimestamp();
    }

    /// <summary>Waits before the next attempt and returns <see langword="true"/>, or <see langword="false"/> when this connection should stop; throws when the download cannot go on.</summary>
    public async Task<bool> OnFailureAsync(DownloadFault fault, long offset, bool progressed, CancellationToken cancellationToken)
    {
        if (progressed)
        {
            Progressed();
        }

        var options = runner.Options;
        long verified = verifiedBytes();
        bool unusable = fault.Kind == FaultKind.Protocol && ++_protocolFaults >= MaxProtocolFaults;
        bool exhausted = ++_failures > options.MaxResumeAttempts || runner.Time.GetElapsedTime(_since) >= options.RetryTimeout;
        bool refused = fault.Reason == DownloadFailure.HttpStatus;
        if ((unusable || exhausted || refused) && runner.TryRetireConnection())
        {
            DownloadLog.ConnectionStopped(runner.Logger, connection, fault.Message, runner.LiveConnections);
            return false;
        }

        if (unusable)
        {
            VisemQcThrow.DownloadException_Fault(fault, runner.Destination, runner.Restarts(), verified, $"{_protocolFaults} responses in a row were unusable: ");
        }

        if (exhausted)
        {
            VisemQcThrow.DownloadException_Exhausted(fault, runner.Destination, _failures, runner.Restarts(), verified);
        }

        runner.CountResume();
        var wait = fault.RetryAfter ?? Jitter(_delay);
        _delay = TimeSpan.FromTicks(Math.Min(_delay.Ticks * 2, options.MaxResumeDelay.Ticks));
        DownloadLog.Resume(runner.Logger, connection, offset, fault.Message, wait, _failures, options.MaxResumeAttempts);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, runner.Time, cancellationToken).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return true;
    }

#pragma warning disable CA5394 // Jitter needs no cryptographic randomness.
    private static TimeSpan Jitter(TimeSpan delay) => delay * (0.8 + (0.4 * Random.Shared.NextDouble()));
#pragma warning restore CA5394
}
