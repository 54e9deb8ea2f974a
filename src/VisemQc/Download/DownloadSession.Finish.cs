using Microsoft.Win32.SafeHandles;

namespace VisemQc.Download;

/// <summary>The finished file: verification, the atomic rename, reuse of an existing copy, and the result.</summary>
internal sealed partial class DownloadSession
{
    /// <summary>
    /// Checks the complete <c>.part</c> file as a zip and gives it its final name. Returns
    /// <see langword="null"/> when bad entries were found and their blocks must be fetched once more.
    /// </summary>
    private async Task<DownloadResult?> FinishAsync(Uri source)
    {
        var blocks = _blocks!;
        if (!blocks.IsComplete)
        {
            return null;
        }

        _progress.SetPhase(DownloadPhase.Verifying, 0, blocks.Length);

        // Flushing a multi-GB file to disk here would cost as long as a fast download itself. Where the
        // system names its boot (Linux), the data is left to the OS's write-back: it survives a killed
        // process, and after a restart the file is re-hashed before it is trusted (TryUseExistingAsync).
        // Elsewhere it is flushed before the rename.
        var unflushedBootId = BootSession.CurrentId;
        if (unflushedBootId is null)
        {
            RandomAccess.FlushToDisk(_part!);
        }

        int entries = 0;
        if (_options.VerifyZip)
        {
            var check = await ZipVerifier.CheckAsync(_part!, _partPath, blocks.Pieces, _progress, _cancellationToken).ConfigureAwait(false);
            if (!check.IsGood)
            {
                var badBlocks = BlocksCovering(check.BadEntries);
                if (check.DirectoryError is null && !_refetchedBadEntries)
                {
                    // The bytes match what was received, so they came damaged from the server or a
                    // proxy; fetching the blocks of the bad entries once more repairs a transient fault.
                    _refetchedBadEntries = true;
                    DownloadLog.RefetchingBadEntries(_logger, _partPath, check.BadEntries.Count, badBlocks.Count);
                    Forget(badBlocks);
                    return null;
                }

                if (_unprovenReuse)
                {
                    throw new DownloadFault(FaultKind.Restart, DownloadFailure.SourceChanged, source, "the partial file kept from an earlier session had no strong validator (ETag or Last-Modified) to prove it current, and the finished file fails the zip check");
                }

                if (check.DirectoryError is { } directoryError)
                {
                    VisemQcThrow.VerificationException_CentralDirectory(_partPath, directoryError, blocks.BlockSize, "The server sent these bytes (each block matches what was received): check that the URI names the VISEM-QC zip, or try a mirror.");
                }

                VisemQcThrow.VerificationException_BadEntries(_partPath, check.BadEntries, [.. badBlocks.Select(b => (long)b)], blocks.BlockSize, "Their blocks were fetched twice with the same result: the file on the server is damaged. Try a mirror, or report it to the publisher.");
            }

            entries = check.EntriesChecked;
        }

        _zipEntriesChecked = entries;
        _part!.Dispose();
        _part = null;
        blocks.SetComplete(true, File.GetLastWriteTimeUtc(_partPath), entries, unflushedBootId);
        File.Move(_partPath, _destination, overwrite: true);
        _progress.SetPhase(DownloadPhase.Completed, blocks.Length, blocks.Length);
        var outcome = _badBlocks.Count > 0 || _refetchedBadEntries ? VerificationOutcome.Repaired : VerificationOutcome.Verified;
        var result = Result(source, blocks.Length, outcome);
        DownloadLog.Completed(_logger, _destination, result.Length, result.BytesFetched, result.BytesReused, result.Restarts, result.Resumes, result.Duration);
        return result;
    }

