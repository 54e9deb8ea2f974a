using Microsoft.Win32.SafeHandles;

namespace VisemQc.Download;

/// <summary>The finished file: verification, the atomic rename, reuse of an existing copy, and the result (no state of its own).</summary>
internal sealed partial class DownloadSession
{
    private const string DeleteAdvice = "Delete it and call again to download the file.";

    /// <summary>
    /// Checks the complete <c>.part</c> file as a zip and gives it its final name. Returns
    /// <see langword="null"/> when bad entries were found and their blocks must be fetched once more.
    /// </summary>
    private async Task<DownloadResult?> FinishAsync(Uri source)
    {
        if (_part is not { } part || !part.Blocks.IsComplete)
        {
            return null;
        }

        var blocks = part.Blocks;
        _progress.SetPhase(DownloadPhase.Verifying, 0, blocks.Length);

        // Where the system names its boot (Linux) the data is left to the OS's write-back and re-hashed
        // after a restart (TryUseExistingAsync); elsewhere it is flushed (why: docs/download.md, Verification).
        var unflushedBootId = BootSession.CurrentId;
        if (unflushedBootId is null)
        {
            part.FlushToDisk();
        }

        int entries = 0;
        if (_options.VerifyZip)
        {
            var check = await ZipVerifier.CheckAsync(part.Handle, _files.Part, blocks.Pieces, _progress, _cancellationToken).ConfigureAwait(false);
            if (!check.IsGood)
            {
                var badBlocks = BlocksCovering(blocks, check.BadEntries);
                if (check.DirectoryError is null && !_tally.RefetchedBadEntries)
                {
                    // The bytes match what was received, so they came damaged from the server or a
                    // proxy; fetching the blocks of the bad entries once more repairs a transient fault.
                    _tally.RefetchedBadEntries = true;
                    DownloadLog.RefetchingBadEntries(_logger, _files.Part, check.BadEntries.Count, badBlocks.Count);
                    Forget(blocks, badBlocks);
                    return null;
                }

                if (part.Unproven)
                {
                    throw new DownloadFault(FaultKind.Restart, DownloadFailure.SourceChanged, source, "the partial file kept from an earlier session had no strong validator (ETag or Last-Modified) to prove it current, and the finished file fails the zip check");
                }

                if (check.DirectoryError is { } directoryError)
                {
                    VisemQcThrow.IntegrityException_CentralDirectory(_files.Part, directoryError, blocks.BlockSize, "The server sent these bytes (each block matches what was received): check that the URI names the VISEM-QC zip, or try a mirror.");
                }

                VisemQcThrow.IntegrityException_BadEntries(_files.Part, check.BadEntries, [.. badBlocks.Select(b => (long)b)], blocks.BlockSize, "Their blocks were fetched twice with the same result: the file on the server is damaged. Try a mirror, or report it to the publisher.");
            }

            entries = check.EntriesChecked;
        }

        _tally.ZipEntriesChecked = entries;
        part.Complete(entries, unflushedBootId);
        _part = null;
        _progress.SetPhase(DownloadPhase.Completed, blocks.Length, blocks.Length);
        var outcome = _tally.BadBlocks.Count > 0 || _tally.RefetchedBadEntries ? VerificationOutcome.Repaired : VerificationOutcome.Verified;
        var result = Result(source, blocks.Length, outcome);
        DownloadLog.Completed(_logger, _files.Destination, result.Length, result.BytesFetched, result.BytesReused, result.Restarts, result.Resumes, result.Duration);
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
        if (!File.Exists(_files.Destination))
        {
            return null;
        }

        var manifest = DownloadManifest.TryLoad(_files.Manifest, out string? problem);
        if (manifest is null && problem is null)
        {
            int adopted = 0;
            if (_options.VerifyZip)
            {
                adopted = await CheckFinishedZipAsync(_files.Destination, null, "It was not downloaded by VisemQc (it has no manifest): delete it, or move it away, and call again to download the file.").ConfigureAwait(false);
            }

            var info = new FileInfo(_files.Destination);
            new DownloadManifest
            {
                Length = info.Length,
                BlockSize = _options.BlockSize,
                Blocks = new string?[DownloadManifest.BlockCount(info.Length, _options.BlockSize)],
                Complete = true,
                FileLastWriteUtc = info.LastWriteTimeUtc,
                ZipEntriesChecked = adopted,
            }.Save(_files.Manifest);
            _tally.ZipEntriesChecked = adopted;
            return Existing(info.Length, _options.VerifyZip ? VerificationOutcome.Verified : VerificationOutcome.Unchanged);
        }

        if (manifest is not { Complete: true }
            || !(manifest.Source is null || _options.IsOffline || sources.Any(s => s.AbsoluteUri == manifest.Source)))
        {
            // An unfinished download to .part, or a file from another source: download (the file is replaced at the end).
            return null;
        }

        var current = new FileInfo(_files.Destination);
        var sameBootOrFlushed = manifest.UnflushedBootId is null || manifest.UnflushedBootId == BootSession.CurrentId;
        if (!_options.ReverifyExisting && sameBootOrFlushed && current.Length == manifest.Length && manifest.FileLastWriteUtc == current.LastWriteTimeUtc)
        {
            _tally.ZipEntriesChecked = manifest.ZipEntriesChecked;
            return Existing(manifest.Length, VerificationOutcome.Unchanged);
        }

        if (manifest.Blocks.All(b => b is null))
        {
            int entries = await CheckFinishedZipAsync(_files.Destination, null, DeleteAdvice).ConfigureAwait(false);
            manifest.Length = current.Length;
            manifest.Blocks = new string?[DownloadManifest.BlockCount(current.Length, manifest.BlockSize)];
            manifest.FileLastWriteUtc = current.LastWriteTimeUtc;
            manifest.ZipEntriesChecked = entries;
            manifest.Save(_files.Manifest);
            _tally.ZipEntriesChecked = entries;
            return Existing(current.Length, VerificationOutcome.Verified);
        }

        var blocks = await RecheckFinishedAsync(manifest).ConfigureAwait(false);
        if (_part is not null)
        {
            return null;
        }

        int checkedEntries = _options.ReverifyExisting && _options.VerifyZip
            ? await CheckFinishedZipAsync(_files.Destination, blocks.Pieces, DeleteAdvice).ConfigureAwait(false)
            : manifest.ZipEntriesChecked;
        blocks.SetComplete(true, File.GetLastWriteTimeUtc(_files.Destination), checkedEntries, StillUnflushed(manifest));
        _tally.ZipEntriesChecked = checkedEntries;
        return Existing(manifest.Length, VerificationOutcome.Verified);
    }

