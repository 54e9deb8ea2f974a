using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;

namespace VisemQc.Download;

/// <summary>
/// One call of <see cref="VisemQcDownloader.DownloadAsync"/> or <see cref="VisemQcDownloader.VerifyAsync"/>:
/// the lock, the <c>.part</c> file and its manifest, the sources tried in turn, restarts from byte 0,
/// and the final verification and rename. Split into partial files: this one holds the overall flow,
/// <c>.Fetch.cs</c> the connections, <c>.Responses.cs</c> the checks of each response and
/// <c>.Finish.cs</c> verification, the finished file and the result.
/// </summary>
internal sealed partial class DownloadSession : IDisposable
{
    private readonly HttpClient _http;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DownloadOptions _options;
    private readonly ProgressReporter _progress;
    private readonly Func<string, long?> _freeSpace;
    private readonly CancellationToken _cancellationToken;
    private readonly string _destination;
    private readonly string _partPath;
    private readonly string _manifestPath;
    private readonly string _lockPath;
    private readonly long _started;

    private RemoteFile? _remote;
    private BlockTable? _blocks;
    private SafeFileHandle? _part;
    private bool _rangesSupported;
    private bool _unprovenReuse;
    private bool _refetchedBadEntries;
    private long _bytesFetched;
    private long _bytesReused;
    private long _bytesDiscarded;
    private long _blocksChecked;
    private long _bytesRepaired;
    private int _restarts;
    private int _resumes;
    private int _liveConnections;
    private int _zipEntriesChecked;
    private readonly List<long> _badBlocks = [];

    public DownloadSession(HttpClient http, ILogger logger, TimeProvider time, Func<string, long?> freeSpace, string destination, DownloadOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        _http = http;
        _logger = logger;
        _time = time;
        _freeSpace = freeSpace;
        _options = options;
        _cancellationToken = cancellationToken;
        _destination = Path.GetFullPath(destination);
        _partPath = _destination + ".part";
        _manifestPath = _destination + ".manifest.json";
        _lockPath = _destination + ".lock";
        _progress = new ProgressReporter(progress, time, options.ProgressInterval);
        _started = time.GetTimestamp();
    }

