using System.Reflection;

namespace VisemQc.Cli.Report;

/// <summary>Gathers a <see cref="ReportModel"/> from an open dataset: probes and a thumbnail per video when ffmpeg is there.</summary>
internal static class ReportBuilder
{
    /// <summary>The width of the thumbnails, in pixels.</summary>
    public const int ThumbnailWidth = 160;

    public static async Task<ReportModel> CollectAsync(VisemQcDataset dataset, TimeProvider time, CancellationToken cancellationToken)
    {
        var videos = new List<VideoSummary>();
        string? note = null;
        foreach (var video in dataset.Videos)
        {
            if (note is not null)
            {
                videos.Add(new VideoSummary(video, null, null, null));
                continue;
            }

            try
            {
                var probe = await dataset.ProbeVideoAsync(video.VideoId, cancellationToken).ConfigureAwait(false);
                var thumbnail = await dataset.GetSnapshotPngAsync(video.VideoId, frameIndex: 0, ThumbnailWidth, cancellationToken).ConfigureAwait(false);
                videos.Add(new VideoSummary(video, probe, thumbnail, null));
            }
            catch (VisemQcFfmpegNotFoundException error)
            {
                note = $"Thumbnails and video metadata were skipped: {error.Message}";
                videos.Add(new VideoSummary(video, null, null, null));
            }
            catch (VisemQcException error)
            {
                // One unreadable video should not cost the whole report: it is named in it.
                videos.Add(new VideoSummary(video, null, null, error.Message));
            }
        }

        return new ReportModel
        {
            DatasetPath = dataset.Path,
            Records = dataset.Records,
            Videos = videos,
            Consistency = dataset.Consistency,
            Annotations = dataset.AnnotationReport,
            VideoNote = note,
            GeneratedAt = time.GetUtcNow(),
            ToolVersion = ToolVersion(),
        };
    }

    private static string ToolVersion()
    {
        var version = typeof(VisemQcDataset).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
