using System.Buffers;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;

namespace VisemQc.Archive;

/// <summary>
/// Copies a zip entry's data, inflating it when deflated, and checks it against the size and CRC-32
/// of the central directory on the way: a mismatch throws and the copy must be thrown away.
/// </summary>
/// <remarks>
/// One body serves the synchronous and asynchronous callers: with <c>useAsync</c> false every read
/// and write is synchronous, so the returned task has already completed (as in <see cref="ZipCentralDirectory"/>).
/// </remarks>
internal static class ZipEntryReader
{
    private const int BufferSize = 1 << 20;

    public static async Task<byte[]> ReadAllAsync(string archivePath, ZipEntryInfo entry, Stream raw, CancellationToken cancellationToken)
    {
        if (entry.Length > AnnotationCsv.MaxFileSize)
        {
            VisemQcThrow.IntegrityException_EntryTooLarge(archivePath, entry.Name, entry.Length, AnnotationCsv.MaxFileSize);
        }

        using var destination = new MemoryStream((int)entry.Length);
        await CopyVerifiedAsync(archivePath, entry, raw, destination, cancellationToken).ConfigureAwait(false);
        return destination.ToArray();
    }

    public static Task CopyVerifiedAsync(string archivePath, ZipEntryInfo entry, Stream raw, Stream destination, CancellationToken cancellationToken)
        => CopyVerifiedCoreAsync(archivePath, entry, raw, destination, useAsync: true, cancellationToken).AsTask();

    public static void CopyVerified(string archivePath, ZipEntryInfo entry, Stream raw, Stream destination, CancellationToken cancellationToken)
    {
        var task = CopyVerifiedCoreAsync(archivePath, entry, raw, destination, useAsync: false, cancellationToken);
        Debug.Assert(task.IsCompleted, "Without useAsync every read and write is synchronous.");
        task.GetAwaiter().GetResult();
    }

    private static async ValueTask CopyVerifiedCoreAsync(string archivePath, ZipEntryInfo entry, Stream raw, Stream destination, bool useAsync, CancellationToken cancellationToken)
    {
        var source = entry.CompressionMethod == ZipCompressionMethod.Deflated
            ? new DeflateStream(raw, CompressionMode.Decompress, leaveOpen: true)
            : raw;
        var crc = new Crc32();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int read;
                try
                {
                    read = useAsync
                        ? await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)
                        : source.Read(buffer, 0, BufferSize);
                }
                catch (InvalidDataException error)
                {
                    VisemQcThrow.IntegrityException_CorruptDeflate(archivePath, entry.Name, error);
                    throw;
                }

                if (read == 0)
                {
                    break;
                }

                total += read;
                if (total > entry.Length)
                {
                    VisemQcThrow.IntegrityException_EntryLengthMismatch(archivePath, entry.Name, entry.Length, total, atLeast: true);
                }

                crc.Append(buffer.AsSpan(0, read));
                if (useAsync)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    destination.Write(buffer, 0, read);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!ReferenceEquals(source, raw))
            {
                if (useAsync)
                {
                    await source.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    source.Dispose();
                }
            }
        }

        if (total != entry.Length)
        {
            VisemQcThrow.IntegrityException_EntryLengthMismatch(archivePath, entry.Name, entry.Length, total, atLeast: false);
        }

        var actual = crc.GetCurrentHashAsUInt32();
        if (actual != entry.Crc32)
        {
            VisemQcThrow.IntegrityException_EntryCrc(archivePath, entry.Name, entry.Crc32, actual);
        }
    }
}
