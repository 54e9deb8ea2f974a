namespace VisemQc;

/// <summary>
/// Bytes do not match their recorded checksum: a zip entry whose data does not match the CRC-32
/// in the archive's central directory. The data is corrupt; nothing built from it is kept.
/// </summary>
public sealed class VisemQcIntegrityException : VisemQcException
{
    internal VisemQcIntegrityException(string path, string? entryName, uint expectedCrc32, uint actualCrc32, string message)
        : base(message)
    {
        Path = path;
        EntryName = entryName;
        ExpectedCrc32 = expectedCrc32;
        ActualCrc32 = actualCrc32;
    }

    /// <summary>The file whose bytes are corrupt (the zip archive for an entry).</summary>
    public string Path { get; }

    /// <summary>The zip entry concerned, or <see langword="null"/>.</summary>
    public string? EntryName { get; }

    /// <summary>The CRC-32 recorded for the data.</summary>
    public uint ExpectedCrc32 { get; }

    /// <summary>The CRC-32 of the bytes actually read.</summary>
    public uint ActualCrc32 { get; }
}
