using VisemQc.Archive;

namespace VisemQc.Dataset;

/// <summary>A file of the dataset: its path inside the zip or folder (with <c>/</c>) and, for a zip, its entry.</summary>
internal sealed record DatasetFile(string Path, long Length, ZipEntryInfo? Entry)
{
    public int Depth => Path.Count(c => c == '/') + 1;

    public string Folder => Path.LastIndexOf('/') is var slash and >= 0 ? Path[..slash] : "";

    public string Name => Path[(Path.LastIndexOf('/') + 1)..];
}

/// <summary>Where a dataset's files are: a zip read in place, or an extracted folder.</summary>
internal abstract class DatasetStorage : IDisposable
{
    /// <summary>Folders that archivers add and that never hold dataset files.</summary>
    private static readonly string[] IgnoredFolders = ["__MACOSX"];

    protected DatasetStorage(string rootPath) => RootPath = rootPath;

    /// <summary>The zip file or the folder.</summary>
    public string RootPath { get; }

    /// <summary>The dataset's regular files within the search depth, hidden ones and archiver litter left out.</summary>
    public abstract IReadOnlyList<DatasetFile> Files { get; }

    /// <summary>Zip entries ignored because their names could escape a folder.</summary>
    public abstract IReadOnlyList<string> IgnoredEntries { get; }

    /// <summary>How a file is named in messages: a path, or <c>archive.zip!/entry</c>.</summary>
    public abstract string Describe(DatasetFile file);

    /// <summary>Reads a small file whole (the annotation CSV), verifying it when the storage records a checksum.</summary>
    public abstract Task<byte[]> ReadAllBytesAsync(DatasetFile file, CancellationToken cancellationToken);

    /// <summary>What the dataset was opened from.</summary>
    public abstract VisemQcDatasetKind Kind { get; }

    /// <summary>Where probe results are saved when they persist, or <see langword="null"/> when they cannot be.</summary>
    public abstract string? ProbeFilePath { get; }

    /// <summary>How a video file's bytes are kept.</summary>
    public abstract VideoStorage StorageOf(DatasetFile file);

    /// <summary>A video's bytes as a read-only, seekable stream that owns its own file handle.</summary>
    public abstract Stream OpenVideo(DatasetFile file);

    /// <summary>A video's bytes as a read-only, seekable stream, inflating a deflated entry asynchronously.</summary>
    public abstract Task<Stream> OpenVideoAsync(DatasetFile file, CancellationToken cancellationToken);

    /// <summary>What ffmpeg reads for a video (a path or an ffmpeg URL) and the fingerprint that keys its stored probe.</summary>
    public abstract Task<(string Input, string Fingerprint)> GetFfmpegInputAsync(DatasetFile file, CancellationToken cancellationToken);

    public abstract void Dispose();

    protected static FileStream OpenReadOnly(string path, bool useAsync)
        => new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            // Videos are mostly read front to back: keep the OS's read-ahead (RandomAccess would turn it off).
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
        });

    protected static bool IsListed(string path, int maxDepth)
    {
        var segments = path.Split('/');
        return segments.Length <= maxDepth
               && !segments.Any(s => s.StartsWith('.') || IgnoredFolders.Contains(s, StringComparer.OrdinalIgnoreCase));
    }
}