    /// <summary>
    /// Uses the destination when it is already complete: at once when its length and last-write
    /// time match the manifest, otherwise after re-hashing its blocks. Bad blocks move it back to
    /// <c>.part</c> (never a damaged file under the final name) and return <see langword="null"/> so
    /// that the download repairs them. A file with no manifest at all (copied by hand) is adopted
    /// when it passes the zip check.
    /// </summary>
    private async Task<DownloadResult?> TryUseExistingAsync(IReadOnlyList<Uri> sources)
    {
        if (!File.Exists(_destination))
        {
            return null;
        }

        var manifest = DownloadManifest.TryLoad(_manifestPath, out string? problem);
        if (manifest is null && problem is null)
        {
            int adopted = 0;
            if (_options.VerifyZip)
            {
                adopted = await CheckFinishedZipAsync(_destination, "It was not downloaded by VisemQc (it has no manifest): delete it, or move it away, and call again to download the file.").ConfigureAwait(false);
            }

            var info = new FileInfo(_destination);
            var adoptedManifest = new DownloadManifest
            {
                Length = info.Length,
                BlockSize = _options.BlockSize,
                Blocks = new string?[DownloadManifest.BlockCount(info.Length, _options.BlockSize)],
                Complete = true,
                FileLastWriteUtc = info.LastWriteTimeUtc,
                ZipEntriesChecked = adopted,
            };
            adoptedManifest.Save(_manifestPath);
            _zipEntriesChecked = adopted;
            return Existing(info.Length, _options.VerifyZip ? VerificationOutcome.Verified : VerificationOutcome.Unchanged);
        }

        if (manifest is not { Complete: true }
            || !(manifest.Source is null || _options.IsOffline || sources.Any(s => s.AbsoluteUri == manifest.Source)))
        {
            // An unfinished download to .part, or a file from another source: download (the file is replaced at the end).
            return null;
        }

        var current = new FileInfo(_destination);
        var sameBootOrFlushed = manifest.UnflushedBootId is null || manifest.UnflushedBootId == BootSession.CurrentId;
        if (!_options.ReverifyExisting && sameBootOrFlushed && current.Length == manifest.Length && manifest.FileLastWriteUtc == current.LastWriteTimeUtc)
        {
            _zipEntriesChecked = manifest.ZipEntriesChecked;
            return Existing(manifest.Length, VerificationOutcome.Unchanged);
        }

        if (manifest.Blocks.All(b => b is null))
        {
            int entries = await CheckFinishedZipAsync(_destination, "Delete it and call again to download the file.").ConfigureAwait(false);
            manifest.Length = current.Length;
            manifest.Blocks = new string?[DownloadManifest.BlockCount(current.Length, manifest.BlockSize)];
            manifest.FileLastWriteUtc = current.LastWriteTimeUtc;
            manifest.ZipEntriesChecked = entries;
            manifest.Save(_manifestPath);
            _zipEntriesChecked = entries;
            return Existing(current.Length, VerificationOutcome.Verified);
        }

        var bad = await RecheckFinishedAsync(manifest).ConfigureAwait(false);
        if (bad.Count > 0)
        {
            if (_options.IsOffline)
            {
                VisemQcThrow.VerificationException_BadBlocksNotRepaired(_partPath, [.. _badBlocks], manifest.BlockSize, offline: true);
            }

            return null;
        }

        int checkedEntries = _options.ReverifyExisting && _options.VerifyZip
            ? await CheckFinishedZipAsync(_destination, "Delete it and call again to download the file.").ConfigureAwait(false)
            : manifest.ZipEntriesChecked;
        _blocks!.SetComplete(true, File.GetLastWriteTimeUtc(_destination), checkedEntries, StillUnflushed(manifest));
        _zipEntriesChecked = checkedEntries;
        return Existing(manifest.Length, VerificationOutcome.Verified);
    }

    /// <summary>
    /// After a re-hash, whether the file may still be only in the page cache: yes when it was finished
    /// unflushed in this very boot; after a restart the bytes just read came from the disk.
    /// </summary>
    private static string? StillUnflushed(DownloadManifest manifest)
        => manifest.UnflushedBootId is { } boot && boot == BootSession.CurrentId ? boot : null;

