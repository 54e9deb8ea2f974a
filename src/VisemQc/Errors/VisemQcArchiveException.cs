namespace VisemQc;

/// <summary>
/// The dataset archive cannot be read: it is not a zip, it is truncated or corrupt, or it uses a zip
/// feature VisemQc does not support (encryption, split archives, compression other than stored or
/// deflated).
/// </summary>
public sealed class VisemQcArchiveException : VisemQcException
{
    internal VisemQcArchiveException(string archivePath, string? entryName, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ArchivePath = archivePath;
        EntryName = entryName;
    }

    /// <summary>The path of the zip file.</summary>
    public string ArchivePath { get; }

    /// <summary>The zip entry concerned, or <see langword="null"/> when the problem is with the archive as a whole.</summary>
    public string? EntryName { get; }
}
