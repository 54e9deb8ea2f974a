using System.IO.Hashing;
using VisemQc.Download;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Download;

public sealed class PieceCrcsTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 17)]
    [InlineData(1, 1)]
    [InlineData(4095, 4097)]
    [InlineData(65_536, 3)]
    [InlineData(100_003, 1_000_000)]
    public void Combine_GivesTheCrcOfTheJoinedBytes(int lengthA, int lengthB)
    {
        var bytes = RandomBytes(lengthA + lengthB, seed: lengthA ^ lengthB);
        uint crcA = Crc32.HashToUInt32(bytes.AsSpan(0, lengthA));
        uint crcB = Crc32.HashToUInt32(bytes.AsSpan(lengthA));

        Assert.Equal(Crc32.HashToUInt32(bytes), PieceCrcs.Combine(crcA, crcB, lengthB));
    }

    [Theory]
    [InlineData(8 << 20, 64 << 10)]
    [InlineData(4096, 4096)]
    [InlineData(12_288, 4096)]
    [InlineData(40_960, 8192)]
    public void PieceSize_DividesTheBlockSize(int blockSize, int expected)
        => Assert.Equal(expected, new PieceCrcs(1_000_000, blockSize).PieceSize);

    [Fact]
    public async Task ComputeAsync_MatchesCrc32OfTheRange_WhateverPiecesAreKnown()
    {
        using var folder = new TempFolder();
        const int blockSize = 12_288;
        var bytes = RandomBytes(200_001, seed: 7);
        string path = folder.Combine("file.bin");
        await File.WriteAllBytesAsync(path, bytes);
        using var handle = File.OpenHandle(path);
        var pieces = new PieceCrcs(bytes.Length, blockSize);

        // Streams as a download hands them over: blocks in any order, buffers of odd sizes, one
        // stream that starts inside a piece (its first piece stays unknown), one block never seen.
        var random = new Random(11);
        int blocks = (bytes.Length + blockSize - 1) / blockSize;
        foreach (int block in Enumerable.Range(0, blocks).OrderBy(_ => random.Next()).Where(b => b != 5))
        {
            var hasher = new PieceCrcs.Hasher(pieces);
            int start = block == 3 ? (block * blockSize) + 100 : block * blockSize;
            int end = Math.Min((block + 1) * blockSize, bytes.Length);
            for (int offset = start; offset < end;)
            {
                int count = Math.Min(random.Next(1, 5000), end - offset);
                hasher.Append(bytes.AsSpan(offset, count), offset);
                offset += count;
            }
        }

        int pieceCount = (bytes.Length + pieces.PieceSize - 1) / pieces.PieceSize;
        Assert.Equal(pieceCount - 1 - (blockSize / pieces.PieceSize), pieces.KnownCount);
        foreach (var (start, length) in new[] { (0, bytes.Length), (0, 0), (1, 4095), (4096, 8192), (12_287, 30_000), (150_000, 50_001), (61_440, 12_288) })
        {
            Assert.Equal(Crc32.HashToUInt32(bytes.AsSpan(start, length)), await pieces.ComputeAsync(handle, start, length, CancellationToken.None));
        }
    }

    [Fact]
    public async Task ComputeAsync_ReadsAPieceAgain_AfterItsBytesAreForgotten()
    {
        using var folder = new TempFolder();
        var bytes = RandomBytes(64 << 10, seed: 3);
        string path = folder.Combine("file.bin");
        await File.WriteAllBytesAsync(path, bytes);
        var pieces = new PieceCrcs(bytes.Length, 16 << 10);
        new PieceCrcs.Hasher(pieces).Append(bytes, 0);

        // The file changes under a known piece: a stale CRC would be combined until it is forgotten.
        bytes[20_000] ^= 0xFF;
        await File.WriteAllBytesAsync(path, bytes);
        using var handle = File.OpenHandle(path);
        Assert.NotEqual(Crc32.HashToUInt32(bytes), await pieces.ComputeAsync(handle, 0, bytes.Length, CancellationToken.None));

        pieces.Forget(16 << 10, 16 << 10);
        Assert.Equal(3, pieces.KnownCount);
        Assert.Equal(Crc32.HashToUInt32(bytes), await pieces.ComputeAsync(handle, 0, bytes.Length, CancellationToken.None));
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
