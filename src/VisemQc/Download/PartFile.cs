using Microsoft.Win32.SafeHandles;

namespace VisemQc.Download;

/// <summary>
/// An unfinished download: the open <c>.part</c> file, its block table and manifest, and the remote
/// file it is pinned to. Exists from the moment the <c>.part</c> file does, until it is renamed to
/// its final name (<see cref="Complete"/>) or thrown away (<see cref="Discard"/>).
/// </summary>
internal sealed class PartFile : IDisposable
{
    /// <summary>The size of each write to the file: 16 KiB, as curl writes (why: benchmarks/README.md, "16 KiB writes").</summary>
    private const int WriteSize = 16 << 10;

    private readonly SafeFileHandle _handle;

    private PartFile(DownloadFiles files, SafeFileHandle handle, BlockTable blocks, RemoteFile remote, bool rangesSupported)
    {
        Files = files;
        _handle = handle;
        Blocks = blocks;
        Remote = remote;
        RangesSupported = rangesSupported;
        if (RandomAccess.GetLength(handle) != blocks.Length)
        {
            RandomAccess.SetLength(handle, blocks.Length);
        }
    }

    public DownloadFiles Files { get; }

    public BlockTable Blocks { get; }

    /// <summary>The length and validators every response must match.</summary>
    public RemoteFile Remote { get; }

    /// <summary>Whether the server answers ranges, so that several connections and resumption can be used.</summary>
    public bool RangesSupported { get; }

    /// <summary>Whether verified bytes were kept from an earlier session without a strong validator to prove them current.</summary>
    public bool Unproven { get; set; }

    /// <summary>The open file, for re-hashing and the zip check.</summary>
    public SafeFileHandle Handle => _handle;

    /// <summary>Creates an empty, preallocated <c>.part</c> file and a manifest pinned to <paramref name="remote"/>.</summary>
    public static PartFile Create(DownloadFiles files, RemoteFile remote, bool rangesSupported, int blockSize)
    {
        var handle = File.OpenHandle(files.Part, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, FileOptions.None, remote.Length);
        try
        {
            var manifest = new DownloadManifest
            {
                Source = remote.Source.AbsoluteUri,
                ETag = remote.ETag?.ToString(),
                LastModified = remote.LastModified,
                LastModifiedIsStrong = remote.LastModifiedIsStrong,
                Length = remote.Length,
                BlockSize = blockSize,
                Blocks = new string?[DownloadManifest.BlockCount(remote.Length, blockSize)],
            };
            var blocks = new BlockTable(manifest, files.Manifest);
            blocks.Commit();
            return new PartFile(files, handle, blocks, remote, rangesSupported);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>Opens the <c>.part</c> file an earlier call left, with the manifest that describes it (marked unfinished).</summary>
    public static PartFile Open(DownloadFiles files, DownloadManifest manifest, RemoteFile remote) => Open(files, new BlockTable(manifest, files.Manifest), remote);

    /// <summary>Opens the <c>.part</c> file of <paramref name="blocks"/> (after a finished file with bad blocks was moved back to it).</summary>
    public static PartFile Open(DownloadFiles files, BlockTable blocks, RemoteFile remote)
    {
        var handle = File.OpenHandle(files.Part, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (blocks.Manifest.Complete)
            {
                // Verified and marked complete, but the rename did not happen (or bad blocks were found since).
                blocks.SetComplete(false, null, 0);
            }

            return new PartFile(files, handle, blocks, remote, rangesSupported: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Hashes received bytes (the block's XxHash3 and the pieces' CRC-32), writes them at their place
    /// in the file and, when they complete a block, records it. Calls for one connection run one at a
    /// time and in order, which is what the connection's hashers need.
    /// </summary>
    public void Store(Connection connection, byte[] buffer, long offset, int count, int completedBlock)
    {
        var data = buffer.AsSpan(0, count);
        connection.Hasher.Append(data);
        connection.Pieces.Append(data, offset);
        for (int start = 0; start < count; start += WriteSize)
        {
            RandomAccess.Write(_handle, data.Slice(start, Math.Min(WriteSize, count - start)), offset + start);
        }

        if (completedBlock >= 0)
        {
            Blocks.Record(completedBlock, connection.Hasher.GetCurrentHashAsUInt64());
            connection.Hasher.Reset();
        }
    }

    public void FlushToDisk() => RandomAccess.FlushToDisk(_handle);

    /// <summary>Closes the file, marks the manifest complete and gives the file its final name.</summary>
    public void Complete(int zipEntriesChecked, string? unflushedBootId)
    {
        _handle.Dispose();
        Blocks.SetComplete(true, File.GetLastWriteTimeUtc(Files.Part), zipEntriesChecked, unflushedBootId);
        File.Move(Files.Part, Files.Destination, overwrite: true);
    }

    /// <summary>Closes and deletes the file and its manifest (the file changed on the server, or ranges are ignored).</summary>
    public void Discard()
    {
        _handle.Dispose();
        File.Delete(Files.Manifest);
        File.Delete(Files.Part);
    }

    public void Dispose() => _handle.Dispose();
}
