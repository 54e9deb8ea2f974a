using System.Buffers.Binary;
using System.Collections.ObjectModel;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Win32.SafeHandles;

namespace VisemQc.Archive;

/// <summary>
/// The central directory of a zip archive (Zip64 included), read from the archive's tail with
/// positional reads: the end-of-central-directory record, the Zip64 locator and record when present,
/// and the central directory itself. The entries' data is never read here; <see cref="GetDataOffset"/>
/// reads one local file header to find where an entry's data starts.
/// </summary>
/// <remarks>
/// All reads go through <see cref="RandomAccess"/>, so one instance can serve many threads over one
/// <see cref="SafeFileHandle"/>. Entry names are never turned into file-system paths by this type.
/// Split into partial files: this one holds the public surface and the I/O, <c>.EndRecord.cs</c> the
/// end-of-central-directory and Zip64 records, <c>.Entries.cs</c> the central directory file headers.
/// </remarks>
internal sealed partial class ZipCentralDirectory
{
    private const uint LocalHeaderSignature = 0x04034b50;
    private const int LocalHeaderSize = 30;

    private readonly SafeFileHandle _handle;
    private readonly ZipEntryInfo[] _entries;
    private readonly Dictionary<string, ZipEntryInfo> _entriesByName;

    // Data offset per entry index, or -1 until the entry's local header has been read.
    private readonly long[] _dataOffsets;
    private long _bytesRead;

    private ZipCentralDirectory(SafeFileHandle handle, string archivePath, long archiveLength, ZipEntryInfo[] entries, bool isZip64, long centralDirectoryOffset, long bytesRead)
    {
        _handle = handle;
        ArchivePath = archivePath;
        ArchiveLength = archiveLength;
        _entries = entries;
        Entries = new ReadOnlyCollection<ZipEntryInfo>(entries);
        IsZip64 = isZip64;
        CentralDirectoryOffset = centralDirectoryOffset;
        _bytesRead = bytesRead;
        _dataOffsets = new long[entries.Length];
        Array.Fill(_dataOffsets, -1);
        _entriesByName = new Dictionary<string, ZipEntryInfo>(entries.Length, StringComparer.Ordinal);
        foreach (ZipEntryInfo entry in entries)
        {
            // With duplicate names the first entry wins, as in System.IO.Compression.ZipArchive.GetEntry.
            _entriesByName.TryAdd(entry.Name, entry);
        }
    }

    /// <summary>The path of the zip file, used in error messages.</summary>
    public string ArchivePath { get; }

    /// <summary>The length of the zip file when the central directory was read.</summary>
    public long ArchiveLength { get; }

    /// <summary>The entries, in central-directory order.</summary>
    public IReadOnlyList<ZipEntryInfo> Entries { get; }

    /// <summary>Whether the archive has a Zip64 end-of-central-directory record.</summary>
    public bool IsZip64 { get; }

    /// <summary>The offset of the central directory; every entry's data must end before it.</summary>
    public long CentralDirectoryOffset { get; }

    /// <summary>
    /// The total number of bytes this reader has read from the file: the tail, the central directory
    /// when it lies outside the tail, and the local headers read by <see cref="GetDataOffset"/>.
    /// </summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>Reads the central directory of the zip file open as <paramref name="handle"/>.</summary>
    /// <param name="handle">A handle opened for reading; it must stay open as long as this instance is used.</param>
    /// <param name="archivePath">The file's path, for error messages.</param>
    /// <returns>The central directory.</returns>
    /// <exception cref="VisemQcIntegrityException">The file is not a zip archive, is truncated or corrupt, or is split over several disks.</exception>
    public static ZipCentralDirectory Read(SafeFileHandle handle, string archivePath)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(archivePath);
        ValueTask<ZipCentralDirectory> task = ReadCoreAsync(handle, archivePath, useAsync: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "Without useAsync every read is synchronous.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Reads the central directory of the zip file open as <paramref name="handle"/>.</summary>
    /// <param name="handle">A handle opened for reading; it must stay open as long as this instance is used.</param>
    /// <param name="archivePath">The file's path, for error messages.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The central directory.</returns>
    /// <exception cref="VisemQcIntegrityException">The file is not a zip archive, is truncated or corrupt, or is split over several disks.</exception>
    public static ValueTask<ZipCentralDirectory> ReadAsync(SafeFileHandle handle, string archivePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(archivePath);
        return ReadCoreAsync(handle, archivePath, useAsync: true, cancellationToken);
    }

    /// <summary>Finds an entry by its exact name (ordinal comparison; the first one when a name repeats).</summary>
    /// <param name="name">The entry name as stored, for example <c>visem-qc/videos/623.mkv</c>.</param>
    /// <param name="entry">The entry, when found.</param>
    /// <returns>Whether the archive has an entry with that name.</returns>
    public bool TryGetEntry(string name, [NotNullWhen(true)] out ZipEntryInfo? entry)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _entriesByName.TryGetValue(name, out entry);
    }

