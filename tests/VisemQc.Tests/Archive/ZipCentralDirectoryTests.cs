using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using Microsoft.Win32.SafeHandles;
using VisemQc.Archive;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Archive;

public sealed class ZipCentralDirectoryTests : IDisposable
{
    private const long BigEntryLength = (1L << 32) + 12_345;

    private static readonly DateTime Timestamp = new(2024, 5, 6, 12, 34, 56, DateTimeKind.Unspecified);
    private static readonly byte[] SmallContent = Encoding.UTF8.GetBytes("bytes after the 4 GiB mark\n");

    private readonly string _folder;

    public ZipCentralDirectoryTests()
    {
        _folder = Path.Combine(Path.GetTempPath(), "visemqc-zipcd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_folder);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // ---- Archives written by System.IO.Compression.ZipArchive ----

    [Fact]
    public void Read_StoredEntriesFromZipArchive_ListsEntriesAndDataOffsetsPointAtContent()
    {
        TestEntry[] entries =
        [
            new("visem-qc/", [], CompressionLevel.NoCompression),
            new("visem-qc/videos/623.mkv", RandomBytes(1, 150_000), CompressionLevel.NoCompression),
            new("visem-qc/videos/empty.mkv", [], CompressionLevel.NoCompression),
            new("visem-qc/notes-é.txt", Encoding.UTF8.GetBytes("héllo"), CompressionLevel.NoCompression),
        ];
        string path = WriteWithZipArchive("stored.zip", entries, seekable: true);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        Assert.Equal(path, directory.ArchivePath);
        Assert.Equal(new FileInfo(path).Length, directory.ArchiveLength);
        Assert.False(directory.IsZip64);
        AssertEntriesMatch(entries, directory);

        // .NET writes method 0 (stored) for CompressionLevel.NoCompression.
        Assert.All(directory.Entries, e => Assert.Equal(ZipCompressionMethod.Stored, e.CompressionMethod));
        Assert.True(directory.Entries[0].IsDirectory);
        Assert.All(directory.Entries, e => Assert.True(e.IsNameSafe));
        Assert.All(directory.Entries, e => Assert.Equal(Timestamp, e.LastModified));
        AssertStoredDataMatches(path, directory, entries);
    }

    [Fact]
    public void Read_DeflatedEntriesFromZipArchive_ListsSizesAndCrcAndDataInflatesToContent()
    {
        TestEntry[] entries =
        [
            new("visem-qc/semen_analysis_data.csv", CompressibleBytes(40_000), CompressionLevel.Optimal),
            new("visem-qc/videos/1.avi", RandomBytes(2, 70_000), CompressionLevel.SmallestSize),
        ];
        string path = WriteWithZipArchive("deflated.zip", entries, seekable: true);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        AssertEntriesMatch(entries, directory);
        Assert.All(directory.Entries, e => Assert.Equal(ZipCompressionMethod.Deflated, e.CompressionMethod));
        Assert.True(directory.Entries[0].CompressedLength < directory.Entries[0].Length / 4);
        AssertDeflatedDataMatches(path, directory, entries);
    }

    [Fact]
    public void Read_ZipArchiveOnNonSeekableStream_TakesSizesFromCentralDirectoryForDataDescriptorEntries()
    {
        TestEntry[] entries =
        [
            new("visem-qc/videos/2.avi", RandomBytes(3, 50_000), CompressionLevel.NoCompression),
            new("visem-qc/semen_analysis_data.csv", CompressibleBytes(20_000), CompressionLevel.Optimal),
        ];
        string path = WriteWithZipArchive("descriptors.zip", entries, seekable: false);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        AssertEntriesMatch(entries, directory);
        Assert.All(directory.Entries, e => Assert.True(e.HasDataDescriptor, $"{e.Name}: flag bit 3 expected, flags 0x{e.Flags:x4}"));
        Assert.All(directory.Entries, e => Assert.False(e.IsEncrypted));

        // Streaming .NET still writes NoCompression entries as stored, sizes only in the descriptor.
        Assert.Equal(ZipCompressionMethod.Stored, directory.Entries[0].CompressionMethod);
        AssertStoredDataMatches(path, directory, entries);
        AssertDeflatedDataMatches(path, directory, entries);
    }

    [Fact]
    public async Task ReadAsync_SameArchive_MatchesSyncRead()
    {
        TestEntry[] entries =
        [
            new("visem-qc/videos/3.avi", RandomBytes(4, 30_000), CompressionLevel.NoCompression),
            new("visem-qc/videos/4.avi", CompressibleBytes(30_000), CompressionLevel.Fastest),
        ];
        string path = WriteWithZipArchive("async.zip", entries, seekable: true);

        using SafeFileHandle handle = File.OpenHandle(path, options: FileOptions.Asynchronous);
        ZipCentralDirectory sync = ZipCentralDirectory.Read(handle, path);
        ZipCentralDirectory async = await ZipCentralDirectory.ReadAsync(handle, path);

        AssertEntriesMatch(entries, async);
        Assert.Equal(sync.CentralDirectoryOffset, async.CentralDirectoryOffset);
        Assert.Equal(sync.BytesRead, async.BytesRead);
        for (int i = 0; i < entries.Length; i++)
        {
            Assert.Equal(sync.GetDataOffset(sync.Entries[i]), await async.GetDataOffsetAsync(async.Entries[i]));
        }

        AssertStoredDataMatches(path, async, entries);
    }

    // ---- Archives written by Info-ZIP ----

    [Trait(Requires.Key, Requires.Zip)]
    [Fact]
    public void Read_InfoZipArchive_DataOffsetsUseTheLocalExtraFieldLength()
    {
        TestEntry[] entries =
        [
            new("visem-qc/videos/623.mkv", RandomBytes(5, 120_000), CompressionLevel.NoCompression),
            new("visem-qc/semen_analysis_data.csv", CompressibleBytes(25_000), CompressionLevel.SmallestSize),
        ];
        string source = WriteSourceFiles(entries);
        string path = Path.Combine(_folder, "infozip.zip");
        RunZip(source, ["-q", "-0", path, entries[0].Name]);
        RunZip(source, ["-q", "-9", path, entries[1].Name]);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        AssertEntriesMatch(entries, directory);
        Assert.Equal(ZipCompressionMethod.Stored, directory.Entries[0].CompressionMethod);
        Assert.Equal(ZipCompressionMethod.Deflated, directory.Entries[1].CompressionMethod);
        Assert.All(directory.Entries, e => Assert.Equal(Timestamp, e.LastModified));

        // Info-ZIP's local extra fields (UT with more timestamps, ux) are longer than the central ones.
        byte[] file = File.ReadAllBytes(path);
        foreach (ZipEntryInfo entry in directory.Entries)
        {
            int localExtraLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan((int)entry.LocalHeaderOffset + 28));
            int centralExtraLength = CentralExtraLength(file, directory.CentralDirectoryOffset, entry.Index);
            Assert.NotEqual(centralExtraLength, localExtraLength);
            long expected = entry.LocalHeaderOffset + 30 + Encoding.UTF8.GetByteCount(entry.Name) + localExtraLength;
            Assert.Equal(expected, directory.GetDataOffset(entry));
        }

        AssertStoredDataMatches(path, directory, entries);
        AssertDeflatedDataMatches(path, directory, entries);
    }

    [Trait(Requires.Key, Requires.Zip)]
    [Fact]
    public void Read_InfoZipStreamedToPipe_TakesSizesFromCentralDirectory()
    {
        TestEntry[] entries =
        [
            new("visem-qc/videos/5.avi", RandomBytes(6, 40_000), CompressionLevel.NoCompression),
            new("visem-qc/semen_analysis_data.csv", CompressibleBytes(40_000), CompressionLevel.Optimal),
        ];
        string source = WriteSourceFiles(entries);
        string path = Path.Combine(_folder, "infozip-streamed.zip");

        // Output to a pipe is not seekable, so zip writes data descriptors; -n stores the .avi.
        RunZip(source, ["-q", "-6", "-n", ".avi", "-", entries[0].Name, entries[1].Name], stdoutPath: path);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        AssertEntriesMatch(entries, directory);
        Assert.Equal(ZipCompressionMethod.Stored, directory.Entries[0].CompressionMethod);
        Assert.Equal(ZipCompressionMethod.Deflated, directory.Entries[1].CompressionMethod);
        Assert.All(directory.Entries, e => Assert.True(e.HasDataDescriptor, $"{e.Name}: flag bit 3 expected, flags 0x{e.Flags:x4}"));
        AssertStoredDataMatches(path, directory, entries);
        AssertDeflatedDataMatches(path, directory, entries);
    }

    [Trait(Requires.Key, Requires.Zip)]
    [Fact]
    public void Read_ExtraFieldLongerThanItsEntry_ThrowsArchiveExceptionNamingEntry()
    {
        TestEntry[] entries = [new("visem-qc/videos/7.avi", RandomBytes(7, 1_000), CompressionLevel.NoCompression)];
        string source = WriteSourceFiles(entries);
        string path = Path.Combine(_folder, "bad-extra.zip");
        RunZip(source, ["-q", "-0", path, entries[0].Name]);

        // The first extra field's size (after its 2-byte ID) claims more bytes than the entry has.
        byte[] file = File.ReadAllBytes(path);
        int header = (int)ReadEndRecord(file).DirectoryOffset;
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(header + 28));
        Assert.NotEqual(0, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(header + 30)));
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(header + 46 + nameLength + 2), 0x7FFF);
        File.WriteAllBytes(path, file);

        VisemQcIntegrityException error = AssertReadThrows(path, "extra field");
        Assert.Equal([entries[0].Name], error.EntryNames);
    }

    // ---- Zip64 ----

    [Fact]
    public void Crc32OfZeros_SmallLength_MatchesHashingTheZeros()
    {
        foreach (int length in new[] { 0, 1, 7, 4096, 3 * 1024 * 1024 + 5 })
        {
            Assert.Equal(Crc32.HashToUInt32(new byte[length]), SparseZip64Writer.Crc32OfZeros(length));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_535)]
    public async Task Read_SparseZip64ArchiveOver4GiB_ReadsZip64FieldsAndOnlyTheTail(int commentLength)
    {
        // With the longest comment, the locator, the Zip64 record and the directory lie before the tail.
        string path = Path.Combine(_folder, "zip64-sparse.zip");
        SparseZip64Layout layout = SparseZip64Writer.Write(path, BigEntryLength, SmallContent, new byte[commentLength]);
        Assert.True(layout.FileLength > 1L << 32);
        Assert.True(layout.SmallLocalHeaderOffset > uint.MaxValue);

        using (SafeFileHandle handle = File.OpenHandle(path, options: FileOptions.Asynchronous))
        {
            ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);
            ZipCentralDirectory asyncDirectory = await ZipCentralDirectory.ReadAsync(handle, path);

            Assert.True(directory.IsZip64);
            Assert.Equal(layout.FileLength, directory.ArchiveLength);
            Assert.Equal(layout.CentralDirectoryOffset, directory.CentralDirectoryOffset);
            Assert.Equal(2, directory.Entries.Count);

            ZipEntryInfo big = directory.Entries[0];
            Assert.Equal(SparseZip64Writer.BigEntryName, big.Name);
            Assert.Equal(ZipCompressionMethod.Stored, big.CompressionMethod);
            Assert.Equal(BigEntryLength, big.Length);
            Assert.Equal(BigEntryLength, big.CompressedLength);
            Assert.Equal(layout.BigCrc32, big.Crc32);
            Assert.Equal(0, big.LocalHeaderOffset);
            Assert.Equal(SparseZip64Writer.LastModified, big.LastModified);
            Assert.Equal(layout.BigDataOffset, directory.GetDataOffset(big));

            Assert.True(directory.TryGetEntry(SparseZip64Writer.SmallEntryName, out ZipEntryInfo? small));
            Assert.Equal(SmallContent.Length, small.Length);
            Assert.Equal(Crc32.HashToUInt32(SmallContent), small.Crc32);
            Assert.Equal(layout.SmallLocalHeaderOffset, small.LocalHeaderOffset);
            long smallDataOffset = directory.GetDataOffset(small);
            Assert.Equal(layout.SmallDataOffset, smallDataOffset);
            Assert.Equal(SmallContent, ReadAt(handle, smallDataOffset, SmallContent.Length));

            Assert.True(directory.BytesRead < 128 * 1024, $"read {directory.BytesRead} bytes of a {layout.FileLength}-byte file");

            // The 65,557-byte tail, then the locator, Zip64 record and directory only when outside it, then 2 local headers.
            long directorySize = layout.Zip64RecordOffset - layout.CentralDirectoryOffset;
            long outsideTail = commentLength == 0 ? 0 : 20 + 56 + directorySize;
            Assert.Equal(65_557 + outsideTail + (2 * 30), directory.BytesRead);
            Assert.Equal(directory.BytesRead - 60, asyncDirectory.BytesRead);
            Assert.Equal(layout.SmallDataOffset, await asyncDirectory.GetDataOffsetAsync(asyncDirectory.Entries[1]));
            Assert.Equal(layout.BigDataOffset, await asyncDirectory.GetDataOffsetAsync(asyncDirectory.Entries[0]));
        }

        // Cross-check the hand-written archive with System.IO.Compression.
        using (ZipArchive archive = ZipFile.OpenRead(path))
        {
            Assert.Equal(new[] { SparseZip64Writer.BigEntryName, SparseZip64Writer.SmallEntryName }, archive.Entries.Select(e => e.FullName));
            Assert.Equal(BigEntryLength, archive.Entries[0].Length);
            using Stream stream = archive.Entries[1].Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            Assert.Equal(SmallContent, copy.ToArray());
        }

        File.Delete(path);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Read_Zip64ExtraFieldShorterThanMarkedValues_ThrowsArchiveExceptionNamingEntry()
    {
        string path = Path.Combine(_folder, "zip64-short-extra.zip");
        SparseZip64Layout layout = SparseZip64Writer.Write(path, BigEntryLength, SmallContent);

        // The small entry's Zip64 field claims 4 bytes; its offset marked 0xFFFFFFFF needs 8.
        int nameLength = Encoding.UTF8.GetByteCount(SparseZip64Writer.SmallEntryName);
        PatchFile(path, layout.SmallCentralHeaderOffset + 46 + nameLength + 2, [4, 0]);

        VisemQcIntegrityException error = AssertReadThrows(path, "Zip64 extra field");
        Assert.Equal([SparseZip64Writer.SmallEntryName], error.EntryNames);
    }

    [Fact]
    public void Read_Zip64RecordSignatureDamaged_ThrowsArchiveException()
    {
        string path = Path.Combine(_folder, "zip64-bad-record.zip");
        SparseZip64Layout layout = SparseZip64Writer.Write(path, BigEntryLength, SmallContent);
        PatchFile(path, layout.Zip64RecordOffset, "XX"u8.ToArray());

        AssertReadThrows(path, $"(signature 0x06064b50) at offset {layout.Zip64RecordOffset}");
    }

    // ---- End record search ----

    [Fact]
    public void Read_ArchiveWith60KBCommentContainingFakeEndRecords_FindsTheRealEndRecord()
    {
        TestEntry[] entries = [new("visem-qc/videos/8.avi", RandomBytes(8, 10_000), CompressionLevel.NoCompression)];
        string path = WriteWithZipArchive("comment.zip", entries, seekable: true);

        // A comment with end-record signatures inside it, none of whose comment lengths fits.
        byte[] comment = new byte[60_000];
        new Random(9).NextBytes(comment);
        for (int i = 100; i < comment.Length - 22; i += 7_919)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(comment.AsSpan(i), 0x06054b50);
            BinaryPrimitives.WriteUInt16LittleEndian(comment.AsSpan(i + 20), 0xFFFF);
        }

        AppendComment(path, comment);
        long length = new FileInfo(path).Length;

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        // The directory lies inside the tail read to find the end record: one read in all.
        Assert.Equal(Math.Min(length, 22 + 65_535), directory.BytesRead);
        AssertEntriesMatch(entries, directory);
        AssertStoredDataMatches(path, directory, entries);
    }

    // ---- Errors ----

    [Fact]
    public void Read_FileThatIsNotAZip_ThrowsArchiveExceptionWithPath()
    {
        string path = Path.Combine(_folder, "not-a-zip.mkv");
        File.WriteAllBytes(path, RandomBytes(10, 100_000));

        VisemQcIntegrityException error = AssertReadThrows(path, "not a zip archive (no end-of-central-directory record in the last 65557 bytes");
        Assert.Empty(error.EntryNames);
    }

    [Fact]
    public void Read_FileShorterThanAnEndRecord_ThrowsArchiveException()
    {
        string path = Path.Combine(_folder, "tiny.zip");
        File.WriteAllBytes(path, [0x50, 0x4b, 0x05, 0x06, 0, 0]);

        AssertReadThrows(path, "shorter than the 22-byte end-of-central-directory record");
    }

    [Fact]
    public void Read_ArchiveCutInTheCentralDirectory_ThrowsArchiveException()
    {
        string path = WriteWithZipArchive("cut.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        long directoryOffset = ReadEndRecord(file).DirectoryOffset;
        File.WriteAllBytes(path, file[..(int)(directoryOffset + 60)]);

        AssertReadThrows(path, "not a zip archive");
    }

    [Fact]
    public void Read_CentralDirectoryOffsetPastTheEnd_ThrowsArchiveException()
    {
        string path = WriteWithZipArchive("offset.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 22 + 16), (uint)file.Length + 1_000);
        File.WriteAllBytes(path, file);

        AssertReadThrows(path, "places the central directory at offset");
    }

    [Fact]
    public void Read_BadCentralHeaderSignature_ThrowsArchiveExceptionWithOffset()
    {
        string path = WriteWithZipArchive("signature.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        long directoryOffset = ReadEndRecord(file).DirectoryOffset;
        file[directoryOffset] = (byte)'X';
        File.WriteAllBytes(path, file);

        AssertReadThrows(path, $"signature 0x02014b50) at offset {directoryOffset}");
    }

    [Fact]
    public void Read_EntryCountDiffersFromEndRecord_ThrowsArchiveException()
    {
        string path = WriteWithZipArchive("count.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 22 + 8), 3);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 22 + 10), 3);
        File.WriteAllBytes(path, file);

        AssertReadThrows(path, "announces 3 entries but the central directory holds 2");
    }

    [Fact]
    public void Read_SplitArchive_ThrowsArchiveExceptionSayingUnsupported()
    {
        string path = WriteWithZipArchive("split.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 22 + 4), 2);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 22 + 6), 2);
        File.WriteAllBytes(path, file);

        AssertReadThrows(path, "split or multi-disk");
    }

    [Fact]
    public void Read_EncryptedFlag_ListsEntryAsEncrypted()
    {
        string path = WriteWithZipArchive("encrypted.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        long directoryOffset = ReadEndRecord(file).DirectoryOffset;
        file[directoryOffset + 8] |= 1;
        File.WriteAllBytes(path, file);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        Assert.True(directory.Entries[0].IsEncrypted);
        Assert.False(directory.Entries[1].IsEncrypted);
    }

    [Fact]
    public void GetDataOffset_LocalHeaderSignatureDamaged_ThrowsArchiveExceptionNamingEntry()
    {
        string path = WriteWithZipArchive("local.zip", SomeEntries(), seekable: true);
        using (SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.Write(handle, "XX"u8, 0);
        }

        using SafeFileHandle readHandle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(readHandle, path);
        var error = Assert.Throws<VisemQcIntegrityException>(() => directory.GetDataOffset(directory.Entries[0]));

        Assert.Equal(path, error.Path);
        Assert.Equal([directory.Entries[0].Name], error.EntryNames);
        Assert.Contains("signature 0x04034b50", error.Message, StringComparison.Ordinal);
        Assert.Equal(directory.GetDataOffset(directory.Entries[1]), directory.Entries[1].LocalHeaderOffset + 30 + directory.Entries[1].Name.Length);
    }

    [Fact]
    public void GetDataOffset_SizeRunsIntoCentralDirectory_ThrowsArchiveExceptionNamingEntry()
    {
        string path = WriteWithZipArchive("size.zip", SomeEntries(), seekable: true);
        byte[] file = File.ReadAllBytes(path);
        long directoryOffset = ReadEndRecord(file).DirectoryOffset;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan((int)directoryOffset + 20), 1_000_000);
        File.WriteAllBytes(path, file);

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);
        var error = Assert.Throws<VisemQcIntegrityException>(() => directory.GetDataOffset(directory.Entries[0]));

        Assert.Equal([directory.Entries[0].Name], error.EntryNames);
        Assert.Contains("past the central directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetDataOffset_CalledTwice_ReadsTheLocalHeaderOnce()
    {
        string path = WriteWithZipArchive("cache.zip", SomeEntries(), seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);
        long before = directory.BytesRead;

        long first = directory.GetDataOffset(directory.Entries[1]);
        long second = directory.GetDataOffset(directory.Entries[1]);

        Assert.Equal(first, second);
        Assert.Equal(before + 30, directory.BytesRead);
    }

    [Fact]
    public void GetDataOffset_EntryFromAnotherArchive_ThrowsArgumentException()
    {
        string path = WriteWithZipArchive("one.zip", SomeEntries(), seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory first = ZipCentralDirectory.Read(handle, path);
        ZipCentralDirectory second = ZipCentralDirectory.Read(handle, path);

        Assert.Throws<ArgumentException>(() => first.GetDataOffset(second.Entries[0]));
    }

    [Fact]
    public void TryGetEntry_ExactAndOtherCaseNames_MatchesOrdinally()
    {
        string path = WriteWithZipArchive("names.zip", SomeEntries(), seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        Assert.True(directory.TryGetEntry("visem-qc/videos/10.avi", out ZipEntryInfo? entry));
        Assert.Same(directory.Entries[0], entry);
        Assert.False(directory.TryGetEntry("VISEM-QC/videos/10.avi", out _));
        Assert.False(directory.TryGetEntry("videos/10.avi", out _));
    }

    [Fact]
    public void TryGetEntry_DuplicateNames_ReturnsTheFirstAndListsBoth()
    {
        TestEntry[] entries =
        [
            new("visem-qc/videos/12.avi", [1, 2, 3], CompressionLevel.NoCompression),
            new("visem-qc/videos/12.avi", [4, 5], CompressionLevel.NoCompression),
        ];
        string path = WriteWithZipArchive("duplicates.zip", entries, seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        Assert.Equal(2, directory.Entries.Count);
        Assert.True(directory.TryGetEntry("visem-qc/videos/12.avi", out ZipEntryInfo? entry));
        Assert.Same(directory.Entries[0], entry);
    }

    [Fact]
    public async Task ReadAsync_FileThatIsNotAZip_ThrowsArchiveException()
    {
        string path = Path.Combine(_folder, "not-a-zip-async.bin");
        File.WriteAllBytes(path, RandomBytes(13, 1_000));
        using SafeFileHandle handle = File.OpenHandle(path, options: FileOptions.Asynchronous);

        var error = await Assert.ThrowsAsync<VisemQcIntegrityException>(async () => await ZipCentralDirectory.ReadAsync(handle, path));
        Assert.Equal(path, error.Path);
    }

    [Fact]
    public async Task ReadAsync_CanceledToken_ThrowsOperationCanceledException()
    {
        string path = WriteWithZipArchive("canceled.zip", SomeEntries(), seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path, options: FileOptions.Asynchronous);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ZipCentralDirectory.ReadAsync(handle, path, new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Read_UnsafeEntryNames_ListsThemWithIsNameSafeFalse()
    {
        TestEntry[] entries =
        [
            new("../evil.txt", [1], CompressionLevel.NoCompression),
            new("/etc/passwd", [2], CompressionLevel.NoCompression),
            new("visem-qc/ok.txt", [3], CompressionLevel.NoCompression),
        ];
        string path = WriteWithZipArchive("unsafe.zip", entries, seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        AssertEntriesMatch(entries, directory);
        Assert.False(directory.Entries[0].IsNameSafe);
        Assert.False(directory.Entries[1].IsNameSafe);
        Assert.True(directory.Entries[2].IsNameSafe);
    }

    [Fact]
    public void Read_NameNotValidUtf8_DecodesItAsLatin1()
    {
        string path = Path.Combine(_folder, "latin1.zip");
        using (FileStream file = File.Create(path))
        using (var archive = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: false, entryNameEncoding: Encoding.Latin1))
        {
            archive.CreateEntry("visem-qc/café.txt", CompressionLevel.NoCompression);
        }

        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        Assert.Equal("visem-qc/café.txt", directory.Entries[0].Name);
        Assert.Equal(0, directory.Entries[0].Flags & 0x800);
    }

    [Fact]
    public void GetDataOffset_ManyThreadsAtOnce_AllGetTheSameOffsets()
    {
        string path = WriteWithZipArchive("threads.zip", SomeEntries(), seekable: true);
        using SafeFileHandle handle = File.OpenHandle(path);
        ZipCentralDirectory reference = ZipCentralDirectory.Read(handle, path);
        long[] expected = reference.Entries.Select(reference.GetDataOffset).ToArray();
        ZipCentralDirectory directory = ZipCentralDirectory.Read(handle, path);

        var results = new long[64];
        Parallel.For(0, results.Length, i => results[i] = directory.GetDataOffset(directory.Entries[i % expected.Length]));

        Assert.All(Enumerable.Range(0, results.Length), i => Assert.Equal(expected[i % expected.Length], results[i]));
    }

    // ---- Helpers ----

    private sealed record TestEntry(string Name, byte[] Content, CompressionLevel Level);

    private static TestEntry[] SomeEntries() =>
    [
        new("visem-qc/videos/10.avi", RandomBytes(11, 5_000), CompressionLevel.NoCompression),
        new("visem-qc/videos/11.avi", RandomBytes(12, 5_000), CompressionLevel.NoCompression),
    ];

    private static byte[] RandomBytes(int seed, int length)
    {
        byte[] bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static byte[] CompressibleBytes(int length)
    {
        var text = new StringBuilder();
        for (int i = 0; text.Length < length; i++)
        {
            text.Append(i).Append(";12.5;30.1;").Append(i % 7).AppendLine(";57.4");
        }

        return Encoding.ASCII.GetBytes(text.ToString(0, length));
    }

    private string WriteWithZipArchive(string fileName, TestEntry[] entries, bool seekable)
    {
        string path = Path.Combine(_folder, fileName);
        using FileStream file = File.Create(path);
        using Stream target = seekable ? file : new NonSeekableWriteStream(file);
        using (var archive = new ZipArchive(target, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (TestEntry entry in entries)
            {
                ZipArchiveEntry zipEntry = archive.CreateEntry(entry.Name, entry.Level);
                zipEntry.LastWriteTime = Timestamp;
                if (!entry.Name.EndsWith('/'))
                {
                    using Stream stream = zipEntry.Open();
                    stream.Write(entry.Content);
                }
            }
        }

        return path;
    }

    private string WriteSourceFiles(TestEntry[] entries)
    {
        string source = Path.Combine(_folder, "source-" + Guid.NewGuid().ToString("N"));
        foreach (TestEntry entry in entries)
        {
            string file = Path.Combine(source, entry.Name);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, entry.Content);
            File.SetLastWriteTime(file, Timestamp);
        }

        return source;
    }

    private static void RunZip(string workingDirectory, string[] arguments, string? stdoutPath = null)
    {
        var start = new ProcessStartInfo("zip")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = stdoutPath is not null,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (stdoutPath is not null)
        {
            using FileStream output = File.Create(stdoutPath);
            process.StandardOutput.BaseStream.CopyTo(output);
        }

        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"zip {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
    }

    private static void AssertEntriesMatch(TestEntry[] expected, ZipCentralDirectory directory)
    {
        Assert.Equal(expected.Select(e => e.Name), directory.Entries.Select(e => e.Name));
        for (int i = 0; i < expected.Length; i++)
        {
            ZipEntryInfo entry = directory.Entries[i];
            Assert.Equal(i, entry.Index);
            Assert.Equal(expected[i].Content.Length, entry.Length);
            Assert.Equal(Crc32.HashToUInt32(expected[i].Content), entry.Crc32);
            Assert.True(directory.TryGetEntry(expected[i].Name, out ZipEntryInfo? found));
            Assert.Same(entry, found);
        }
    }

    private static void AssertStoredDataMatches(string path, ZipCentralDirectory directory, TestEntry[] expected)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        for (int i = 0; i < expected.Length; i++)
        {
            ZipEntryInfo entry = directory.Entries[i];
            if (entry.CompressionMethod == ZipCompressionMethod.Stored)
            {
                Assert.Equal(entry.Length, entry.CompressedLength);
                Assert.Equal(expected[i].Content, ReadAt(handle, directory.GetDataOffset(entry), (int)entry.CompressedLength));
            }
        }
    }

    private static void AssertDeflatedDataMatches(string path, ZipCentralDirectory directory, TestEntry[] expected)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        for (int i = 0; i < expected.Length; i++)
        {
            ZipEntryInfo entry = directory.Entries[i];
            if (entry.CompressionMethod == ZipCompressionMethod.Deflated)
            {
                byte[] compressed = ReadAt(handle, directory.GetDataOffset(entry), (int)entry.CompressedLength);
                using var inflater = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
                using var inflated = new MemoryStream();
                inflater.CopyTo(inflated);
                Assert.Equal(expected[i].Content, inflated.ToArray());
            }
        }
    }

    private static byte[] ReadAt(SafeFileHandle handle, long offset, int count)
    {
        byte[] buffer = new byte[count];
        int total = 0;
        while (total < count)
        {
            int read = RandomAccess.Read(handle, buffer.AsSpan(total), offset + total);
            Assert.NotEqual(0, read);
            total += read;
        }

        return buffer;
    }

    private static VisemQcIntegrityException AssertReadThrows(string path, string messagePart)
    {
        using SafeFileHandle handle = File.OpenHandle(path);
        var error = Assert.Throws<VisemQcIntegrityException>(() => ZipCentralDirectory.Read(handle, path));
        Assert.Equal(path, error.Path);
        Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
        return error;
    }

    /// <summary>The end record of a test archive without a comment: the last 22 bytes.</summary>
    private static (long DirectoryOffset, long DirectorySize) ReadEndRecord(byte[] file)
    {
        ReadOnlySpan<byte> end = file.AsSpan(file.Length - 22);
        Assert.Equal(0x06054b50u, BinaryPrimitives.ReadUInt32LittleEndian(end));
        return (BinaryPrimitives.ReadUInt32LittleEndian(end[16..]), BinaryPrimitives.ReadUInt32LittleEndian(end[12..]));
    }

    private static int CentralExtraLength(byte[] file, long directoryOffset, int index)
    {
        int position = (int)directoryOffset;
        for (int i = 0; ; i++)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(position + 28));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(position + 30));
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(position + 32));
            if (i == index)
            {
                return extraLength;
            }

            position += 46 + nameLength + extraLength + commentLength;
        }
    }

    private static void PatchFile(string path, long offset, byte[] bytes)
    {
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite);
        RandomAccess.Write(handle, bytes, offset);
    }

    private static void AppendComment(string path, byte[] comment)
    {
        byte[] file = File.ReadAllBytes(path);
        BinaryPrimitives.WriteUInt16LittleEndian(file.AsSpan(file.Length - 2), checked((ushort)comment.Length));
        File.WriteAllBytes(path, [.. file, .. comment]);
    }
}
