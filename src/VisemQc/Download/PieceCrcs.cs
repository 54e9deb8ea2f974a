using System.Buffers;
using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;

namespace VisemQc.Download;

/// <summary>
/// The CRC-32 of every piece of the file (aligned runs of up to 64 KiB that divide the block size),
/// taken while the bytes pass by anyway: as they arrive from the network, or as a block is re-read to
/// check its hash. The CRC-32 of any byte range is then put together from the pieces it covers
/// (<see cref="Combine"/>), so the zip check of stored entries, which are nearly all of the archive,
/// does not read the file a second time. Pieces nobody saw are read from the file.
/// </summary>
internal sealed class PieceCrcs
{
    public const int MaxPieceSize = 64 << 10;

    /// <summary>The reflected CRC-32 polynomial (IEEE 802.3), as used by zip and <see cref="Crc32"/>.</summary>
    private const uint Polynomial = 0xEDB88320;

    /// <summary>x^(2^k) modulo the polynomial for k = 0..63: enough for any length in bits below 2^64.</summary>
    private static readonly uint[] PowersOfX = BuildPowersOfX();

    private readonly uint[] _crcs;
    private readonly bool[] _known;
    private readonly uint _pieceOperator;

    public PieceCrcs(long length, int blockSize)
    {
        int size = MaxPieceSize;
        while (blockSize % size != 0)
        {
            size /= 2;
        }

        PieceSize = size;
        Length = length;
        int count = checked((int)((length + size - 1) / size));
        _crcs = new uint[count];
        _known = new bool[count];
        _pieceOperator = ShiftOperator(size);
    }

    /// <summary>The size of every piece but the file's last; it divides the block size, so no piece spans two blocks.</summary>
    public int PieceSize { get; }

    public long Length { get; }

    /// <summary>How many pieces have a known CRC-32 (for tests and logs).</summary>
    public int KnownCount => _known.Count(k => k);

    /// <summary>The CRC-32 of <c>A || B</c> from the CRC-32 of <c>A</c>, that of <c>B</c>, and the length of <c>B</c>.</summary>
    public static uint Combine(uint crcA, uint crcB, long lengthB)
        => lengthB == 0 ? crcA : Multiply(ShiftOperator(lengthB), crcA) ^ crcB;

    /// <summary>Forgets the pieces of a byte range whose bytes will be written again.</summary>
    public void Forget(long start, long length)
    {
        if (length <= 0)
        {
            return;
        }

        int first = (int)(start / PieceSize);
        int last = (int)((start + length - 1) / PieceSize);
        Array.Clear(_known, first, last - first + 1);
    }

    /// <summary>
    /// The CRC-32 of <paramref name="length"/> bytes of <paramref name="handle"/> at <paramref name="start"/>:
    /// known whole pieces are combined, everything else (the range's ragged ends, pieces nobody saw) is read.
    /// </summary>
    public async ValueTask<uint> ComputeAsync(SafeFileHandle handle, long start, long length, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + length, Length, nameof(length));
        uint crc = 0;
        long position = start;
        long end = start + length;
        byte[]? buffer = null;
        try
        {
            while (position < end)
            {
                int piece = (int)(position / PieceSize);
                long pieceStart = (long)piece * PieceSize;
                long pieceEnd = Math.Min(pieceStart + PieceSize, Length);
                if (position == pieceStart && pieceEnd <= end && Volatile.Read(ref _known[piece]))
                {
                    crc = pieceEnd - pieceStart == PieceSize
                        ? Multiply(_pieceOperator, crc) ^ _crcs[piece]
                        : Combine(crc, _crcs[piece], pieceEnd - pieceStart);
                    position = pieceEnd;
                    continue;
                }

                buffer ??= ArrayPool<byte>.Shared.Rent(PieceSize);
                int want = (int)(Math.Min(end, pieceEnd) - position);
                int read = await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, want), position, cancellationToken).ConfigureAwait(false);
                if (read < want)
                {
                    throw new EndOfStreamException($"The file ends at byte {position + read}, before byte {end} that a zip entry needs.");
                }

                crc = Combine(crc, Crc32.HashToUInt32(buffer.AsSpan(0, want)), want);
                position += want;
            }
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return crc;
    }

    private void Set(int piece, uint crc)
    {
        _crcs[piece] = crc;
        Volatile.Write(ref _known[piece], true);
    }

    /// <summary>The operator that appends <paramref name="length"/> zero bytes to a CRC: x^(8 × length) modulo the polynomial.</summary>
    private static uint ShiftOperator(long length)
    {
        uint result = 1u << 31; // x^0
        ulong bits = (ulong)length << 3;
        for (int k = 0; bits != 0; k++, bits >>= 1)
        {
            if ((bits & 1) != 0)
            {
                result = Multiply(PowersOfX[k], result);
            }
        }

        return result;
    }

    /// <summary>a(x) × b(x) modulo the polynomial, in the reflected bit order of the CRC (bit 31 is x^0).</summary>
    private static uint Multiply(uint a, uint b)
    {
        uint product = 0;
        for (uint bit = 1u << 31; bit != 0 && a != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
            {
                product ^= b;
                a ^= bit;
            }

            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }

        return product;
    }

    private static uint[] BuildPowersOfX()
    {
        var powers = new uint[64];
        powers[0] = 1u << 30; // x^1
        for (int k = 1; k < powers.Length; k++)
        {
            powers[k] = Multiply(powers[k - 1], powers[k - 1]);
        }

        return powers;
    }

    /// <summary>
    /// Takes the CRC-32 of each piece from bytes handed over in file order, one sequential stream
    /// at a time (a connection's run, a block being re-read). A stream that starts inside a piece
    /// skips to the next piece boundary: that piece stays unknown and is read at the end.
    /// </summary>
    public sealed class Hasher(PieceCrcs pieces)
    {
        private readonly Crc32 _crc = new();
        private long _next = -1;
        private bool _fromPieceStart;

        public void Append(ReadOnlySpan<byte> data, long offset)
        {
            if (offset != _next)
            {
                _crc.Reset();
                _fromPieceStart = offset % pieces.PieceSize == 0;
            }

            while (!data.IsEmpty)
            {
                int piece = (int)(offset / pieces.PieceSize);
                long pieceEnd = Math.Min(((long)piece + 1) * pieces.PieceSize, pieces.Length);
                int count = (int)Math.Min(data.Length, pieceEnd - offset);
                if (_fromPieceStart)
                {
                    _crc.Append(data[..count]);
                }

                offset += count;
                data = data[count..];
                if (offset == pieceEnd)
                {
                    if (_fromPieceStart)
                    {
                        pieces.Set(piece, _crc.GetCurrentHashAsUInt32());
                        _crc.Reset();
                    }

                    _fromPieceStart = true;
                }
            }

            _next = offset;
        }
    }
}
