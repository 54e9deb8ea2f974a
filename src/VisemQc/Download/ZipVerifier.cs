using Microsoft.Win32.SafeHandles;
using VisemQc.Archive;

namespace VisemQc.Download;

/// <summary>
/// Checks a downloaded zip end to end: the central directory parses and fits the file (the reader
/// checks every offset against the file's length), and every entry's data matches its size and
/// CRC-32. Entries are checked in parallel; every bad entry is reported, not only the first.
/// Given the pieces' CRC-32 taken during the download, a stored entry's CRC-32 is put together from
/// them instead of reading its data again; deflated entries are always inflated and checked.
/// </summary>
internal static class ZipVerifier
{
    public static async Task<ZipCheck> CheckAsync(SafeFileHandle handle, string path, PieceCrcs? pieces, ProgressReporter progress, CancellationToken cancellationToken)
    {
        ZipCentralDirectory directory;
        try
        {
            directory = await ZipCentralDirectory.ReadAsync(handle, path, cancellationToken).ConfigureAwait(false);
        }
        catch (VisemQcIntegrityException error)
        {
            return new ZipCheck(0, [], error);
        }

        var bad = new List<BadEntry>();
        var entries = directory.Entries.Where(e => !e.IsDirectory).ToArray();
        await Parallel.ForEachAsync(
            entries,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4), CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                long dataOffset = entry.LocalHeaderOffset;
                try
                {
                    if (entry.IsEncrypted)
                    {
                        VisemQcThrow.IntegrityException_EntryEncrypted(path, entry.Name);
                    }

                    if (entry.CompressionMethod is not (ZipCompressionMethod.Stored or ZipCompressionMethod.Deflated))
                    {
                        VisemQcThrow.IntegrityException_UnsupportedCompression(path, entry.Name, (ushort)entry.CompressionMethod);
                    }

                    dataOffset = await directory.GetDataOffsetAsync(entry, token).ConfigureAwait(false);
                    if (pieces is not null && entry.CompressionMethod == ZipCompressionMethod.Stored)
                    {
                        await CheckStoredAsync(path, entry, handle, dataOffset, pieces, token).ConfigureAwait(false);
                    }
                    else
                    {
                        var raw = new FileWindowStream(handle, dataOffset, entry.CompressedLength, ownsHandle: false);
                        await using (raw.ConfigureAwait(false))
                        {
                            await ZipEntryReader.CopyVerifiedAsync(path, entry, raw, Stream.Null, token).ConfigureAwait(false);
                        }
                    }
                }
                catch (VisemQcIntegrityException error)
                {
                    long end = Math.Max(dataOffset + entry.CompressedLength, entry.LocalHeaderOffset + 1);
                    lock (bad)
                    {
                        bad.Add(new BadEntry(entry.Name, entry.LocalHeaderOffset, Math.Min(end, directory.CentralDirectoryOffset), VisemQcThrow.ProblemOnly(error)));
                    }
                }

                progress.Add(entry.CompressedLength);
            }).ConfigureAwait(false);
        bad.Sort((a, b) => a.Start.CompareTo(b.Start));
        return new ZipCheck(entries.Length, bad, null);
    }

    /// <summary>The checks <see cref="ZipEntryReader.CopyVerifiedAsync"/> makes of a stored entry, from the pieces' CRC-32.</summary>
    private static async Task CheckStoredAsync(string path, ZipEntryInfo entry, SafeFileHandle handle, long dataOffset, PieceCrcs pieces, CancellationToken cancellationToken)
    {
        if (entry.CompressedLength != entry.Length)
        {
            VisemQcThrow.IntegrityException_EntryLengthMismatch(path, entry.Name, entry.Length, entry.CompressedLength, atLeast: false);
        }

        uint actual = await pieces.ComputeAsync(handle, dataOffset, entry.CompressedLength, cancellationToken).ConfigureAwait(false);
        if (actual != entry.Crc32)
        {
            VisemQcThrow.IntegrityException_EntryCrc(path, entry.Name, entry.Crc32, actual);
        }
    }
}

/// <summary>The result of <see cref="ZipVerifier.CheckAsync"/>.</summary>
internal sealed record ZipCheck(int EntriesChecked, IReadOnlyList<BadEntry> BadEntries, VisemQcIntegrityException? DirectoryError)
{
    public bool IsGood => DirectoryError is null && BadEntries.Count == 0;
}

/// <summary>A bad zip entry and the byte range [Start, End) of the archive it occupies (local header to end of data).</summary>
internal sealed record BadEntry(string Name, long Start, long End, string Problem);
