using Microsoft.Win32.SafeHandles;
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

    public abstract void Dispose();

    protected static bool IsListed(string path, int maxDepth)
    {
        var segments = path.Split('/');
        return segments.Length <= maxDepth
               && !segments.Any(s => s.StartsWith('.') || IgnoredFolders.Contains(s, StringComparer.OrdinalIgnoreCase));
    }
}

/// <summary>A dataset folder on disk.</summary>
internal sealed class FolderStorage : DatasetStorage
{
    public FolderStorage(string folder, int maxDepth)
        : base(Path.GetFullPath(folder))
    {
        var enumeration = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            MaxRecursionDepth = maxDepth - 1,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.Hidden | FileAttributes.System | FileAttributes.ReparsePoint,
        };
        Files = new DirectoryInfo(RootPath)
            .EnumerateFiles("*", enumeration)
            .Select(f => new DatasetFile(Path.GetRelativePath(RootPath, f.FullName).Replace(Path.DirectorySeparatorChar, '/'), f.Length, Entry: null))
            .Where(f => IsListed(f.Path, maxDepth))
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToArray();
    }

    public override IReadOnlyList<DatasetFile> Files { get; }

    public override IReadOnlyList<string> IgnoredEntries => [];

    public string FullPath(DatasetFile file) => Path.Combine(RootPath, file.Path.Replace('/', Path.DirectorySeparatorChar));

    public override string Describe(DatasetFile file) => FullPath(file);

    public override Task<byte[]> ReadAllBytesAsync(DatasetFile file, CancellationToken cancellationToken)
        => File.ReadAllBytesAsync(FullPath(file), cancellationToken);

    public override void Dispose()
    {
    }
}

/// <summary>A dataset zip, read in place through the project's own central-directory reader.</summary>
internal sealed class ZipStorage : DatasetStorage
{
    private readonly SafeFileHandle _handle;

    private ZipStorage(string zipPath, SafeFileHandle handle, ZipCentralDirectory directory, int maxDepth)
        : base(zipPath)
    {
        _handle = handle;
        Directory = directory;
        var usable = directory.Entries.Where(e => !e.IsDirectory).ToArray();
        IgnoredEntries = usable.Where(e => !e.IsNameSafe).Select(e => e.Name).ToArray();
        Files = usable
            .Where(e => e.IsNameSafe && IsListed(e.Name, maxDepth))
            .Select(e => new DatasetFile(e.Name, e.Length, e))
            .ToArray();
    }

    public ZipCentralDirectory Directory { get; }

    public override IReadOnlyList<DatasetFile> Files { get; }

    public override IReadOnlyList<string> IgnoredEntries { get; }

    public static async Task<ZipStorage> OpenAsync(string zipPath, int maxDepth, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(zipPath);
        var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        try
        {
            var directory = await ZipCentralDirectory.ReadAsync(handle, fullPath, cancellationToken).ConfigureAwait(false);
            return new ZipStorage(fullPath, handle, directory, maxDepth);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override string Describe(DatasetFile file) => $"{RootPath}!/{file.Path}";

    /// <summary>
    /// Opens a new handle on the zip for one video stream, which owns it. Video streams are mostly read front
    /// to back, so the OS's read-ahead stays on (unlike the directory handle, which reads scattered headers).
    /// </summary>
    public SafeFileHandle OpenHandle(bool asynchronous) => File.OpenHandle(
        RootPath,
        FileMode.Open,
        FileAccess.Read,
        FileShare.Read,
        asynchronous ? FileOptions.Asynchronous : FileOptions.None);

    /// <summary>The entry's raw (possibly compressed) bytes as a window over the zip, on the given handle.</summary>
    public async ValueTask<FileWindowStream> OpenRawAsync(ZipEntryInfo entry, SafeFileHandle handle, bool ownsHandle, CancellationToken cancellationToken)
    {
        CheckReadable(entry);
        var offset = await Directory.GetDataOffsetAsync(entry, cancellationToken).ConfigureAwait(false);
        return new FileWindowStream(handle, offset, entry.CompressedLength, ownsHandle);
    }

    /// <summary>The entry's raw (possibly compressed) bytes as a window over the zip, on the given handle.</summary>
    public FileWindowStream OpenRaw(ZipEntryInfo entry, SafeFileHandle handle, bool ownsHandle)
    {
        CheckReadable(entry);
        return new FileWindowStream(handle, Directory.GetDataOffset(entry), entry.CompressedLength, ownsHandle);
    }

    public override async Task<byte[]> ReadAllBytesAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        var entry = file.Entry!;
        var raw = await OpenRawAsync(entry, _handle, ownsHandle: false, cancellationToken).ConfigureAwait(false);
        await using (raw.ConfigureAwait(false))
        {
            var data = await ZipEntryReader.ReadAllAsync(RootPath, entry, raw, cancellationToken).ConfigureAwait(false);
            return data;
        }
    }

    public override void Dispose() => _handle.Dispose();

    private void CheckReadable(ZipEntryInfo entry)
    {
        if (entry.IsEncrypted)
        {
            VisemQcThrow.ArchiveException_EntryEncrypted(RootPath, entry.Name);
        }

        if (entry.CompressionMethod is not (ZipCompressionMethod.Stored or ZipCompressionMethod.Deflated))
        {
            VisemQcThrow.ArchiveException_UnsupportedCompression(RootPath, entry.Name, (ushort)entry.CompressionMethod);
        }
    }
}

/// <summary>A dataset that exists only in memory: records and no files (see <c>SyntheticDataset.InMemory</c>).</summary>
internal sealed class MemoryStorage() : DatasetStorage("memory:")
{
    public override IReadOnlyList<DatasetFile> Files => [];

    public override IReadOnlyList<string> IgnoredEntries => [];

    public override string Describe(DatasetFile file) => $"memory:{file.Path}";

    public override Task<byte[]> ReadAllBytesAsync(DatasetFile file, CancellationToken cancellationToken)
        => throw new InvalidOperationException("An in-memory dataset has no files to read.");

    public override void Dispose()
    {
    }
}
