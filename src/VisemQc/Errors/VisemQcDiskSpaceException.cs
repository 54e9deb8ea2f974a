namespace VisemQc;

/// <summary>
/// The disk holding the download has less free space than the download still needs. Checked before
/// any data is written, so nothing is lost: free space (or choose another destination) and call again.
/// </summary>
public sealed class VisemQcDiskSpaceException : VisemQcException
{
    internal VisemQcDiskSpaceException(string path, long bytesNeeded, long bytesFree, string message)
        : base(message)
    {
        Path = path;
        BytesNeeded = bytesNeeded;
        BytesFree = bytesFree;
    }

    /// <summary>The file that would be written.</summary>
    public string Path { get; }

    /// <summary>The bytes the download still has to write.</summary>
    public long BytesNeeded { get; }

    /// <summary>The bytes free on the disk when checked.</summary>
    public long BytesFree { get; }
}
