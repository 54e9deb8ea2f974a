using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using VisemQc.Tests.Archive;

namespace VisemQc.Benchmarks;

/// <summary>What an entry's data is made of.</summary>
internal enum EntryData
{
    /// <summary>The given bytes.</summary>
    Bytes,

    /// <summary>Zeros left as a hole of a sparse file: nothing is written to disk.</summary>
    Hole,

    /// <summary>Pseudo-random bytes from a seed, really written (for reads that must hit real data).</summary>
    Random,

    /// <summary>The bytes of a file on disk, copied in (a real video, for decoding).</summary>
    File,
}

/// <summary>One stored entry to write.</summary>
internal sealed record ZipEntrySpec(string Name, long Length, EntryData Data, byte[]? Content = null, int Seed = 0, string? SourcePath = null)
{
    public static ZipEntrySpec FromBytes(string name, byte[] content) => new(name, content.Length, EntryData.Bytes, content);

    public static ZipEntrySpec Hole(string name, long length) => new(name, length, EntryData.Hole);

    public static ZipEntrySpec Random(string name, long length, int seed) => new(name, length, EntryData.Random, Seed: seed);

    public static ZipEntrySpec FromFile(string name, string sourcePath) => new(name, new FileInfo(sourcePath).Length, EntryData.File, SourcePath: sourcePath);
}

/// <summary>Where an entry landed in the archive.</summary>
internal sealed record WrittenEntry(string Name, long LocalHeaderOffset, long DataOffset, long Length, uint Crc32);

/// <summary>What <see cref="DatasetZipWriter.Write"/> wrote.</summary>
internal sealed record WrittenZip(string Path, long FileLength, bool IsZip64, IReadOnlyList<WrittenEntry> Entries)
{
    public WrittenEntry this[string name] => Entries.Single(e => e.Name == name);
}

/// <summary>
/// A minimal writer of stored-only zip archives of any size, in the approach of the tests'
/// <see cref="SparseZip64Writer"/>: entries of zeros are holes of a sparse file (a 4.5 GB archive costs a
/// few KB of disk and milliseconds), their CRC-32 computed without hashing them
/// (<see cref="SparseZip64Writer.Crc32OfZeros"/>), so every CRC in the archive is correct. Zip64 is used
/// only where a value does not fit, as Info-ZIP does: the local header offset of entries beyond 4 GiB
/// (in a Zip64 extra field of the central header) and the Zip64 end record and locator when the
/// central directory starts beyond 4 GiB. Entries themselves must be smaller than 4 GiB.
/// </summary>
internal static class DatasetZipWriter
{
    private const ushort VersionDefault = 20;
    private const ushort VersionZip64 = 45;
    private const ushort UnixHost = 3 << 8;
    private const ushort DosTime = (12 << 11) | (34 << 5) | (56 / 2);
    private const ushort DosDate = ((2024 - 1980) << 9) | (5 << 5) | 6;
    private const int ChunkSize = 1 << 20;

