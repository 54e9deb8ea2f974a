namespace VisemQc;

/// <summary>
/// The disk holding the download has less free space than the download still needs. Checked before
/// any data is written, so nothing is lost: free space (or choose another destination) and call again.
/// An <see cref="IOException"/>, so generic disk-full handlers catch it (it is not a <see cref="VisemQcException"/>).
/// </summary>
public sealed class VisemQcDiskSpaceException : IOException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The file that would be written.</param>
    /// <param name="bytesNeeded">The bytes the download still has to write.</param>
    /// <param name="bytesFree">The bytes free on the disk when checked.</param>
    /// <param name="message">The message, or <see langword="null"/> for one made from the data.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcDiskSpaceException(string path, long bytesNeeded, long bytesFree, string? message = null, Exception? innerException = null)
        : base(message ?? $"Writing '{path}' needs {bytesNeeded} bytes but its disk has {bytesFree} bytes free.", innerException)
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