    /// <summary>
    /// Re-hashes every block of the finished file. When some are bad, the file is moved back to
    /// <c>.part</c> first and the manifest updated after, so a crash in between leaves a partial
    /// download that the next call re-checks.
    /// </summary>
    private async Task<List<int>> RecheckFinishedAsync(DownloadManifest manifest)
    {
        _blocks = new BlockTable(manifest, _manifestPath);
        _remote = manifest.Source is null ? null : RemoteFile.FromManifest(manifest);
        _rangesSupported = true;
        List<int> bad;
        using (var handle = File.OpenHandle(_destination, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            bad = await FindBadBlocksAsync(handle).ConfigureAwait(false);
        }

        if (bad.Count > 0)
        {
            File.Move(_destination, _partPath, overwrite: true);
            _part = File.OpenHandle(_partPath, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            if (RandomAccess.GetLength(_part) != manifest.Length)
            {
                RandomAccess.SetLength(_part, manifest.Length);
            }

            Forget(bad);
            _blocks.SetComplete(false, null, 0);
            _bytesReused = _blocks.VerifiedBytes;
        }

        return bad;
    }

    /// <summary>Checks a finished file as a zip; throws with the bad entries (and <paramref name="advice"/>) when it fails.</summary>
    private async Task<int> CheckFinishedZipAsync(string path, string advice = "Run VerifyAsync on a file downloaded by VisemQc to repair it, or delete it and download it again.")
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        _progress.SetPhase(DownloadPhase.Verifying, 0, length);

        // After a re-check of the blocks, the pieces' CRC-32 were taken from this very file.
        var pieces = _blocks?.Pieces is { } known && known.Length == length ? known : null;
        var check = await ZipVerifier.CheckAsync(handle, path, pieces, _progress, _cancellationToken).ConfigureAwait(false);
        if (check.DirectoryError is { } error)
        {
            VisemQcThrow.VerificationException_CentralDirectory(path, error, 0, advice);
        }

        if (check.BadEntries.Count > 0)
        {
            VisemQcThrow.VerificationException_BadEntries(path, check.BadEntries, [], 0, advice);
        }

        return check.EntriesChecked;
    }

    /// <summary>Disk space for a fresh download: the whole length, which is then reserved by preallocating the <c>.part</c> file.</summary>
    private void CheckDiskSpace(long needed)
    {
        if (!_options.CheckDiskSpace)
        {
            return;
        }

        string folder = Path.GetDirectoryName(_partPath)!;
        if (_freeSpace(folder) is { } free && free < needed)
        {
            VisemQcThrow.DiskSpaceException_NotEnough(_partPath, needed, free);
        }
    }

    private List<int> BlocksCovering(IReadOnlyList<BadEntry> entries)
    {
        var blocks = new SortedSet<int>();
        foreach (var entry in entries)
        {
            int first = _blocks!.BlockOf(entry.Start);
            int last = _blocks.BlockOf(Math.Max(entry.Start, entry.End - 1));
            for (int block = first; block <= last && block < _blocks.Count; block++)
            {
                blocks.Add(block);
            }
        }

        return [.. blocks];
    }

    private DownloadResult Existing(long length, VerificationOutcome outcome)
    {
        DownloadLog.UsingExisting(_logger, _destination, outcome);
        _progress.SetPhase(DownloadPhase.Completed, length, length);
        _bytesReused = length;
        return Result(null, length, outcome);
    }

    private DownloadResult Result(Uri? source, long length, VerificationOutcome outcome) => new()
    {
        Path = _destination,
        Source = source,
        Length = length,
        BytesFetched = Interlocked.Read(ref _bytesFetched),
        BytesReused = _bytesReused,
        BytesDiscarded = _bytesDiscarded,
        Restarts = _restarts,
        Resumes = _resumes,
        Duration = Elapsed,
        Verification = new VerificationReport
        {
            Path = _destination,
            Outcome = outcome,
            BlocksChecked = _blocksChecked,
            BadBlocks = [.. _badBlocks],
            BytesRepaired = _bytesRepaired,
            ZipEntriesChecked = _zipEntriesChecked,
        },
    };
}
