namespace VisemQc;

/// <summary>
/// A downloaded file failed verification: blocks whose bytes no longer match the hashes recorded in
/// the manifest, zip entries whose data does not match the CRC-32 of the central directory, or a
/// central directory that does not parse or does not fit the file. The file is never given its
/// final name (or loses it, when <see cref="VisemQcDownloader.VerifyAsync"/> finds it damaged).
/// </summary>
public sealed class VisemQcVerificationException : VisemQcException
{
    internal VisemQcVerificationException(string path, IReadOnlyList<long> badBlocks, int blockSize, IReadOnlyList<string> badEntries, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Path = path;
        BadBlocks = badBlocks;
        BlockSize = blockSize;
        BadEntries = badEntries;
    }

    /// <summary>The file that failed (the <c>.part</c> file, which keeps every good block for the next attempt).</summary>
    public string Path { get; }

    /// <summary>The indices of the blocks found bad (block <c>i</c> covers bytes <c>i × BlockSize</c> to <c>(i + 1) × BlockSize - 1</c>); empty when only zip entries were checked.</summary>
    public IReadOnlyList<long> BadBlocks { get; }

    /// <summary>The block size of the manifest, in bytes (0 when there is no manifest).</summary>
    public int BlockSize { get; }

    /// <summary>The zip entries whose data or header is bad; empty when the block check failed first or the central directory itself is bad.</summary>
    public IReadOnlyList<string> BadEntries { get; }
}