    public async Task<DownloadResult> DownloadAsync(IReadOnlyList<Uri> sources)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_destination)!);
        using var held = await AcquireLockAsync().ConfigureAwait(false);
        if (await TryUseExistingAsync(sources).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        if (_options.IsOffline)
        {
            long verified = _blocks?.VerifiedBytes ?? 0;
            VisemQcThrow.DownloadException_Offline(_destination, sources[0], File.Exists(_partPath) ? _partPath : null, verified);
        }

        if (_blocks is null)
        {
            await LoadPartAsync().ConfigureAwait(false);
        }

        return await DownloadFromSourcesAsync(sources).ConfigureAwait(false);
    }

    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<Uri> mirrors)
    {
        using var held = await AcquireLockAsync().ConfigureAwait(false);
        if (!File.Exists(_destination))
        {
            throw new FileNotFoundException(File.Exists(_partPath)
                ? $"'{_destination}' is not finished: its download stopped in '{_partPath}'. Call {nameof(VisemQcDownloader)}.{nameof(VisemQcDownloader.DownloadAsync)} to resume and verify it."
                : $"'{_destination}' does not exist; there is nothing to verify. Download it with {nameof(VisemQcDownloader)}.{nameof(VisemQcDownloader.DownloadAsync)}.", _destination);
        }

        var manifest = DownloadManifest.TryLoad(_manifestPath, out string? problem);
        if (problem is not null)
        {
            DownloadLog.ManifestIgnored(_logger, _manifestPath, problem);
        }

        if (manifest is not { Complete: true } || manifest.Blocks.All(b => b is null))
        {
            // Nothing to compare the blocks with: the zip's own CRC-32 values are the only check.
            var zip = await CheckFinishedZipAsync(_destination).ConfigureAwait(false);
            return new VerificationReport { Path = _destination, Outcome = VerificationOutcome.Verified, ZipEntriesChecked = zip };
        }

        var bad = await RecheckFinishedAsync(manifest).ConfigureAwait(false);
        if (bad.Count == 0)
        {
            // Every block has the bytes that passed the zip check when the file was finished, so the
            // zip needs no second pass (ReverifyExisting asks for one anyway).
            int entries = _options.VerifyZip && _options.ReverifyExisting ? await CheckFinishedZipAsync(_destination).ConfigureAwait(false) : 0;
            _blocks!.SetComplete(true, File.GetLastWriteTimeUtc(_destination), entries == 0 ? manifest.ZipEntriesChecked : entries, StillUnflushed(manifest));
            _progress.SetPhase(DownloadPhase.Completed, manifest.Length, manifest.Length);
            return new VerificationReport { Path = _destination, Outcome = VerificationOutcome.Verified, BlocksChecked = _blocksChecked, ZipEntriesChecked = entries };
        }

        if (_options.IsOffline || manifest.Source is null)
        {
            VisemQcThrow.VerificationException_BadBlocksNotRepaired(_partPath, [.. _badBlocks], manifest.BlockSize, _options.IsOffline);
        }

        var sources = new List<Uri> { new(manifest.Source) };
        sources.AddRange(mirrors.Where(m => m != sources[0]));
        var result = await DownloadFromSourcesAsync(sources).ConfigureAwait(false);
        return result.Verification;
    }

    public void Dispose() => _part?.Dispose();

    private async Task<DownloadLock> AcquireLockAsync()
    {
        var held = await DownloadLock.AcquireAsync(
            _lockPath,
            _options.LockTimeout,
            _time,
            () => _progress.SetPhase(DownloadPhase.WaitingForLock, 0, null),
            _logger,
            _cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            VisemQcThrow.DownloadException_LockTimeout(_destination, _lockPath, _options.LockTimeout);
        }

        return held;
    }

    /// <summary>Tries each source in turn; the partial file and its manifest carry over from one to the next.</summary>
    private async Task<DownloadResult> DownloadFromSourcesAsync(IReadOnlyList<Uri> sources)
    {
        var failures = new List<VisemQcDownloadException>();
        foreach (var source in sources)
        {
            try
            {
                return await DownloadFromAsync(source).ConfigureAwait(false);
            }
            catch (VisemQcDownloadException error) when (sources.Count > 1)
            {
                DownloadLog.SourceFailed(_logger, source, error.Reason, error.Message);
                failures.Add(error);
            }
        }

        VisemQcThrow.DownloadException_AllSourcesFailed(_destination, failures, _blocks?.VerifiedBytes ?? 0);
        return null;
    }

    private async Task<DownloadResult> DownloadFromAsync(Uri source)
    {
        DownloadLog.Starting(_logger, source, _destination);
        HttpResponseMessage? fresh = null;
        try
        {
            while (true)
            {
                try
                {
                    if (_blocks is null)
                    {
                        var response = fresh;
                        fresh = null;
                        await StartFreshAsync(source, response).ConfigureAwait(false);
                    }
                    else
                    {
                        await FetchMissingAsync(source).ConfigureAwait(false);
                    }

                    if (await FinishAsync(source).ConfigureAwait(false) is { } result)
                    {
                        return result;
                    }
                }
                catch (DownloadFault fault) when (fault.Kind == FaultKind.Restart)
                {
                    fresh = fault.FreshResponse;
                    fault.FreshResponse = null;
                    _restarts++;
                    long discarded = _blocks?.VerifiedBytes ?? 0;
                    if (_restarts > _options.MaxRestarts)
                    {
                        VisemQcThrow.DownloadException_Fault(fault, _destination, _restarts - 1, discarded, $"Gave up after {_restarts - 1} restarts from byte 0: ");
                    }

                    DownloadLog.Restart(_logger, _destination, fault.Message, discarded, _restarts, _options.MaxRestarts);
                    DiscardPart();
                    _bytesDiscarded += discarded;
                }
            }
        }
        finally
        {
            fresh?.Dispose();
        }
    }

    /// <summary>Loads a partial download left by an earlier call and re-checks every recorded block.</summary>
    private async Task LoadPartAsync()
    {
        var manifest = DownloadManifest.TryLoad(_manifestPath, out string? problem);
        if (problem is not null)
        {
            DownloadLog.ManifestIgnored(_logger, _manifestPath, problem);
        }

        if (manifest is null || manifest.Source is null || !File.Exists(_partPath))
        {
            return;
        }

        var remote = RemoteFile.FromManifest(manifest);
        if (!remote.HasStrongValidator && !_options.VerifyZip)
        {
            DownloadLog.ManifestIgnored(_logger, _manifestPath, "the server gave no strong validator (ETag or Last-Modified) and the zip check is off, so the partial file cannot be proven current");
            return;
        }

        _part = File.OpenHandle(_partPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        _blocks = new BlockTable(manifest, _manifestPath);
        _remote = remote;
        _rangesSupported = true;
        if (manifest.Complete)
        {
            // The file was verified and the manifest marked complete, but the rename did not happen.
            _blocks.SetComplete(false, null, 0);
        }

        if (RandomAccess.GetLength(_part) != manifest.Length)
        {
            RandomAccess.SetLength(_part, manifest.Length);
        }

        var bad = await FindBadBlocksAsync(_part).ConfigureAwait(false);
        Forget(bad);
        _bytesReused = _blocks.VerifiedBytes;
        _unprovenReuse = !remote.HasStrongValidator && _bytesReused > 0;
        DownloadLog.Resuming(_logger, _destination, _bytesReused, manifest.Length, _blocks.VerifiedBlocks, _badBlocks.Count);
    }

    /// <summary>Re-hashes the recorded blocks and returns the ones that no longer match (they are not forgotten yet).</summary>
    private async Task<List<int>> FindBadBlocksAsync(SafeFileHandle handle)
    {
        _progress.SetPhase(DownloadPhase.Verifying, 0, _blocks!.VerifiedBytes);
        _blocksChecked += _blocks.VerifiedBlocks;
        var bad = await _blocks.FindBadBlocksAsync(handle, _progress, _cancellationToken).ConfigureAwait(false);
        if (bad.Count > 0)
        {
            DownloadLog.BadBlocksFound(_logger, _partPath, bad.Count);
            _badBlocks.AddRange(bad.Select(b => (long)b));
        }

        return bad;
    }

    /// <summary>Forgets bad blocks so that they are fetched again, and counts them as repaired bytes.</summary>
    private void Forget(List<int> blocks)
    {
        if (blocks.Count > 0)
        {
            _bytesRepaired += blocks.Sum(_blocks!.BlockLength);
            _blocks.Forget(blocks);
        }
    }

    /// <summary>Throws away the partial file and its manifest (the file changed on the server, or ranges are ignored).</summary>
    private void DiscardPart()
    {
        _part?.Dispose();
        _part = null;
        _blocks = null;
        _remote = null;
        _unprovenReuse = false;
        _bytesReused = 0;
        _bytesRepaired = 0;
        File.Delete(_manifestPath);
        File.Delete(_partPath);
        _progress.SetPhase(DownloadPhase.Connecting, 0, null);
    }

    private TimeSpan Elapsed => _time.GetElapsedTime(_started);
}
