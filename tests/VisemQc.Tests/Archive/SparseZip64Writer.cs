using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace VisemQc.Tests.Archive;

/// <summary>Where <see cref="SparseZip64Writer.Write"/> put each part of the archive.</summary>
internal sealed record SparseZip64Layout(
    long BigLength,
    uint BigCrc32,
    long BigLocalHeaderOffset,
    long BigDataOffset,
    long SmallLocalHeaderOffset,
    long SmallDataOffset,
    uint SmallCrc32,
    long CentralDirectoryOffset,
    long SmallCentralHeaderOffset,
    long Zip64RecordOffset,
    long FileLength);

/// <summary>
/// Writes a Zip64 archive larger than 4 GiB as a sparse file, without writing gigabytes: a big
/// stored entry of zeros whose data is a hole (<see cref="FileStream.SetLength"/>), with its sizes in
/// Zip64 extra fields, then a small stored entry whose local header lies beyond 4 GiB, a central
/// directory with Zip64 extra fields, a Zip64 end record, its locator and an end record full of
/// 0xFFFF / 0xFFFFFFFF markers, and an optional archive comment.
/// </summary>
internal static class SparseZip64Writer
{
    public const string BigEntryName = "visem-qc/videos/zeros.bin";
    public const string SmallEntryName = "visem-qc/after-4gib.txt";

    /// <summary>The DOS time stamp written for both entries: 2024-05-06 12:34:56.</summary>
    public static readonly DateTime LastModified = new(2024, 5, 6, 12, 34, 56, DateTimeKind.Unspecified);

    private const ushort VersionZip64 = 45;
    private const ushort VersionMadeByUnix = (3 << 8) | VersionZip64;

    public static SparseZip64Layout Write(string path, long bigLength, ReadOnlySpan<byte> smallContent, ReadOnlySpan<byte> comment = default)
    {
        byte[] bigName = Encoding.UTF8.GetBytes(BigEntryName);
        byte[] smallName = Encoding.UTF8.GetBytes(SmallEntryName);
        uint bigCrc = Crc32OfZeros(bigLength);
        uint smallCrc = Crc32.HashToUInt32(smallContent);
        (ushort dosTime, ushort dosDate) = ToDos(LastModified);

        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

        // Big entry: the local header must carry both sizes in a Zip64 field when either is 0xFFFFFFFF.
        var local = new ByteWriter();
        WriteLocalHeader(local, bigName, bigCrc, uint.MaxValue, uint.MaxValue, dosTime, dosDate, zip64Extra: 16);
        local.UInt64((ulong)bigLength).UInt64((ulong)bigLength);
        file.Write(local.ToArray());
        long bigDataOffset = file.Position;

        // The zeros are a hole: extending the file writes nothing to disk.
        long smallHeaderOffset = bigDataOffset + bigLength;
        file.SetLength(smallHeaderOffset);
        file.Position = smallHeaderOffset;

        local = new ByteWriter();
        WriteLocalHeader(local, smallName, smallCrc, (uint)smallContent.Length, (uint)smallContent.Length, dosTime, dosDate, zip64Extra: 0);
        file.Write(local.ToArray());
        long smallDataOffset = file.Position;
        file.Write(smallContent);

        long directoryOffset = file.Position;
        var directory = new ByteWriter();

        // Big entry: both sizes in the Zip64 field (uncompressed first); its offset 0 fits in 32 bits.
        WriteCentralHeader(directory, bigName, bigCrc, uint.MaxValue, uint.MaxValue, 0, dosTime, dosDate, zip64Extra: 16);
        directory.UInt64((ulong)bigLength).UInt64((ulong)bigLength);

        // Small entry: only the local header offset is in the Zip64 field.
        long smallCentralHeaderOffset = directoryOffset + directory.WrittenCount;
        WriteCentralHeader(directory, smallName, smallCrc, (uint)smallContent.Length, (uint)smallContent.Length, uint.MaxValue, dosTime, dosDate, zip64Extra: 8);
        directory.UInt64((ulong)smallHeaderOffset);
        byte[] directoryBytes = directory.ToArray();
        file.Write(directoryBytes);

        long zip64RecordOffset = file.Position;
        var end = new ByteWriter();
        end.UInt32(0x06064b50).UInt64(44).UInt16(VersionMadeByUnix).UInt16(VersionZip64)
            .UInt32(0).UInt32(0).UInt64(2).UInt64(2)
            .UInt64((ulong)directoryBytes.Length).UInt64((ulong)directoryOffset);
        end.UInt32(0x07064b50).UInt32(0).UInt64((ulong)zip64RecordOffset).UInt32(1);
        end.UInt32(0x06054b50).UInt16(0xFFFF).UInt16(0xFFFF).UInt16(0xFFFF).UInt16(0xFFFF)
            .UInt32(uint.MaxValue).UInt32(uint.MaxValue).UInt16(checked((ushort)comment.Length))
            .Bytes(comment);
        file.Write(end.ToArray());

        return new SparseZip64Layout(
            bigLength, bigCrc, 0, bigDataOffset, smallHeaderOffset, smallDataOffset, smallCrc,
            directoryOffset, smallCentralHeaderOffset, zip64RecordOffset, file.Length);
    }

