using System.Text;

namespace VisemQc;

/// <summary>How the annotation records and the video files of a dataset match up, by video ID.</summary>
public sealed class DatasetConsistencyReport
{
    internal DatasetConsistencyReport(
        IReadOnlyList<string> recordsWithoutVideo,
        IReadOnlyList<string> videosWithoutRecord,
        IReadOnlyList<VideoIdConflict> duplicateVideoIds,
        IReadOnlyList<string> ignoredEntries)
    {
        RecordsWithoutVideo = recordsWithoutVideo;
        VideosWithoutRecord = videosWithoutRecord;
        DuplicateVideoIds = duplicateVideoIds;
        IgnoredEntries = ignoredEntries;
    }

    /// <summary>Matches the records with the video files by ID.</summary>
    internal static DatasetConsistencyReport Create(IReadOnlyList<MotilityRecord> records, Dictionary<string, MotilityRecord> recordsById, Dataset.DatasetVideoFiles files, IReadOnlyList<string> ignoredEntries) => new(
        records.Where(r => !files.Contains(r.VideoId)).Select(r => r.VideoId).ToArray(),
        files.VideoIds.Where(id => !recordsById.ContainsKey(id)).ToArray(),
        files.Conflicts,
        ignoredEntries);

    /// <summary>IDs that have an annotation record but no video file, in record order.</summary>
    public IReadOnlyList<string> RecordsWithoutVideo { get; }

    /// <summary>IDs that have a video file but no annotation record.</summary>
    public IReadOnlyList<string> VideosWithoutRecord { get; }

    /// <summary>IDs that match more than one video file (the same stem with different extensions); opening them throws <see cref="VisemQcLayoutException"/>.</summary>
    public IReadOnlyList<VideoIdConflict> DuplicateVideoIds { get; }

    /// <summary>Zip entries whose names could escape a folder (<c>..</c>, absolute paths, backslashes) and were therefore ignored.</summary>
    public IReadOnlyList<string> IgnoredEntries { get; }

    /// <summary>Whether every record has exactly one video, every video has a record and nothing was ignored.</summary>
    public bool IsConsistent => RecordsWithoutVideo.Count == 0 && VideosWithoutRecord.Count == 0 && DuplicateVideoIds.Count == 0 && IgnoredEntries.Count == 0;

    /// <summary>One line saying whether the dataset is consistent, then one line per kind of mismatch.</summary>
    /// <returns>The report as text.</returns>
    public override string ToString()
    {
        if (IsConsistent)
        {
            return "Consistent: every record has one video and every video has a record.";
        }

        var text = new StringBuilder("Not consistent:");
        Append(text, "records without video", RecordsWithoutVideo);
        Append(text, "videos without record", VideosWithoutRecord);
        Append(text, "IDs with several videos", DuplicateVideoIds.Select(c => $"{c.VideoId} ({string.Join(", ", c.Paths)})").ToList());
        Append(text, "unsafe zip entries ignored", IgnoredEntries);
        return text.ToString();
    }

    private static void Append(StringBuilder text, string label, IReadOnlyList<string> items)
    {
        if (items.Count > 0)
        {
            text.AppendLine().Append("  ").Append(label).Append(": ").Append(string.Join(", ", items));
        }
    }
}

/// <summary>A video ID that matches several video files.</summary>
public sealed class VideoIdConflict
{
    internal VideoIdConflict(string videoId, IReadOnlyList<string> paths)
    {
        VideoId = videoId;
        Paths = paths;
    }

    /// <summary>The shared file-name stem.</summary>
    public string VideoId { get; }

    /// <summary>The matching files' paths inside the dataset.</summary>
    public IReadOnlyList<string> Paths { get; }
}
