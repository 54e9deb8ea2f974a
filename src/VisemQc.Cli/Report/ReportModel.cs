namespace VisemQc.Cli.Report;

/// <summary>Everything the HTML report shows, gathered before a line of HTML is written.</summary>
internal sealed record ReportModel
{
    public required string DatasetPath { get; init; }

    public required IReadOnlyList<MotilityRecord> Records { get; init; }

    /// <summary>One entry per video in the dataset, with or without a record.</summary>
    public required IReadOnlyList<VideoSummary> Videos { get; init; }

    public required DatasetConsistencyReport Consistency { get; init; }

    public required AnnotationValidationReport Annotations { get; init; }

    /// <summary>Why thumbnails and video metadata are missing (ffmpeg not found), or <see langword="null"/>.</summary>
    public string? VideoNote { get; init; }

    public required DateTimeOffset GeneratedAt { get; init; }

    public required string ToolVersion { get; init; }
}

/// <summary>A video in the report: its place in the dataset, its metadata and a thumbnail when ffmpeg could make them.</summary>
internal sealed record VideoSummary(VisemQcVideo Video, VideoProbe? Probe, byte[]? ThumbnailPng, string? Problem);
