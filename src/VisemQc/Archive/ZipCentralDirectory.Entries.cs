using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace VisemQc.Archive;

/// <summary>The central directory file headers and their Zip64 extended-information extra fields.</summary>
internal sealed partial class ZipCentralDirectory
{
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint DigitalSignatureSignature = 0x05054b50;
    private const int CentralHeaderFixedSize = 46;
    private const ushort Zip64ExtraFieldId = 0x0001;

    private static DateTime InvalidDosDate => new(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Parses every central directory file header; their number must match the end record's count.</summary>
    private static ZipEntryInfo[] ParseEntries(ReadOnlySpan<byte> directory, long directoryOffset, long expectedCount, string archivePath)
    {
        var entries = new List<ZipEntryInfo>((int)Math.Min(expectedCount, directory.Length / CentralHeaderFixedSize));
        int position = 0;
        while (position < directory.Length)
        {
            ReadOnlySpan<byte> header = directory[position..];
            long headerOffset = directoryOffset + position;
            uint signature = header.Length >= 4 ? BinaryPrimitives.ReadUInt32LittleEndian(header) : 0;
            if (signature == DigitalSignatureSignature)
            {
                // The optional digital signature record closes the central directory.
                break;
            }

            if (signature != CentralHeaderSignature)
            {
                VisemQcThrow.IntegrityException_BadCentralHeaderSignature(archivePath, headerOffset, signature, entries.Count);
            }

            if (header.Length < CentralHeaderFixedSize)
            {
                VisemQcThrow.IntegrityException_CentralHeaderTruncated(archivePath, headerOffset, CentralHeaderFixedSize, header.Length);
            }

            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            int headerLength = CentralHeaderFixedSize + nameLength + extraLength + commentLength;
            if (header.Length < headerLength)
            {
                VisemQcThrow.IntegrityException_CentralHeaderTruncated(archivePath, headerOffset, headerLength, header.Length);
            }

            entries.Add(ParseEntry(header[..headerLength], nameLength, extraLength, entries.Count, archivePath));
            position += headerLength;
        }

        if (entries.Count != expectedCount)
        {
            VisemQcThrow.IntegrityException_EntryCountMismatch(archivePath, expectedCount, entries.Count);
        }

        return [.. entries];
    }

    private static ZipEntryInfo ParseEntry(ReadOnlySpan<byte> header, int nameLength, int extraLength, int index, string archivePath)
    {
        ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        ushort method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        ushort dosTime = BinaryPrimitives.ReadUInt16LittleEndian(header[12..]);
        ushort dosDate = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]);
        uint crc32 = BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
        uint compressedLength = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        ushort diskStart = BinaryPrimitives.ReadUInt16LittleEndian(header[34..]);
        uint localHeaderOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
        string name = DecodeName(header.Slice(CentralHeaderFixedSize, nameLength));
        ReadOnlySpan<byte> extra = header.Slice(CentralHeaderFixedSize + nameLength, extraLength);

        long length64 = length;
        long compressedLength64 = compressedLength;
        long localHeaderOffset64 = localHeaderOffset;
        uint diskStart32 = diskStart;
        bool needsZip64 = length == uint.MaxValue || compressedLength == uint.MaxValue
            || localHeaderOffset == uint.MaxValue || diskStart == ushort.MaxValue;
        ReadOnlySpan<byte> zip64 = FindZip64ExtraField(extra, name, archivePath, out bool hasZip64);
        if (needsZip64 && hasZip64)
        {
            // Only the fields set to 0xFFFFFFFF (disk: 0xFFFF) are present, always in this order.
            int needed = (length == uint.MaxValue ? 8 : 0) + (compressedLength == uint.MaxValue ? 8 : 0)
                + (localHeaderOffset == uint.MaxValue ? 8 : 0) + (diskStart == ushort.MaxValue ? 4 : 0);
            if (zip64.Length < needed)
            {
                VisemQcThrow.IntegrityException_Zip64ExtraFieldTruncated(archivePath, name, needed, zip64.Length);
            }

            if (length == uint.MaxValue)
            {
                length64 = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(zip64), "uncompressed size", archivePath, name);
                zip64 = zip64[8..];
            }

            if (compressedLength == uint.MaxValue)
            {
                compressedLength64 = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(zip64), "compressed size", archivePath, name);
                zip64 = zip64[8..];
            }

            if (localHeaderOffset == uint.MaxValue)
            {
                localHeaderOffset64 = ToInt64(BinaryPrimitives.ReadUInt64LittleEndian(zip64), "local header offset", archivePath, name);
                zip64 = zip64[8..];
            }

            if (diskStart == ushort.MaxValue)
            {
                diskStart32 = BinaryPrimitives.ReadUInt32LittleEndian(zip64);
            }
        }

        // Without a Zip64 field, 0xFFFFFFFF values are taken literally; GetDataOffset checks the range.
        if (diskStart32 != 0)
        {
            VisemQcThrow.IntegrityException_MultiDisk(archivePath, string.Create(CultureInfo.InvariantCulture, $"entry '{name}' starts on disk {diskStart32}"));
        }

        return new ZipEntryInfo
        {
            Name = name,
            Index = index,
            IsNameSafe = ZipEntryName.IsSafe(name),
            CompressionMethod = (ZipCompressionMethod)method,
            CompressedLength = compressedLength64,
            Length = length64,
            Crc32 = crc32,
            LocalHeaderOffset = localHeaderOffset64,
            Flags = flags,
            LastModified = FromDosDateTime(dosDate, dosTime),
        };
    }

    /// <summary>Walks the extra data (header ID, size, data) and returns the Zip64 field's data.</summary>
    private static ReadOnlySpan<byte> FindZip64ExtraField(ReadOnlySpan<byte> extra, string name, string archivePath, out bool found)
    {
        ReadOnlySpan<byte> zip64 = default;
        found = false;

        // Fewer than 4 trailing bytes cannot hold a field header; some writers pad with them.
        while (extra.Length >= 4)
        {
            ushort headerId = BinaryPrimitives.ReadUInt16LittleEndian(extra);
            int size = BinaryPrimitives.ReadUInt16LittleEndian(extra[2..]);
            extra = extra[4..];
            if (size > extra.Length)
            {
                VisemQcThrow.IntegrityException_ExtraFieldTruncated(archivePath, name, headerId, size, extra.Length);
            }

            if (headerId == Zip64ExtraFieldId && !found)
            {
                zip64 = extra[..size];
                found = true;
            }

            extra = extra[size..];
        }

        return zip64;
    }

    /// <summary>
    /// UTF-8 when the bytes are valid UTF-8 (flag bit 11 promises it; most writers emit UTF-8 or
    /// plain ASCII regardless), otherwise Latin-1, which keeps every byte as one char.
    /// </summary>
    private static string DecodeName(ReadOnlySpan<byte> name) =>
        Utf8.IsValid(name) ? Encoding.UTF8.GetString(name) : Encoding.Latin1.GetString(name);

    private static DateTime FromDosDateTime(ushort date, ushort time)
    {
        int year = 1980 + (date >> 9);
        int month = (date >> 5) & 0xF;
        int day = date & 0x1F;
        int hour = time >> 11;
        int minute = (time >> 5) & 0x3F;
        int second = (time & 0x1F) * 2;
        bool valid = month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour < 24 && minute < 60 && second < 60;
        return valid ? new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified) : InvalidDosDate;
    }
}
