using System.Globalization;

namespace VisemQc;

/// <summary>
/// The bytes of the dataset archive are wrong: the file is not a zip or is truncated, a header or the
/// central directory is corrupt, an entry's data does not match its CRC-32, downloaded blocks no longer
/// match their recorded hashes, or the zip uses a feature VisemQc does not read (encryption, split
/// archives, compression other than stored or deflated). Nothing built from the bytes is kept.
/// </summary>
/// <remarks>
/// A <see cref="VisemQcException"/>: the BCL's type for corrupt data, <see cref="InvalidDataException"/>,
/// is sealed and cannot be a base.
/// </remarks>
public sealed class VisemQcIntegrityException : VisemQcException
{
    /// <summary>Creates the exception from what is wrong with the file.</summary>
    /// <param name="path">The file whose bytes are wrong: the zip archive, or the <c>.part</c> file of a download.</param>
    /// <param name="entryNames">The zip entries concerned; <see langword="null"/> or empty when the problem is with the file as a whole.</param>
    /// <param name="badBlocks">The indices of the download blocks whose bytes no longer match their hashes; <see langword="null"/> or empty when blocks were not checked.</param>
    /// <param name="blockSize">The size of a download block in bytes, or 0 when there are no blocks.</param>
    /// <param name="expectedCrc32">The CRC-32 the archive records for the one entry concerned, when known.</param>
    /// <param name="actualCrc32">The CRC-32 of the bytes read for that entry, when known.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcIntegrityException(
        string path,
        IReadOnlyList<string>? entryNames = null,
        IReadOnlyList<long>? badBlocks = null,
        int blockSize = 0,
        uint? expectedCrc32 = null,
        uint? actualCrc32 = null,
        string? message = null,
        Exception? innerException = null)
        : base(message ?? DefaultMessage(path, entryNames, badBlocks, blockSize, expectedCrc32, actualCrc32), innerException)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = path;
        EntryNames = entryNames ?? [];
        BadBlocks = badBlocks ?? [];
        BlockSize = blockSize;
        ExpectedCrc32 = expectedCrc32;
        ActualCrc32 = actualCrc32;
    }

    /// <summary>The file whose bytes are wrong: the zip archive, or the <c>.part</c> file of a download (which keeps every good block for the next attempt).</summary>
    public string Path { get; }

    /// <summary>The zip entries concerned; empty when the problem is with the file as a whole.</summary>
    public IReadOnlyList<string> EntryNames { get; }

    /// <summary>The indices of the bad download blocks (block <c>i</c> covers bytes <c>i × BlockSize</c> to <c>(i + 1) × BlockSize - 1</c>); empty when blocks were not checked.</summary>
    public IReadOnlyList<long> BadBlocks { get; }

    /// <summary>The block size of the download manifest in bytes, or 0 when there are no blocks.</summary>
    public int BlockSize { get; }

    /// <summary>The CRC-32 the archive records for the entry, or <see langword="null"/> when the problem is not a CRC mismatch.</summary>
    public uint? ExpectedCrc32 { get; }

    /// <summary>The CRC-32 of the bytes actually read, or <see langword="null"/> when the problem is not a CRC mismatch.</summary>
    public uint? ActualCrc32 { get; }

    private static string DefaultMessage(string path, IReadOnlyList<string>? entryNames, IReadOnlyList<long>? badBlocks, int blockSize, uint? expected, uint? actual)
    {
        var details = new List<string>(3);
        if (entryNames is { Count: > 0 })
        {
            details.Add($"entries {string.Join(", ", entryNames.Take(10))}{(entryNames.Count > 10 ? ", ..." : "")}");
        }

        if (badBlocks is { Count: > 0 })
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"{badBlocks.Count} blocks of {blockSize} bytes"));
        }

        if (expected is { } e && actual is { } a)
        {
            details.Add(string.Create(CultureInfo.InvariantCulture, $"CRC-32 {a:x8}, recorded {e:x8}"));
        }

        return $"The bytes of '{path}' are wrong{(details.Count == 0 ? "" : $" ({string.Join("; ", details)})")}. Download the archive again; VisemQcDataset.DownloadAsync keeps the good blocks.";
    }
}
