using System.Buffers;
using System.IO.Hashing;

namespace VisemQc.Download;

/// <summary>The state of one connection: its position in the run it downloads, the hashes of the block in progress, two buffers.</summary>
internal sealed class Connection(int id, int bufferSize, PieceCrcs pieces) : IDisposable
{
    private readonly byte[] _first = ArrayPool<byte>.Shared.Rent(bufferSize);
    private readonly byte[] _second = ArrayPool<byte>.Shared.Rent(bufferSize);
    private bool _useSecond;

    public int Id { get; } = id;

    /// <summary>The next byte to receive; the bytes of its block before it are received, and stored or being stored.</summary>
    public long Offset { get; set; }

    public XxHash3 Hasher { get; } = new();

    public PieceCrcs.Hasher Pieces { get; } = new(pieces);

    public void Begin(long offset)
    {
        Offset = offset;
        Hasher.Reset();
    }

    /// <summary>The buffer to fill next; the other one may still be being written.</summary>
    public byte[] NextBuffer()
    {
        _useSecond = !_useSecond;
        return _useSecond ? _second : _first;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_first);
        ArrayPool<byte>.Shared.Return(_second);
    }
}
