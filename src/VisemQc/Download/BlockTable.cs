using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace VisemQc.Download;

/// <summary>
/// Which blocks of the <c>.part</c> file are verified, with their XxHash3, backed by the manifest.
/// A block is recorded only after its bytes were written to the file, and the manifest is rewritten
/// (atomically) before <see cref="Record"/> returns; concurrent connections share one write
/// when they finish blocks at the same time.
/// </summary>
internal sealed class BlockTable
{
    public const int IoBufferSize = 1 << 20;

    private readonly DownloadManifest _manifest;
    private readonly string _manifestPath;
    private readonly ulong[] _hashes;
    private readonly int[] _done;
    private readonly Lock _gate = new();
    private int _requested;
    private int _written;

    public BlockTable(DownloadManifest manifest, string manifestPath)
    {
        _manifest = manifest;
        _manifestPath = manifestPath;
        Count = checked((int)DownloadManifest.BlockCount(manifest.Length, manifest.BlockSize));
        _hashes = new ulong[Count];
        _done = new int[Count];
        Pieces = new PieceCrcs(manifest.Length, manifest.BlockSize);
        for (int i = 0; i < Count; i++)
        {
            if (manifest.Blocks[i] is { } hex)
            {
                _hashes[i] = DownloadManifest.ParseHash(hex);
                _done[i] = 1;
            }
        }
    }

    public DownloadManifest Manifest => _manifest;

    /// <summary>The CRC-32 of the pieces of the blocks whose bytes passed through this process (received or re-checked).</summary>
    public PieceCrcs Pieces { get; }

    public long Length => _manifest.Length;

    public int BlockSize => _manifest.BlockSize;

    public int Count { get; }

    public long VerifiedBytes
    {
        get
        {
            long total = 0;
            for (int i = 0; i < Count; i++)
            {
                if (IsDone(i))
                {
                    total += BlockLength(i);
                }
            }

            return total;
        }
    }

    public int VerifiedBlocks => _done.Count(d => Volatile.Read(ref d) != 0);

    public bool IsComplete => Array.TrueForAll(_done, d => d != 0);

    public bool IsDone(int block) => Volatile.Read(ref _done[block]) != 0;

    public long BlockStart(int block) => (long)block * BlockSize;

    public long BlockLength(int block) => Math.Min(BlockSize, Length - BlockStart(block));

    public int BlockOf(long offset) => (int)(offset / BlockSize);

    /// <summary>Records a block whose bytes are written and makes the manifest say so before returning.</summary>
    public void Record(int block, ulong hash)
    {
        _hashes[block] = hash;
        Volatile.Write(ref _done[block], 1);
        Commit();
    }

    /// <summary>Marks blocks as not verified (their bytes are bad) and rewrites the manifest.</summary>
    public void Forget(IEnumerable<int> blocks)
    {
        foreach (int block in blocks)
        {
            Volatile.Write(ref _done[block], 0);
            Pieces.Forget(BlockStart(block), BlockLength(block));
        }

        Commit();
    }

    /// <summary>Marks the file complete (or not) with its last-write time, and rewrites the manifest.</summary>
    public void SetComplete(bool complete, DateTime? lastWriteUtc, int zipEntriesChecked, string? unflushedBootId = null)
    {
        lock (_gate)
        {
            _manifest.Complete = complete;
            _manifest.FileLastWriteUtc = lastWriteUtc;
            _manifest.ZipEntriesChecked = zipEntriesChecked;
            _manifest.UnflushedBootId = unflushedBootId;
        }

        Commit();
    }

    /// <summary>Writes the manifest unless a write that started after this call already covers it.</summary>
    public void Commit()
    {
        int target = Interlocked.Increment(ref _requested);

        // A manifest write takes well under a millisecond; a connection that finds another one
        // writing waits for it, and returns at once when that write already covered its block.
        lock (_gate)
        {
            if (Volatile.Read(ref _written) >= target)
            {
                return;
            }

            int covered = Volatile.Read(ref _requested);
            for (int i = 0; i < Count; i++)
            {
                _manifest.Blocks[i] = IsDone(i) ? DownloadManifest.FormatHash(_hashes[i]) : null;
            }

            _manifest.Save(_manifestPath);
            Volatile.Write(ref _written, covered);
        }
    }

    /// <summary>The runs of consecutive blocks that are not verified, as [start, end) block indices.</summary>
    public List<(int Start, int End)> MissingRuns()
    {
        var runs = new List<(int, int)>();
        int i = 0;
        while (i < Count)
        {
            if (IsDone(i))
            {
                i++;
                continue;
            }

            int start = i;
            while (i < Count && !IsDone(i))
            {
                i++;
            }

            runs.Add((start, i));
        }

        return runs;
    }

    /// <summary>
    /// Re-hashes every recorded block of <paramref name="handle"/> (two at a time) and returns the
    /// ones that no longer match; they are not forgotten here (see <see cref="Forget"/>). The pieces'
    /// CRC-32 are taken on the way, from the bytes on disk, so they are right for bad blocks too.
    /// </summary>
    public async Task<List<int>> FindBadBlocksAsync(SafeFileHandle handle, ProgressReporter progress, CancellationToken cancellationToken)
    {
        long fileLength = RandomAccess.GetLength(handle);
        var bad = new List<int>();
        var recorded = Enumerable.Range(0, Count).Where(IsDone).ToArray();
        await Parallel.ForEachAsync(
            recorded,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Clamp(Environment.ProcessorCount, 1, 4), CancellationToken = cancellationToken },
            async (block, token) =>
            {
                long length = BlockLength(block);
                bool good = BlockStart(block) + length <= fileLength
                    && await HashAsync(handle, BlockStart(block), length, new PieceCrcs.Hasher(Pieces), token).ConfigureAwait(false) == _hashes[block];
                if (!good)
                {
                    lock (bad)
                    {
                        bad.Add(block);
                    }
                }

                progress.Add(length);
            }).ConfigureAwait(false);
        bad.Sort();
        return bad;
    }

    private static async ValueTask<ulong> HashAsync(SafeFileHandle handle, long offset, long length, PieceCrcs.Hasher pieces, CancellationToken cancellationToken)
    {
        var hasher = new XxHash3();
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(IoBufferSize, length));
        try
        {
            long done = 0;
            while (done < length)
            {
                int want = (int)Math.Min(buffer.Length, length - done);
                int read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), offset + done, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return ~hasher.GetCurrentHashAsUInt64();
                }

                hasher.Append(buffer.AsSpan(0, read));
                pieces.Append(buffer.AsSpan(0, read), offset + done);
                done += read;
            }

            return hasher.GetCurrentHashAsUInt64();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
