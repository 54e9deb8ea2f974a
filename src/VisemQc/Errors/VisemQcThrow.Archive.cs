using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VisemQc;

/// <summary>Throw helpers for the zip archive reader (<see cref="VisemQcIntegrityException"/>).</summary>
internal static partial class VisemQcThrow
{
    [DoesNotReturn]
    internal static void IntegrityException_TooShort(string archivePath, long length) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"'{archivePath}' is not a zip archive: it is {length} bytes long, shorter than the 22-byte end-of-central-directory record every zip ends with. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_NoEndOfCentralDirectory(string archivePath, int searchedBytes) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"'{archivePath}' is not a zip archive (no end-of-central-directory record in the last {searchedBytes} bytes; expected its signature 0x06054b50 there). Check that the path names the zip file; if it does, the file is truncated or damaged. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_UnexpectedEndOfFile(string archivePath, long offset, int count, long length) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"Expected {count} bytes at offset {offset} of '{archivePath}' ({length} bytes long when opened) but the file ended first; it was truncated or changed while being read. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_MultiDisk(string archivePath, string found) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"'{archivePath}' is part of a split or multi-disk zip archive ({found}), which VisemQc does not read. Join the parts into one archive (for example with 'zip -s 0 split.zip --out whole.zip') or download the single-file archive."));

    [DoesNotReturn]
    internal static void IntegrityException_Zip64LocatorOutOfRange(string archivePath, ulong recordOffset, long locatorOffset) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"The Zip64 end-of-central-directory locator of '{archivePath}' at offset {locatorOffset} points to a Zip64 record at offset {recordOffset}, which does not fit before the locator. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_BadZip64RecordSignature(string archivePath, long offset, uint found) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"Expected the Zip64 end-of-central-directory record (signature 0x06064b50) at offset {offset} of '{archivePath}' but found 0x{found:x8}. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_ValueOutOfRange(string archivePath, string? entryName, string field, ulong value) =>
        throw new VisemQcIntegrityException(archivePath, EntryList(entryName), message: string.Create(CultureInfo.InvariantCulture,
            $"The {field} recorded in '{archivePath}'{ArchiveForEntry(entryName)} is {value}, which is larger than any file can be. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_CentralDirectoryOutOfRange(string archivePath, long offset, long size, long limit, long length) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"The end-of-central-directory record of '{archivePath}' places the central directory at offset {offset} with size {size}, but it must end by offset {limit}, where the end record starts (the file is {length} bytes long). The archive is truncated or corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_CentralDirectoryTooLarge(string archivePath, long size) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"The central directory of '{archivePath}' is {size} bytes long; VisemQc reads central directories of up to {Array.MaxLength} bytes. The archive is corrupt or not the VISEM-QC archive. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_BadCentralHeaderSignature(string archivePath, long offset, uint found, int entriesSoFar) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"Expected a central directory file header (signature 0x02014b50) at offset {offset} of '{archivePath}' (after {entriesSoFar} entries) but found 0x{found:x8}. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_CentralHeaderTruncated(string archivePath, long offset, int needed, long available) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"The central directory file header at offset {offset} of '{archivePath}' needs {needed} bytes but only {available} remain in the central directory. The archive is truncated or corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_ExtraFieldTruncated(string archivePath, string entryName, ushort headerId, int declared, int available) =>
        throw new VisemQcIntegrityException(archivePath, EntryList(entryName), message: string.Create(CultureInfo.InvariantCulture,
            $"The extra field 0x{headerId:x4} of entry '{entryName}' in '{archivePath}' declares {declared} bytes but only {available} remain in the entry's extra data. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_Zip64ExtraFieldTruncated(string archivePath, string entryName, int needed, int found) =>
        throw new VisemQcIntegrityException(archivePath, EntryList(entryName), message: string.Create(CultureInfo.InvariantCulture,
            $"Entry '{entryName}' in '{archivePath}' marks values as stored in its Zip64 extra field, which then needs {needed} bytes, but the field is {found} bytes long. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_EntryCountMismatch(string archivePath, long expected, long found) =>
        throw new VisemQcIntegrityException(archivePath, message: string.Create(CultureInfo.InvariantCulture,
            $"The end-of-central-directory record of '{archivePath}' announces {expected} entries but the central directory holds {found}. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_LocalHeaderOutOfRange(string archivePath, string entryName, long offset, long centralDirectoryOffset) =>
        throw new VisemQcIntegrityException(archivePath, EntryList(entryName), message: string.Create(CultureInfo.InvariantCulture,
            $"Entry '{entryName}' in '{archivePath}' has its local file header at offset {offset}, but a 30-byte header there does not fit before the central directory at offset {centralDirectoryOffset}. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_BadLocalHeaderSignature(string archivePath, string entryName, long offset, uint found) =>
        throw new VisemQcIntegrityException(archivePath, EntryList(entryName), message: string.Create(CultureInfo.InvariantCulture,
            $"Expected the local file header of entry '{entryName}' (signature 0x04034b50) at offset {offset} of '{archivePath}' but found 0x{found:x8}. The archive is corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void IntegrityException_EntryDataPastCentralDirectory(string archivePath, string entryName, long dataOffset, long compressedLength, long centralDirectoryOffset) =>
        throw new VisemQcIntegrityException(archivePath, EntryList(entryName), message: string.Create(CultureInfo.InvariantCulture,
            $"The data of entry '{entryName}' in '{archivePath}' starts at offset {dataOffset} and is {compressedLength} bytes long, so it would run past the central directory at offset {centralDirectoryOffset}. The archive is truncated or corrupt. {RedownloadAdvice}"));

    [DoesNotReturn]
    internal static void ArgumentException_EntryNotInArchive(string archivePath, string entryName, string paramName) =>
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"Entry '{entryName}' was not read from the central directory of '{archivePath}'; pass an entry from this archive's Entries or TryGetEntry."), paramName);

    private static string[]? EntryList(string? entryName) => entryName is null ? null : [entryName];

    private static string ArchiveForEntry(string? entryName) =>
        entryName is null ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" for entry '{entryName}'");
}
