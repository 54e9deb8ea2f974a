using VisemQc.Video;

namespace VisemQc.Dataset;

/// <summary>
/// The video files of an open dataset by ID, and the storage they are read from: resolves an ID to its one
/// file (or throws), opens its bytes and tells ffmpeg where they are.
/// </summary>
internal sealed class DatasetVideoFiles : IVideoSource, IDisposable
{
    private readonly Dictionary<string, DatasetFile> _filesById;
    private readonly Dictionary<string, VideoIdConflict> _conflictsById;
    private bool _disposed;

    public DatasetVideoFiles(DatasetStorage storage, IReadOnlyList<DatasetFile> videos)
    {
        Storage = storage;
        var byStem = videos
            .GroupBy(v => Path.GetFileNameWithoutExtension(v.Name), StringComparer.Ordinal)
            .OrderBy(g => g.Key, VideoIdComparer.Instance)
            .ToArray();
        _filesById = byStem.ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _conflictsById = byStem
            .Where(g => g.Count() > 1)
            .ToDictionary(g => g.Key, g => new VideoIdConflict(g.Key, g.Select(v => v.Path).Order(StringComparer.Ordinal).ToArray()), StringComparer.Ordinal);
        VideoIds = byStem.Select(g => g.Key).ToArray();
        Videos = byStem.Select(g => ToVideo(g.Key, g.First())).ToArray();
        Conflicts = _conflictsById.Values.OrderBy(c => c.VideoId, VideoIdComparer.Instance).ToArray();
    }

    public DatasetStorage Storage { get; }

    /// <summary>The IDs, numeric IDs in numeric order.</summary>
    public IReadOnlyList<string> VideoIds { get; }

    /// <summary>One video per ID, in the order of <see cref="VideoIds"/>.</summary>
    public IReadOnlyList<VisemQcVideo> Videos { get; }

    /// <summary>IDs with several files, in ID order.</summary>
    public IReadOnlyList<VideoIdConflict> Conflicts { get; }

    public bool Contains(string videoId) => _filesById.ContainsKey(videoId);

    public VisemQcVideo? Find(string videoId) => _filesById.TryGetValue(videoId, out var file) ? ToVideo(videoId, file) : null;

    public Stream OpenVideo(string videoId) => Storage.OpenVideo(Resolve(videoId));

    public Task<Stream> OpenVideoAsync(string videoId, CancellationToken cancellationToken) => Storage.OpenVideoAsync(Resolve(videoId), cancellationToken);

    /// <inheritdoc/>
    public void EnsureVideo(string videoId) => Resolve(videoId);

    /// <inheritdoc/>
    public async Task<FfmpegInput> ResolveFfmpegInputAsync(string videoId, CancellationToken cancellationToken)
    {
        var file = Resolve(videoId);
        var (input, fingerprint) = await Storage.GetFfmpegInputAsync(file, cancellationToken).ConfigureAwait(false);
        return new FfmpegInput(ToVideo(videoId, file), input, fingerprint);
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            Storage.Dispose();
        }
    }

    private DatasetFile Resolve(string videoId)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ObjectDisposedException.ThrowIf(_disposed, typeof(VisemQcDataset));
        if (_conflictsById.TryGetValue(videoId, out var conflict))
        {
            VisemQcThrow.LayoutException_AmbiguousVideo(Storage.RootPath, conflict);
        }

        if (!_filesById.TryGetValue(videoId, out var file))
        {
            VisemQcThrow.VideoNotFoundException_NoVideo(Storage.RootPath, videoId, _filesById.Count);
        }

        return file;
    }

    private VisemQcVideo ToVideo(string videoId, DatasetFile file) => new(videoId, file.Path, file.Length, Storage.StorageOf(file));
}