    /// <summary>
    /// Reads the entry's local file header (once; the result is cached) and returns the offset of the
    /// entry's first data byte. For a stored entry, <see cref="ZipEntryInfo.CompressedLength"/> bytes
    /// from there are the entry's content.
    /// </summary>
    /// <param name="entry">An entry of this archive.</param>
    /// <returns>The offset of the entry's data in the archive.</returns>
    /// <exception cref="VisemQcIntegrityException">The local header is missing or damaged, or the data would run past the central directory.</exception>
    /// <exception cref="ArgumentException"><paramref name="entry"/> does not come from this instance.</exception>
    public long GetDataOffset(ZipEntryInfo entry)
    {
        CheckEntry(entry);
        long cached = Volatile.Read(ref _dataOffsets[entry.Index]);
        if (cached >= 0)
        {
            return cached;
        }

        ValueTask<long> task = ReadDataOffsetAsync(entry, useAsync: false, CancellationToken.None);
        Debug.Assert(task.IsCompleted, "Without useAsync every read is synchronous.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Reads the entry's local file header (once; the result is cached) and returns the offset of the
    /// entry's first data byte.
    /// </summary>
    /// <param name="entry">An entry of this archive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The offset of the entry's data in the archive.</returns>
    /// <exception cref="VisemQcIntegrityException">The local header is missing or damaged, or the data would run past the central directory.</exception>
    /// <exception cref="ArgumentException"><paramref name="entry"/> does not come from this instance.</exception>
    public ValueTask<long> GetDataOffsetAsync(ZipEntryInfo entry, CancellationToken cancellationToken = default)
    {
        CheckEntry(entry);
        long cached = Volatile.Read(ref _dataOffsets[entry.Index]);
        return cached >= 0 ? ValueTask.FromResult(cached) : ReadDataOffsetAsync(entry, useAsync: true, cancellationToken);
    }

    private void CheckEntry(ZipEntryInfo entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if ((uint)entry.Index >= (uint)_entries.Length || !ReferenceEquals(_entries[entry.Index], entry))
        {
            VisemQcThrow.ArgumentException_EntryNotInArchive(ArchivePath, entry.Name, nameof(entry));
        }
    }

    private async ValueTask<long> ReadDataOffsetAsync(ZipEntryInfo entry, bool useAsync, CancellationToken cancellationToken)
    {
        long headerOffset = entry.LocalHeaderOffset;
        if (headerOffset > CentralDirectoryOffset - LocalHeaderSize)
        {
            VisemQcThrow.IntegrityException_LocalHeaderOutOfRange(ArchivePath, entry.Name, headerOffset, CentralDirectoryOffset);
        }

        byte[] header = new byte[LocalHeaderSize];
        await ReadExactlyAtAsync(_handle, header, headerOffset, ArchivePath, ArchiveLength, useAsync, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _bytesRead, LocalHeaderSize);

        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(header);
        if (signature != LocalHeaderSignature)
        {
            VisemQcThrow.IntegrityException_BadLocalHeaderSignature(ArchivePath, entry.Name, headerOffset, signature);
        }

        // The local name and extra lengths can differ from the central ones (Info-ZIP writes more
        // timestamps locally; aligners pad the local extra field), so they are read from here.
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(26));
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28));
        long dataOffset = headerOffset + LocalHeaderSize + nameLength + extraLength;
        if (dataOffset > CentralDirectoryOffset || entry.CompressedLength > CentralDirectoryOffset - dataOffset)
        {
            VisemQcThrow.IntegrityException_EntryDataPastCentralDirectory(ArchivePath, entry.Name, dataOffset, entry.CompressedLength, CentralDirectoryOffset);
        }

