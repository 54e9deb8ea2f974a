using System.Buffers.Binary;
using System.Globalization;

namespace VisemQc.Archive;

/// <summary>The end-of-central-directory record, and the Zip64 locator and record that extend it.</summary>
internal sealed partial class ZipCentralDirectory
{
    private const uint EndRecordSignature = 0x06054b50;
    private const int EndRecordSize = 22;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const int Zip64LocatorSize = 20;
    private const uint Zip64RecordSignature = 0x06064b50;
    private const int Zip64RecordFixedSize = 56;

    private static ReadOnlySpan<byte> EndRecordSignatureBytes => [0x50, 0x4b, 0x05, 0x06];

    /// <summary>
    /// Where the central directory is, from the end record or the Zip64 record.
    /// <see cref="Offset"/> is the offset of the record these values come from.
    /// </summary>
    private readonly record struct EndRecord(
        long Offset,
        uint DiskNumber,
        uint DirectoryDisk,
        long EntriesOnDisk,
        long EntryCount,
        long DirectorySize,
        long DirectoryOffset,
        bool HasZip64Markers);

    /// <summary>
    /// Searches the tail backwards for the end record whose comment ends exactly at the end of the
    /// file; when none does (bytes appended after the archive), takes the candidate nearest the end.
    /// </summary>
    private static EndRecord FindEndRecord(ReadOnlySpan<byte> tail, long tailStart, string archivePath)
    {
        int fallback = -1;
        int searchEnd = tail.Length - EndRecordSize + 4;
        while (searchEnd >= 4)
        {
            int index = tail[..searchEnd].LastIndexOf(EndRecordSignatureBytes);
            if (index < 0)
            {
                break;
            }

            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(tail[(index + 20)..]);
            if (index + EndRecordSize + commentLength == tail.Length)
            {
                return ParseEndRecord(tail[index..], tailStart + index);
            }

            if (fallback < 0)
            {
                fallback = index;
            }

            searchEnd = index + 3;
        }

        if (fallback < 0)
        {
            VisemQcThrow.IntegrityException_NoEndOfCentralDirectory(archivePath, tail.Length);
        }

        return ParseEndRecord(tail[fallback..], tailStart + fallback);
    }

    private static EndRecord ParseEndRecord(ReadOnlySpan<byte> record, long offset)
    {
        ushort diskNumber = BinaryPrimitives.ReadUInt16LittleEndian(record[4..]);
        ushort directoryDisk = BinaryPrimitives.ReadUInt16LittleEndian(record[6..]);
        ushort entriesOnDisk = BinaryPrimitives.ReadUInt16LittleEndian(record[8..]);
        ushort entryCount = BinaryPrimitives.ReadUInt16LittleEndian(record[10..]);
        uint directorySize = BinaryPrimitives.ReadUInt32LittleEndian(record[12..]);
        uint directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        bool markers = diskNumber == ushort.MaxValue || directoryDisk == ushort.MaxValue
            || entriesOnDisk == ushort.MaxValue || entryCount == ushort.MaxValue
            || directorySize == uint.MaxValue || directoryOffset == uint.MaxValue;
        return new EndRecord(offset, diskNumber, directoryDisk, entriesOnDisk, entryCount, directorySize, directoryOffset, markers);
    }

    /// <summary>
    /// Parses the Zip64 locator that may sit just before the end record. Returns <see langword="false"/>
    /// when there is none. A locator that does not make sense is an error when the end record says
    /// Zip64 values are needed (0xFFFF / 0xFFFFFFFF fields), and is ignored otherwise: the bytes before
    /// the end record then belong to the last entry or the central directory.
    /// </summary>
    private static bool TryParseZip64Locator(ReadOnlySpan<byte> locator, long locatorOffset, in EndRecord end, string archivePath, out long recordOffset)
    {
        recordOffset = 0;
        if (BinaryPrimitives.ReadUInt32LittleEndian(locator) != Zip64LocatorSignature)
        {
            return false;
        }

        uint recordDisk = BinaryPrimitives.ReadUInt32LittleEndian(locator[4..]);
        ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(locator[8..]);
        uint diskCount = BinaryPrimitives.ReadUInt32LittleEndian(locator[16..]);
        if (recordDisk != 0 || diskCount > 1)
        {
            if (!end.HasZip64Markers)
            {
                return false;
            }

            VisemQcThrow.IntegrityException_MultiDisk(archivePath, string.Create(CultureInfo.InvariantCulture, $"the Zip64 locator gives {diskCount} disks, the Zip64 record on disk {recordDisk}"));
        }

        if (locatorOffset < Zip64RecordFixedSize || offset > (ulong)(locatorOffset - Zip64RecordFixedSize))
        {
            if (!end.HasZip64Markers)
            {
                return false;
            }

            VisemQcThrow.IntegrityException_Zip64LocatorOutOfRange(archivePath, offset, locatorOffset);
        }

        recordOffset = (long)offset;
        return true;
    }

    /// <summary>Parses the fixed part of the Zip64 end record; <see langword="null"/> when its signature is wrong and the end record did not need it.</summary>
    private static EndRecord? ParseZip64Record(ReadOnlySpan<byte> record, long recordOffset, in EndRecord end, string archivePath)
    {
        uint signature = BinaryPrimitives.ReadUInt32LittleEndian(record);
        if (signature != Zip64RecordSignature)
        {
            if (!end.HasZip64Markers)
            {
                return null;
            }

            VisemQcThrow.IntegrityException_BadZip64RecordSignature(archivePath, recordOffset, signature);
        }

        uint diskNumber = BinaryPrimitives.ReadUInt32LittleEndian(record[16..]);
        uint directoryDisk = BinaryPrimitives.ReadUInt32LittleEndian(record[20..]);
        long entriesOnDisk = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(record[24..]), "number of entries on this disk", archivePath);
        long entryCount = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(record[32..]), "number of entries", archivePath);
        long directorySize = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(record[40..]), "central directory size", archivePath);
        long directoryOffset = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(record[48..]), "central directory offset", archivePath);
        return new EndRecord(recordOffset, diskNumber, directoryDisk, entriesOnDisk, entryCount, directorySize, directoryOffset, HasZip64Markers: false);
    }

    /// <summary>Checks that the archive is on one disk and that the central directory lies between the file's start and <paramref name="limit"/>.</summary>
    private static void CheckEndRecord(in EndRecord end, long limit, long length, string archivePath)
    {
        if (end.DiskNumber != 0 || end.DirectoryDisk != 0 || end.EntriesOnDisk != end.EntryCount)
        {
            VisemQcThrow.IntegrityException_MultiDisk(archivePath, string.Create(
                CultureInfo.InvariantCulture,
                $"the end record is on disk {end.DiskNumber}, the central directory starts on disk {end.DirectoryDisk}, {end.EntriesOnDisk} of {end.EntryCount} entries are on this disk"));
        }

        if (end.DirectoryOffset > limit || end.DirectorySize > limit - end.DirectoryOffset)
        {
            VisemQcThrow.IntegrityException_CentralDirectoryOutOfRange(archivePath, end.DirectoryOffset, end.DirectorySize, limit, length);
        }

        if (end.DirectorySize > Array.MaxLength)
        {
            VisemQcThrow.IntegrityException_CentralDirectoryTooLarge(archivePath, end.DirectorySize);
        }
    }

    private static long ToInt64(ulong value, string field, string archivePath, string? entryName = null)
    {
        if (value > long.MaxValue)
        {
            VisemQcThrow.IntegrityException_ValueOutOfRange(archivePath, entryName, field, value);
        }

        return (long)value;
    }
}
