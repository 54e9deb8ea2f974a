using System.Buffers;
using System.IO.Compression;
using System.IO.Hashing;

namespace VisemQc.Archive;

/// <summary>
/// Copies a zip entry's data, inflating it when deflated, and checks it against the size and CRC-32
/// of the central directory on the way: a mismatch throws and the copy must be thrown away.
/// </summary>
internal static class ZipEntryReader
{
    private const int BufferSize = 1 << 20;

    public static async Task<byte[]> ReadAllAsync(string archivePath, ZipEntryInfo entry, Stream raw, CancellationToken cancellationToken)
    {
        using var destination = new MemoryStream((int)Math.Min(entry.Length, AnnotationCsv.MaxFileSize));
        if (entry.Length > AnnotationCsv.MaxFileSize)
        {
            VisemQcThrow.ArchiveException_EntryTooLarge(archivePath, entry.Name, entry.Length, AnnotationCsv.MaxFileSize);
        }

        await CopyVerifiedAsync(archivePath, entry, raw, destination, cancellationToken).ConfigureAwait(false);
        return destination.ToArray();
    }

    public static async Task CopyVerifiedAsync(string archivePath, ZipEntryInfo entry, Stream raw, Stream destination, CancellationToken cancellationToken)
    {
        var source = Decoded(entry, raw);
        var crc = new Crc32();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = await ReadDataAsync(archivePath, entry, source, buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                CheckNotLonger(archivePath, entry, total);
                crc.Append(buffer.AsSpan(0, read));
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!ReferenceEquals(source, raw))
            {
                await source.DisposeAsync().ConfigureAwait(false);
            }
        }

        CheckComplete(archivePath, entry, total, crc.GetCurrentHashAsUInt32());
    }

    public static void CopyVerified(string archivePath, ZipEntryInfo entry, Stream raw, Stream destination, CancellationToken cancellationToken)
    {
        var source = Decoded(entry, raw);
        var crc = new Crc32();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            int read;
            while ((read = ReadData(archivePath, entry, source, buffer)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                total += read;
                CheckNotLonger(archivePath, entry, total);
                crc.Append(buffer.AsSpan(0, read));
                destination.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!ReferenceEquals(source, raw))
            {
                source.Dispose();
            }
        }

        CheckComplete(archivePath, entry, total, crc.GetCurrentHashAsUInt32());
    }

    private static Stream Decoded(ZipEntryInfo entry, Stream raw)
        => entry.CompressionMethod == ZipCompressionMethod.Deflated
            ? new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true)
            : raw;

    private static async ValueTask<int> ReadDataAsync(string archivePath, ZipEntryInfo entry, Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException error)
        {
            VisemQcThrow.ArchiveException_CorruptDeflate(archivePath, entry.Name, error);
            return 0;
        }
    }

    private static int ReadData(string archivePath, ZipEntryInfo entry, Stream source, byte[] buffer)
    {
        try
        {
            return source.Read(buffer, 0, BufferSize);
        }
        catch (InvalidDataException error)
        {
            VisemQcThrow.ArchiveException_CorruptDeflate(archivePath, entry.Name, error);
            return 0;
        }
    }

    private static void CheckNotLonger(string archivePath, ZipEntryInfo entry, long total)
    {
        if (total > entry.Length)
        {
            VisemQcThrow.ArchiveException_EntryLengthMismatch(archivePath, entry.Name, entry.Length, total, atLeast: true);
        }
    }

    private static void CheckComplete(string archivePath, ZipEntryInfo entry, long total, uint crc)
    {
        if (total != entry.Length)
        {
            VisemQcThrow.ArchiveException_EntryLengthMismatch(archivePath, entry.Name, entry.Length, total, atLeast: false);
        }

        if (crc != entry.Crc32)
        {
            VisemQcThrow.IntegrityException_EntryCrc(archivePath, entry.Name, entry.Crc32, crc);
        }
    }
}
