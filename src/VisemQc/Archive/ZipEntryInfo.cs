namespace VisemQc.Archive;

/// <summary>
/// The compression method of a zip entry. Only the two methods VisemQc reads are named; any other
/// value read from an archive is kept as its raw number.
/// </summary>
internal enum ZipCompressionMethod : ushort
{
    /// <summary>No compression: the entry's bytes are stored as they are.</summary>
    Stored = 0,

    /// <summary>Deflate (RFC 1951).</summary>
    Deflated = 8,
}

/// <summary>
/// One entry of a zip archive's central directory, as <see cref="ZipCentralDirectory"/> read it.
/// The central directory is authoritative: sizes and CRC-32 come from it, also for entries written
/// with a data descriptor (flag bit 3), and Zip64 values are already applied.
/// </summary>
internal sealed class ZipEntryInfo
{
    /// <summary>
    /// The entry name exactly as stored, decoded as UTF-8 when the bytes are valid UTF-8 (always
    /// the case when flag bit 11 is set by a correct writer), otherwise as Latin-1 (byte for char).
    /// It is never turned into a file-system path by the archive reader; see <see cref="IsNameSafe"/>.
    /// </summary>
    public required string Name { get; init; }

    /// <summary>The position of the entry in the central directory (0-based).</summary>
    public int Index { get; init; }

    /// <summary>Whether the entry is a directory (its name ends with <c>/</c>).</summary>
    public bool IsDirectory => Name.EndsWith('/');

    /// <summary>Whether <see cref="Name"/> is a relative path that cannot escape a folder (<see cref="ZipEntryName.IsSafe(string)"/>).</summary>
    public required bool IsNameSafe { get; init; }

    /// <summary>The compression method; values other than stored and deflated are kept as raw numbers.</summary>
    public required ZipCompressionMethod CompressionMethod { get; init; }

    /// <summary>The number of bytes the entry's data occupies in the archive.</summary>
    public required long CompressedLength { get; init; }

    /// <summary>The uncompressed length in bytes.</summary>
    public required long Length { get; init; }

    /// <summary>The CRC-32 of the uncompressed data, as recorded in the central directory.</summary>
    public required uint Crc32 { get; init; }

    /// <summary>The offset of the entry's local file header in the archive.</summary>
    public required long LocalHeaderOffset { get; init; }

    /// <summary>The general-purpose bit flag.</summary>
    public required ushort Flags { get; init; }

    /// <summary>Whether the entry is encrypted (flag bit 0). Such entries are listed; refusing them is the caller's job.</summary>
    public bool IsEncrypted => (Flags & 1) != 0;

    /// <summary>Whether the entry was written with a data descriptor after its data (flag bit 3).</summary>
    public bool HasDataDescriptor => (Flags & 8) != 0;

    /// <summary>
    /// The last-modified time from the DOS date and time fields, in the writer's local time
    /// (<see cref="DateTimeKind.Unspecified"/>); 1980-01-01 00:00 when the fields are not a valid date.
    /// </summary>
    public DateTime LastModified { get; init; }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