    /// <summary>
    /// After a re-hash, whether the file may still be only in the page cache: yes when it was finished
    /// unflushed in this very boot; after a restart the bytes just read came from the disk.
    /// </summary>
    private static string? StillUnflushed(DownloadManifest manifest)
        => manifest.UnflushedBootId is { } boot && boot == BootSession.CurrentId ? boot : null;

    /// <summary>
    /// Re-hashes every block of the finished file and returns its block table. When some are bad, the
    /// file is moved back to <c>.part</c> first and the manifest updated after, so a crash in between
    /// leaves a partial download that the next call re-checks; the <see cref="PartFile"/> to repair is
    /// then set, or, when the blocks cannot be fetched again (offline, no source), the error thrown.
    /// </summary>
    private async Task<BlockTable> RecheckFinishedAsync(DownloadManifest manifest)
    {
        var blocks = new BlockTable(manifest, _files.Manifest);
        List<int> bad;
        using (var handle = File.OpenHandle(_files.Destination, FileMode.Open, FileAccess.Read, FileShare.Read))
        {
            bad = await FindBadBlocksAsync(blocks, handle).ConfigureAwait(false);
        }

        if (bad.Count == 0)
        {
            return blocks;
        }

        File.Move(_files.Destination, _files.Part, overwrite: true);
        if (_options.IsOffline || manifest.Source is null)
        {
            Forget(blocks, bad);
            blocks.SetComplete(false, null, 0);
            VisemQcThrow.IntegrityException_BadBlocksNotRepaired(_files.Part, [.. _tally.BadBlocks], manifest.BlockSize, _options.IsOffline);
        }

        var part = _part = PartFile.Open(_files, blocks, RemoteFile.FromManifest(manifest));
        Forget(blocks, bad);
        _tally.BytesReused = blocks.VerifiedBytes;
        return part.Blocks;
    }

