namespace VisemQc;

/// <summary>
/// The files a download keeps beside its destination: the data of an unfinished download
/// (<c>.part</c>), its block hashes (<c>.manifest.json</c>, kept after it finishes) and the lock that
/// serialises processes (<c>.lock</c>).
/// </summary>
public sealed class DownloadFiles
{
    private DownloadFiles(string destination)
    {
        Destination = Path.GetFullPath(destination);
        Part = Destination + ".part";
        Manifest = Destination + ".manifest.json";
        Lock = Destination + ".lock";
    }

    /// <summary>The finished file, as a full path.</summary>
    public string Destination { get; }

    /// <summary>The unfinished download, <c>&lt;destination&gt;.part</c>; renamed to <see cref="Destination"/> once verified.</summary>
    public string Part { get; }

    /// <summary>The manifest of block hashes, <c>&lt;destination&gt;.manifest.json</c>.</summary>
    public string Manifest { get; }

    /// <summary>The lock file, <c>&lt;destination&gt;.lock</c>.</summary>
    public string Lock { get; }

    /// <summary>The files of a download to <paramref name="destination"/>.</summary>
    /// <param name="destination">The file to download, such as <c>visem-qc.zip</c>; made a full path.</param>
    /// <returns>The full paths of the destination and the files beside it.</returns>
    public static DownloadFiles For(string destination)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        return new(destination);
    }
}