    /// <summary>
    /// The CRC-32 of <paramref name="length"/> zero bytes without hashing them: appending a zero byte
    /// is a linear map of the CRC register, so n zero bytes are that map's n-th power, computed by
    /// squaring (zlib's crc32_combine).
    /// </summary>
    public static uint Crc32OfZeros(long length)
    {
        // Operator for one zero bit, then squared up to one zero byte (8 bits).
        uint[] odd = new uint[32];
        uint[] even = new uint[32];
        odd[0] = 0xEDB88320;
        for (int n = 1; n < 32; n++)
        {
            odd[n] = 1u << (n - 1);
        }

        Square(even, odd); // 2 zero bits
        Square(odd, even); // 4 zero bits

        // The register starts as 0xFFFFFFFF and the result is inverted at the end.
        uint crc = 0xFFFFFFFF;
        while (length != 0)
        {
            Square(even, odd);
            if ((length & 1) != 0)
            {
                crc = Times(even, crc);
            }

            length >>= 1;
            if (length == 0)
            {
                break;
            }

            Square(odd, even);
            if ((length & 1) != 0)
            {
                crc = Times(odd, crc);
            }

            length >>= 1;
        }

        return crc ^ 0xFFFFFFFF;

        static uint Times(uint[] matrix, uint vector)
        {
            uint sum = 0;
            for (int i = 0; vector != 0; i++, vector >>= 1)
            {
                if ((vector & 1) != 0)
                {
                    sum ^= matrix[i];
                }
            }

            return sum;
        }

        static void Square(uint[] square, uint[] matrix)
        {
            for (int n = 0; n < 32; n++)
            {
                square[n] = Times(matrix, matrix[n]);
            }
        }
    }

    private static void WriteLocalHeader(ByteWriter writer, byte[] name, uint crc, uint compressedLength, uint length, ushort dosTime, ushort dosDate, ushort zip64Extra)
    {
        writer.UInt32(0x04034b50).UInt16(VersionZip64).UInt16(0).UInt16(0).UInt16(dosTime).UInt16(dosDate)
            .UInt32(crc).UInt32(compressedLength).UInt32(length)
            .UInt16((ushort)name.Length).UInt16(zip64Extra == 0 ? (ushort)0 : (ushort)(4 + zip64Extra))
            .Bytes(name);
        if (zip64Extra != 0)
        {
            writer.UInt16(0x0001).UInt16(zip64Extra);
        }
    }

    private static void WriteCentralHeader(ByteWriter writer, byte[] name, uint crc, uint compressedLength, uint length, uint localHeaderOffset, ushort dosTime, ushort dosDate, ushort zip64Extra)
    {
        writer.UInt32(0x02014b50).UInt16(VersionMadeByUnix).UInt16(VersionZip64).UInt16(0).UInt16(0)
            .UInt16(dosTime).UInt16(dosDate).UInt32(crc).UInt32(compressedLength).UInt32(length)
            .UInt16((ushort)name.Length).UInt16((ushort)(4 + zip64Extra)).UInt16(0)
            .UInt16(0).UInt16(0).UInt32(0x81A4u << 16).UInt32(localHeaderOffset)
            .Bytes(name)
            .UInt16(0x0001).UInt16(zip64Extra);
    }

    private static (ushort Time, ushort Date) ToDos(DateTime time) =>
        ((ushort)((time.Hour << 11) | (time.Minute << 5) | (time.Second / 2)),
         (ushort)(((time.Year - 1980) << 9) | (time.Month << 5) | time.Day));

    /// <summary>Little-endian record builder.</summary>
    private sealed class ByteWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();

        public ByteWriter UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(_buffer.GetSpan(2), value);
            _buffer.Advance(2);
            return this;
        }

        public ByteWriter UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer.GetSpan(4), value);
            _buffer.Advance(4);
            return this;
        }

        public ByteWriter UInt64(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
            _buffer.Advance(8);
            return this;
        }

        public ByteWriter Bytes(ReadOnlySpan<byte> bytes)
        {
            _buffer.Write(bytes);
            return this;
        }

        public int WrittenCount => _buffer.WrittenCount;

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }
}