    public static WrittenZip Write(string path, IEnumerable<ZipEntrySpec> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var written = new List<WrittenEntry>();
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
        foreach (var entry in entries)
        {
            if (entry.Length >= uint.MaxValue)
            {
                throw new NotSupportedException($"Entry '{entry.Name}' is {entry.Length} bytes: this writer only writes entries under 4 GiB.");
            }

            byte[] name = Encoding.UTF8.GetBytes(entry.Name);
            long headerOffset = file.Position;
            uint crc = entry.Data switch
            {
                EntryData.Bytes => Crc32.HashToUInt32(entry.Content),
                EntryData.Hole => SparseZip64Writer.Crc32OfZeros(entry.Length),
                _ => 0, // patched once the data is written
            };

            var header = new LittleEndian(30 + name.Length);
            header.UInt32(0x04034b50).UInt16(VersionDefault).UInt16(0).UInt16(0).UInt16(DosTime).UInt16(DosDate)
                .UInt32(crc).UInt32((uint)entry.Length).UInt32((uint)entry.Length)
                .UInt16((ushort)name.Length).UInt16(0).Bytes(name);
            file.Write(header.Buffer);
            long dataOffset = file.Position;

            switch (entry.Data)
            {
                case EntryData.Bytes:
                    file.Write(entry.Content);
                    break;
                case EntryData.Hole:
                    // Moving past the end and writing later leaves a hole: no block is allocated.
                    file.SetLength(dataOffset + entry.Length);
                    file.Position = dataOffset + entry.Length;
                    break;
                default:
                    crc = entry.Data == EntryData.File ? CopyFile(file, entry) : WriteRandom(file, entry.Length, entry.Seed);
                    file.Position = headerOffset + 14;
                    file.Write(new LittleEndian(4).UInt32(crc).Buffer);
                    file.Position = dataOffset + entry.Length;
                    break;
            }

            written.Add(new WrittenEntry(entry.Name, headerOffset, dataOffset, entry.Length, crc));
        }

        long directoryOffset = file.Position;
        foreach (var entry in written)
        {
            byte[] name = Encoding.UTF8.GetBytes(entry.Name);
            bool zip64 = entry.LocalHeaderOffset >= uint.MaxValue;
            ushort version = zip64 ? VersionZip64 : VersionDefault;
            var header = new LittleEndian(46 + name.Length + (zip64 ? 12 : 0));
            header.UInt32(0x02014b50).UInt16((ushort)(UnixHost | version)).UInt16(version).UInt16(0).UInt16(0)
                .UInt16(DosTime).UInt16(DosDate).UInt32(entry.Crc32).UInt32((uint)entry.Length).UInt32((uint)entry.Length)
                .UInt16((ushort)name.Length).UInt16(zip64 ? (ushort)12 : (ushort)0).UInt16(0)
                .UInt16(0).UInt16(0).UInt32(0x81A4u << 16).UInt32(zip64 ? uint.MaxValue : (uint)entry.LocalHeaderOffset)
                .Bytes(name);
            if (zip64)
            {
                header.UInt16(0x0001).UInt16(8).UInt64((ulong)entry.LocalHeaderOffset);
            }

            file.Write(header.Buffer);
        }

        long directorySize = file.Position - directoryOffset;
        bool needsZip64 = directoryOffset >= uint.MaxValue || written.Count >= ushort.MaxValue;
        if (needsZip64)
        {
            long recordOffset = file.Position;
            var zip64End = new LittleEndian(56 + 20);
            zip64End.UInt32(0x06064b50).UInt64(44).UInt16(UnixHost | VersionZip64).UInt16(VersionZip64)
                .UInt32(0).UInt32(0).UInt64((ulong)written.Count).UInt64((ulong)written.Count)
                .UInt64((ulong)directorySize).UInt64((ulong)directoryOffset);
            zip64End.UInt32(0x07064b50).UInt32(0).UInt64((ulong)recordOffset).UInt32(1);
            file.Write(zip64End.Buffer);
        }

        ushort count = (ushort)Math.Min(written.Count, ushort.MaxValue);
        var end = new LittleEndian(22);
        end.UInt32(0x06054b50).UInt16(0).UInt16(0).UInt16(count).UInt16(count)
            .UInt32((uint)directorySize).UInt32(directoryOffset >= uint.MaxValue ? uint.MaxValue : (uint)directoryOffset).UInt16(0);
        file.Write(end.Buffer);
        return new WrittenZip(Path.GetFullPath(path), file.Length, needsZip64, written);
    }

    private static uint WriteRandom(FileStream file, long length, int seed)
    {
        var random = new Random(seed);
        var crc = new Crc32();
        byte[] chunk = new byte[ChunkSize];
        for (long left = length; left > 0; left -= chunk.Length)
        {
            var part = chunk.AsSpan(0, (int)Math.Min(chunk.Length, left));
            random.NextBytes(part);
            crc.Append(part);
            file.Write(part);
        }

        return crc.GetCurrentHashAsUInt32();
    }

    private static uint CopyFile(FileStream file, ZipEntrySpec entry)
    {
        using var source = new FileStream(entry.SourcePath!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var crc = new Crc32();
        byte[] chunk = new byte[ChunkSize];
        long copied = 0;
        int read;
        while ((read = source.Read(chunk)) > 0)
        {
            crc.Append(chunk.AsSpan(0, read));
            file.Write(chunk, 0, read);
            copied += read;
        }

        return copied == entry.Length
            ? crc.GetCurrentHashAsUInt32()
            : throw new IOException($"'{entry.SourcePath}' changed while it was copied into the zip: {copied} bytes instead of {entry.Length}.");
    }

    /// <summary>Little-endian record builder over a buffer of the record's exact size.</summary>
    private sealed class LittleEndian(int size)
    {
        private int _position;

        public byte[] Buffer { get; } = new byte[size];

        public LittleEndian UInt16(ushort value)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(Buffer.AsSpan(_position), value);
            _position += 2;
            return this;
        }

        public LittleEndian UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(Buffer.AsSpan(_position), value);
            _position += 4;
            return this;
        }

        public LittleEndian UInt64(ulong value)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(Buffer.AsSpan(_position), value);
            _position += 8;
            return this;
        }

        public LittleEndian Bytes(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(Buffer.AsSpan(_position));
            _position += bytes.Length;
            return this;
        }
    }
}
