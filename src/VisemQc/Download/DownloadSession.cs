using Microsoft.Extensions.Logging;

namespace VisemQc.Download;

/// <summary>
/// One call of <see cref="VisemQcDownloader.DownloadAsync"/> or <see cref="VisemQcDownloader.VerifyAsync"/>:
/// sequences the lock, the <see cref="PartFile"/>, the sources tried in turn, restarts from byte 0 and
/// the finish. The responses are checked by <see cref="ResponseCheck"/>, the bytes moved by
/// <see cref="ConnectionRunner"/>; <c>.Finish.cs</c> holds verification, the rename and the result.
/// </summary>
internal sealed partial class DownloadSession : IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly DownloadOptions _options;
    private readonly ProgressReporter _progress;
    private readonly Func<string, long?> _freeSpace;
    private readonly CancellationToken _cancellationToken;
    private readonly DownloadFiles _files;
    private readonly ConnectionRunner _runner;
    private readonly DownloadTally _tally = new();
    private readonly long _started;

    /// <summary>The unfinished download, from the moment its <c>.part</c> file exists until it is renamed or thrown away.</summary>
    private PartFile? _part;

    public DownloadSession(HttpClient http, ILogger logger, TimeProvider time, Func<string, long?> freeSpace, string destination, DownloadOptions options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        _logger = logger;
        _time = time;
        _freeSpace = freeSpace;
        _options = options;
        _cancellationToken = cancellationToken;
        _files = DownloadFiles.For(destination);
        _progress = new ProgressReporter(progress, time, options.ProgressInterval);
        _started = time.GetTimestamp();
        var check = new ResponseCheck(_files.Destination, time, options.StallTimeout, cancellationToken);
        _runner = new ConnectionRunner(http, logger, time, options, _progress, check, _files.Destination, () => _tally.Restarts, cancellationToken);
    }

    private long VerifiedBytes => _part?.Blocks.VerifiedBytes ?? 0;

    public async Task<DownloadResult> DownloadAsync(IReadOnlyList<Uri> sources)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_files.Destination)!);
        using var held = await AcquireLockAsync().ConfigureAwait(false);
        if (await TryUseExistingAsync(sources).ConfigureAwait(false) is { } existing)
        {
            return existing;
        }

        if (_options.IsOffline)
        {
            VisemQcThrow.DownloadException_Offline(_files.Destination, sources[0], File.Exists(_files.Part) ? _files.Part : null, VerifiedBytes);
        }

        if (_part is null)
        {
            await LoadPartAsync().ConfigureAwait(false);
        }

        return await DownloadFromSourcesAsync(sources).ConfigureAwait(false);
    }

    public async Task<VerificationReport> VerifyAsync(IReadOnlyList<Uri> mirrors)
    {
        using var held = await AcquireLockAsync().ConfigureAwait(false);
        if (!File.Exists(_files.Destination))
        {
            throw new FileNotFoundException(File.Exists(_files.Part)
                ? $"'{_files.Destination}' is not finished: its download stopped in '{_files.Part}'. Call {nameof(VisemQcDownloader)}.{nameof(VisemQcDownloader.DownloadAsync)} to resume and verify it."
                : $"'{_files.Destination}' does not exist; there is nothing to verify. Download it with {nameof(VisemQcDownloader)}.{nameof(VisemQcDownloader.DownloadAsync)}.", _files.Destination);
        }

        var manifest = LoadManifest();
        if (manifest is not { Complete: true } || manifest.Blocks.All(b => b is null))
        {
            // Nothing to compare the blocks with: the zip's own CRC-32 values are the only check.
            var zip = await CheckFinishedZipAsync(_files.Destination, null).ConfigureAwait(false);
            return new VerificationReport { Path = _files.Destination, Outcome = VerificationOutcome.Verified, ZipEntriesChecked = zip };
        }

        var good = await RecheckFinishedAsync(manifest).ConfigureAwait(false);
        if (_part is not { } repair)
        {
            // Every block has the bytes that passed the zip check when the file was finished, so the
            // zip needs no second pass (ReverifyExisting asks for one anyway).
            int entries = _options.VerifyZip && _options.ReverifyExisting ? await CheckFinishedZipAsync(_files.Destination, good.Pieces).ConfigureAwait(false) : 0;
            good.SetComplete(true, File.GetLastWriteTimeUtc(_files.Destination), entries == 0 ? manifest.ZipEntriesChecked : entries, StillUnflushed(manifest));
            _progress.SetPhase(DownloadPhase.Completed, manifest.Length, manifest.Length);
            return new VerificationReport { Path = _files.Destination, Outcome = VerificationOutcome.Verified, BlocksChecked = _tally.BlocksChecked, ZipEntriesChecked = entries };
        }

        var sources = new List<Uri> { repair.Remote.Source };
        sources.AddRange(mirrors.Where(m => m != sources[0]));
        var result = await DownloadFromSourcesAsync(sources).ConfigureAwait(false);
        return result.Verification;
    }

    public void Dispose() => _part?.Dispose();

    private DownloadManifest? LoadManifest()
    {
        var manifest = DownloadManifest.TryLoad(_files.Manifest, out string? problem);
        if (problem is not null)
        {
            DownloadLog.ManifestIgnored(_logger, _files.Manifest, problem);
        }

        return manifest;
    }

    private async Task<DownloadLock> AcquireLockAsync()
    {
        var held = await DownloadLock.AcquireAsync(
            _files.Lock,
            _options.LockTimeout,
            _time,
            () => _progress.SetPhase(DownloadPhase.WaitingForLock, 0, null),
            _logger,
            _cancellationToken).ConfigureAwait(false);
        if (held is null)
        {
            VisemQcThrow.DownloadException_LockTimeout(_files.Destination, _files.Lock, _options.LockTimeout);
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

        VisemQcThrow.DownloadException_AllSourcesFailed(_files.Destination, failures, VerifiedBytes);
        return null;
    }

    private async Task<DownloadResult> DownloadFromAsync(Uri source)
    {
        DownloadLog.Starting(_logger, source, _files.Destination);
        HttpResponseMessage? newFile = null;
        try
        {
            while (true)
            {
                try
                {
                    var part = _part;
                    if (part is null)
                    {
                        var response = newFile;
                        newFile = null;
                        await StartFreshAsync(source, response).ConfigureAwait(false);
                    }
                    else
                    {
                        await FetchMissingAsync(source, part).ConfigureAwait(false);
                    }

                    if (await FinishAsync(source).ConfigureAwait(false) is { } result)
                    {
                        return result;
                    }
                }
                catch (DownloadFault fault) when (fault.Kind == FaultKind.Restart)
                {
                    newFile = _runner.TakeNewFileResponse();
                    _tally.Restarts++;
                    long discarded = VerifiedBytes;
                    if (_tally.Restarts > _options.MaxRestarts)
                    {
                        VisemQcThrow.DownloadException_Fault(fault, _files.Destination, _tally.Restarts - 1, discarded, $"Gave up after {_tally.Restarts - 1} restarts from byte 0: ");
                    }

                    DownloadLog.Restart(_logger, _files.Destination, fault.Message, discarded, _tally.Restarts, _options.MaxRestarts);
                    DiscardPart();
                    _tally.Discarded(discarded);
                }
            }
        }
        finally
        {
            newFile?.Dispose();
            _runner.TakeNewFileResponse()?.Dispose();
        }
    }

    /// <summary>Starts from byte 0: one request (Range: bytes=0-) pins the length and validators, then the connections run.</summary>
    private async Task StartFreshAsync(Uri source, HttpResponseMessage? response)
    {
        _progress.SetPhase(DownloadPhase.Connecting, 0, null);
        var (accepted, first) = await _runner.FirstResponseAsync(source, response).ConfigureAwait(false);
        PartFile part;
        try
        {
            var remote = accepted.Remote;

            // A .part without a usable manifest holds nothing verified; its space counts as free.
            File.Delete(_files.Part);
            CheckDiskSpace(remote.Length);
            part = _part = PartFile.Create(_files, remote, accepted.RangesSupported, _options.BlockSize);
            _progress.SetPhase(DownloadPhase.Downloading, 0, remote.Length);
        }
        catch
        {
            first.Dispose();
            throw;
        }

        var runs = part.Blocks.Count == 0 ? [] : SegmentScheduler.Split([(0, part.Blocks.Count)], ConnectionsFor(part, part.Blocks.Length));
        await _runner.RunAsync(source, part, runs, first, accepted.End).ConfigureAwait(false);
    }

    /// <summary>Downloads the blocks that are not verified yet, with If-Range against the pinned validator.</summary>
    private async Task FetchMissingAsync(Uri source, PartFile part)
    {
        var blocks = part.Blocks;
        var missing = blocks.MissingRuns();
        if (missing.Count == 0)
        {
            return;
        }

        long missingBytes = missing.Sum(r => blocks.BlockStart(r.End - 1) + blocks.BlockLength(r.End - 1) - blocks.BlockStart(r.Start));
        _progress.SetPhase(DownloadPhase.Downloading, blocks.Length - missingBytes, blocks.Length);
        await _runner.RunAsync(source, part, SegmentScheduler.Split(missing, ConnectionsFor(part, missingBytes)), null, 0).ConfigureAwait(false);
    }

    private int ConnectionsFor(PartFile part, long bytes)
        => part.RangesSupported ? (int)Math.Clamp(bytes / _options.MinBytesPerConnection, 1, _options.Connections) : 1;

    /// <summary>Loads a partial download left by an earlier call and re-checks every recorded block.</summary>
    private async Task LoadPartAsync()
    {
        var manifest = LoadManifest();
        if (manifest is null || manifest.Source is null || !File.Exists(_files.Part))
        {
            return;
        }

        var remote = RemoteFile.FromManifest(manifest);
        if (!remote.HasStrongValidator && !_options.VerifyZip)
        {
            DownloadLog.ManifestIgnored(_logger, _files.Manifest, "the server gave no strong validator (ETag or Last-Modified) and the zip check is off, so the partial file cannot be proven current");
            return;
        }

        var part = _part = PartFile.Open(_files, manifest, remote);
        Forget(part.Blocks, await FindBadBlocksAsync(part.Blocks, part.Handle).ConfigureAwait(false));
        _tally.BytesReused = part.Blocks.VerifiedBytes;
        part.Unproven = !remote.HasStrongValidator && _tally.BytesReused > 0;
        DownloadLog.Resuming(_logger, _files.Destination, _tally.BytesReused, manifest.Length, part.Blocks.VerifiedBlocks, _tally.BadBlocks.Count);
    }

    /// <summary>Re-hashes the recorded blocks and returns the ones that no longer match (they are not forgotten yet).</summary>
    private async Task<List<int>> FindBadBlocksAsync(BlockTable blocks, Microsoft.Win32.SafeHandles.SafeFileHandle handle)
    {
        _progress.SetPhase(DownloadPhase.Verifying, 0, blocks.VerifiedBytes);
        _tally.BlocksChecked += blocks.VerifiedBlocks;
        var bad = await blocks.FindBadBlocksAsync(handle, _progress, _cancellationToken).ConfigureAwait(false);
        if (bad.Count > 0)
        {
            DownloadLog.BadBlocksFound(_logger, _files.Part, bad.Count);
            _tally.AddBadBlocks(bad);
        }

        return bad;
    }

    /// <summary>Forgets bad blocks so that they are fetched again, and counts them as repaired bytes.</summary>
    private void Forget(BlockTable blocks, List<int> bad)
    {
        if (bad.Count > 0)
        {
            _tally.BytesRepaired += bad.Sum(blocks.BlockLength);
            blocks.Forget(bad);
        }
    }

    /// <summary>Throws away the partial file and its manifest (the file changed on the server, or ranges are ignored).</summary>
    private void DiscardPart()
    {
        if (_part is { } part)
        {
            part.Discard();
            _part = null;
        }
        else
        {
            File.Delete(_files.Manifest);
            File.Delete(_files.Part);
        }

        _progress.SetPhase(DownloadPhase.Connecting, 0, null);
    }

    private TimeSpan Elapsed => _time.GetElapsedTime(_started);
}