    /// <summary>Checks a finished file as a zip; throws with the bad entries (and <paramref name="advice"/>) when it fails.</summary>
    /// <param name="path">The file.</param>
    /// <param name="known">The pieces' CRC-32 taken from this very file by a re-check of its blocks, or <see langword="null"/>.</param>
    /// <param name="advice">What to do when it fails.</param>
    private async Task<int> CheckFinishedZipAsync(string path, PieceCrcs? known, string advice = "Run VerifyAsync on a file downloaded by VisemQc to repair it, or delete it and download it again.")
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        _progress.SetPhase(DownloadPhase.Verifying, 0, length);
        var pieces = known is not null && known.Length == length ? known : null;
        var check = await ZipVerifier.CheckAsync(handle, path, pieces, _progress, _cancellationToken).ConfigureAwait(false);
        if (check.DirectoryError is { } error)
        {
            VisemQcThrow.IntegrityException_CentralDirectory(path, error, 0, advice);
        }

        if (check.BadEntries.Count > 0)
        {
            VisemQcThrow.IntegrityException_BadEntries(path, check.BadEntries, [], 0, advice);
        }

        return check.EntriesChecked;
    }

    /// <summary>Disk space for a fresh download: the whole length, which is then reserved by preallocating the <c>.part</c> file.</summary>
    private void CheckDiskSpace(long needed)
    {
        if (_options.CheckDiskSpace && _freeSpace(Path.GetDirectoryName(_files.Part)!) is { } free && free < needed)
        {
            VisemQcThrow.DiskSpaceException_NotEnough(_files.Part, needed, free);
        }
    }

    private static List<int> BlocksCovering(BlockTable blocks, IReadOnlyList<BadEntry> entries)
    {
        var covering = new SortedSet<int>();
        foreach (var entry in entries)
        {
            int first = blocks.BlockOf(entry.Start);
            int last = blocks.BlockOf(Math.Max(entry.Start, entry.End - 1));
            for (int block = first; block <= last && block < blocks.Count; block++)
            {
                covering.Add(block);
            }
        }

        return [.. covering];
    }

    private DownloadResult Existing(long length, VerificationOutcome outcome)
    {
        DownloadLog.UsingExisting(_logger, _files.Destination, outcome);
        _progress.SetPhase(DownloadPhase.Completed, length, length);
        _tally.BytesReused = length;
        return Result(null, length, outcome);
    }

    private DownloadResult Result(Uri? source, long length, VerificationOutcome outcome) => new()
    {
        Path = _files.Destination,
        Source = source,
        Length = length,
        BytesFetched = _runner.BytesFetched,
        BytesReused = _tally.BytesReused,
        BytesDiscarded = _tally.BytesDiscarded,
        Restarts = _tally.Restarts,
        Resumes = _runner.Resumes,
        Duration = Elapsed,
        Verification = new VerificationReport
        {
            Path = _files.Destination,
            Outcome = outcome,
            BlocksChecked = _tally.BlocksChecked,
            BadBlocks = [.. _tally.BadBlocks],
            BytesRepaired = _tally.BytesRepaired,
            ZipEntriesChecked = _tally.ZipEntriesChecked,
        },
    };
}