        // Racing readers compute the same value, so a plain volatile write is enough.
        Volatile.Write(ref _dataOffsets[entry.Index], dataOffset);
        return dataOffset;
    }

    private static async ValueTask<ZipCentralDirectory> ReadCoreAsync(SafeFileHandle handle, string archivePath, bool useAsync, CancellationToken cancellationToken)
    {
        long length = RandomAccess.GetLength(handle);
        if (length < EndRecordSize)
        {
            VisemQcThrow.IntegrityException_TooShort(archivePath, length);
        }

        // One read of the tail finds the end record; for most archives (VISEM-QC's included) the
        // central directory lies inside it too.
        int tailLength = (int)Math.Min(length, EndRecordSize + ushort.MaxValue);
        var reader = new TailReader(handle, archivePath, length, tailLength, useAsync);
        await reader.ReadTailAsync(cancellationToken).ConfigureAwait(false);

        EndRecord end = FindEndRecord(reader.Tail, reader.TailStart, archivePath);
        bool isZip64 = false;
        long directoryLimit = end.Offset;
        long locatorOffset = end.Offset - Zip64LocatorSize;
        if (locatorOffset >= 0)
        {
            ReadOnlyMemory<byte> locator = await reader.GetAsync(locatorOffset, Zip64LocatorSize, cancellationToken).ConfigureAwait(false);
            if (TryParseZip64Locator(locator.Span, locatorOffset, end, archivePath, out long recordOffset))
            {
                ReadOnlyMemory<byte> record = await reader.GetAsync(recordOffset, Zip64RecordFixedSize, cancellationToken).ConfigureAwait(false);
                if (ParseZip64Record(record.Span, recordOffset, end, archivePath) is { } zip64End)
                {
                    end = zip64End;
                    isZip64 = true;
                    directoryLimit = recordOffset;
                }
            }
        }

        CheckEndRecord(end, directoryLimit, length, archivePath);
        ReadOnlyMemory<byte> directory = await reader.GetAsync(end.DirectoryOffset, (int)end.DirectorySize, cancellationToken).ConfigureAwait(false);
        ZipEntryInfo[] entries = ParseEntries(directory.Span, end.DirectoryOffset, end.EntryCount, archivePath);
        return new ZipCentralDirectory(handle, archivePath, length, entries, isZip64, end.DirectoryOffset, reader.BytesRead);
    }

    private static async ValueTask ReadExactlyAtAsync(SafeFileHandle handle, Memory<byte> buffer, long offset, string archivePath, long length, bool useAsync, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int read = useAsync
                ? await RandomAccess.ReadAsync(handle, buffer[total..], offset + total, cancellationToken).ConfigureAwait(false)
                : RandomAccess.Read(handle, buffer.Span[total..], offset + total);
            if (read == 0)
            {
                VisemQcThrow.IntegrityException_UnexpectedEndOfFile(archivePath, offset, buffer.Length, length);
            }

            total += read;
        }
    }

    /// <summary>The tail buffer, and reads of other ranges when they fall outside it.</summary>
    private sealed class TailReader(SafeFileHandle handle, string archivePath, long length, int tailLength, bool useAsync)
    {
        public byte[] Tail { get; } = new byte[tailLength];

        public long TailStart { get; } = length - tailLength;

        public long BytesRead { get; private set; }

        public async ValueTask ReadTailAsync(CancellationToken cancellationToken)
        {
            await ReadExactlyAtAsync(handle, Tail, TailStart, archivePath, length, useAsync, cancellationToken).ConfigureAwait(false);
            BytesRead += Tail.Length;
        }

        /// <summary>Returns <paramref name="count"/> bytes at <paramref name="offset"/>, from the tail when it holds them.</summary>
        public async ValueTask<ReadOnlyMemory<byte>> GetAsync(long offset, int count, CancellationToken cancellationToken)
        {
            if (offset >= TailStart)
            {
                return Tail.AsMemory((int)(offset - TailStart), count);
            }

            byte[] buffer = new byte[count];
            await ReadExactlyAtAsync(handle, buffer, offset, archivePath, length, useAsync, cancellationToken).ConfigureAwait(false);
            BytesRead += count;
            return buffer;
        }
    }
}
