using System.Diagnostics.CodeAnalysis;
using VisemQc.Dataset;
using VisemQc.Video;

namespace VisemQc;

/// <summary>
/// The VISEM-QC dataset: the annotation records and the videos of the published zip (read in place,
/// never extracted) or of an extracted folder, matched by video ID.
/// </summary>
/// <remarks>
/// <para>
/// Open it with <see cref="OpenAsync(string, VisemQcDatasetOptions?, CancellationToken)"/>, or
/// <see cref="OpenSampleAsync(VisemQcDatasetOptions?, CancellationToken)"/> for the small sample built
/// into the package. The dataset is immutable and safe to use from several threads; dispose it to
/// release the archive. Streams returned by <see cref="OpenVideo(string)"/> hold their own file
/// handle and stay readable until they are disposed themselves.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// await using var dataset = await VisemQcDataset.OpenAsync("visem-qc.zip");
/// foreach (var record in dataset.Records)
///     Console.WriteLine(record);
/// await using var video = dataset.OpenVideo(dataset.Records[0].VideoId);
/// </code>
/// </example>
public sealed partial class VisemQcDataset : IDisposable, IAsyncDisposable
{
    private readonly DatasetVideoFiles _files;
    private readonly Dictionary<string, MotilityRecord> _recordsById;
    private readonly VideoDecoder _decoder;
    private readonly ClipReader _clips;

    internal VisemQcDataset(DatasetStorage storage, DatasetLayout layout, AnnotationReadResult annotations, VisemQcDatasetOptions options)
    {
        _files = new DatasetVideoFiles(storage, layout.Videos);
        AnnotationPath = layout.Annotations.Path;
        VideosFolder = layout.VideosFolder;
        Records = annotations.Records;
        AnnotationReport = annotations.Report;
        _recordsById = Records.ToDictionary(r => r.VideoId, StringComparer.Ordinal);
        Consistency = DatasetConsistencyReport.Create(Records, _recordsById, _files, storage.IgnoredEntries);
        _decoder = new VideoDecoder(_files, options, storage.ProbeFilePath);
        _clips = new ClipReader(_decoder, id => _recordsById.GetValueOrDefault(id), VideoIds.Where(_recordsById.ContainsKey).ToArray(), options.MaxConcurrentDecodes);
    }

    /// <summary>The zip file or folder the dataset was opened from, as a full path (<c>memory:</c> for an in-memory dataset).</summary>
    public string Path => _files.Storage.RootPath;

    /// <summary>Whether the dataset is a zip read in place or an extracted folder.</summary>
    public VisemQcDatasetKind Kind => _files.Storage.Kind;

    /// <summary>The annotation CSV's path inside the zip or folder, with <c>/</c> separators.</summary>
    public string AnnotationPath { get; }

    /// <summary>The folder of videos inside the zip or folder, with <c>/</c> separators; <see langword="null"/> when the dataset has no videos.</summary>
    public string? VideosFolder { get; }

    /// <summary>The annotation records, in the CSV's order.</summary>
    public IReadOnlyList<MotilityRecord> Records { get; }

    /// <summary>The IDs of the video files found (file names without extension), numeric IDs in numeric order.</summary>
    public IReadOnlyList<string> VideoIds => _files.VideoIds;

    /// <summary>The video files found, in the order of <see cref="VideoIds"/>; for an ID with several files, the first by path.</summary>
    public IReadOnlyList<VisemQcVideo> Videos => _files.Videos;

    /// <summary>How records and videos match up: records without video, videos without record, IDs with several files.</summary>
    public DatasetConsistencyReport Consistency { get; }

    /// <summary>The problems found in the annotation CSV; empty unless <see cref="AnnotationOptions.Validation"/> is <see cref="AnnotationValidation.Lenient"/>.</summary>
    public AnnotationValidationReport AnnotationReport { get; }

    /// <summary>The record of a video.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <returns>The record.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">No record has this ID.</exception>
    public MotilityRecord this[string videoId]
    {
        get
        {
            if (!TryGetRecord(videoId, out var record))
            {
                VisemQcThrow.VideoNotFoundException_NoRecord(Path, videoId, Records.Count);
            }

            return record;
        }
    }

    /// <summary>Looks up the record of a video.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="record">The record, or <see langword="null"/> when there is none.</param>
    /// <returns>Whether a record has this ID.</returns>
    public bool TryGetRecord(string videoId, [NotNullWhen(true)] out MotilityRecord? record)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        return _recordsById.TryGetValue(videoId, out record);
    }

    /// <summary>Looks up the video file of an ID.</summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="video">The video, or <see langword="null"/> when there is none.</param>
    /// <returns>Whether a video file has this ID.</returns>
    public bool TryGetVideo(string videoId, [NotNullWhen(true)] out VisemQcVideo? video)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        video = _files.Find(videoId);
        return video is not null;
    }

    /// <summary>A one-line summary: kind, path, counts and consistency.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
        => $"VISEM-QC {Kind.ToString().ToLowerInvariant()} {Path}: {Records.Count} records, {Videos.Count} videos, {(Consistency.IsConsistent ? "consistent" : "not consistent")}";

    /// <summary>Releases the archive. Open video streams stay readable until disposed.</summary>
    public void Dispose() => _files.Dispose();

    /// <summary>Releases the archive. Open video streams stay readable until disposed.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The dataset's decoder, for tests and benchmarks.</summary>
    internal VideoDecoder Decoder => _decoder;

    /// <summary>The dataset's video files, for tests and benchmarks.</summary>
    internal DatasetVideoFiles VideoFiles => _files;
}

/// <summary>What a dataset was opened from.</summary>
public enum VisemQcDatasetKind
{
    /// <summary>The zip archive, read in place.</summary>
    Zip,

    /// <summary>An extracted folder.</summary>
    Folder,

    /// <summary>Records held in memory, without videos (<c>VisemQc.Testing.SyntheticDataset.InMemory</c>).</summary>
    Memory,
}
