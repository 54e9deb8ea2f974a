namespace VisemQc.Dataset;

/// <summary>A dataset that exists only in memory: records and no files (see <c>SyntheticDataset.InMemory</c>).</summary>
internal sealed class MemoryStorage() : DatasetStorage("memory:")
{
    public override IReadOnlyList<DatasetFile> Files => [];

    public override IReadOnlyList<string> IgnoredEntries => [];

    public override string Describe(DatasetFile file) => $"memory:{file.Path}";

    public override Task<byte[]> ReadAllBytesAsync(DatasetFile file, CancellationToken cancellationToken)
        => throw NoFiles();

    public override VisemQcDatasetKind Kind => VisemQcDatasetKind.Memory;

    public override string? ProbeFilePath => null;

    public override VideoStorage StorageOf(DatasetFile file) => throw NoFiles();

    public override Stream OpenVideo(DatasetFile file) => throw NoFiles();

    public override Task<Stream> OpenVideoAsync(DatasetFile file, CancellationToken cancellationToken) => throw NoFiles();

    public override Task<(string Input, string Fingerprint)> GetFfmpegInputAsync(DatasetFile file, CancellationToken cancellationToken) => throw NoFiles();

    public override void Dispose()
    {
    }

    private static InvalidOperationException NoFiles() => new("An in-memory dataset has no files to read.");
}
