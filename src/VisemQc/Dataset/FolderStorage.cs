using System.Globalization;

namespace VisemQc.Dataset;

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

    public override VisemQcDatasetKind Kind => VisemQcDatasetKind.Folder;

    public override string? ProbeFilePath => Path.Combine(RootPath, ".visemqc-probes.json");

    public override VideoStorage StorageOf(DatasetFile file) => VideoStorage.File;

    public override Stream OpenVideo(DatasetFile file) => OpenReadOnly(FullPath(file), useAsync: false);

    public override Task<Stream> OpenVideoAsync(DatasetFile file, CancellationToken cancellationToken)
        => Task.FromResult<Stream>(OpenReadOnly(FullPath(file), useAsync: true));

    public override Task<(string Input, string Fingerprint)> GetFfmpegInputAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        var path = FullPath(file);
        return Task.FromResult((path, string.Create(CultureInfo.InvariantCulture, $"{file.Length}-{File.GetLastWriteTimeUtc(path).Ticks}")));
    }

    public override void Dispose()
    {
    }
}
