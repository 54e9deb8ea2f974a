using System.Globalization;

namespace VisemQc.Cli.Terminal;

/// <summary>Prints a dataset's records, problems and videos as aligned tables.</summary>
internal static class DatasetPrinter
{
    public static async Task PrintAsync(TextWriter output, VisemQcDataset dataset)
    {
        await output.WriteLineAsync(dataset.ToString()).ConfigureAwait(false);
        await output.WriteLineAsync($"Annotations: {dataset.AnnotationPath}; videos: {dataset.VideosFolder ?? "(none)"}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        int idWidth = Math.Max(8, dataset.Records.Select(r => r.VideoId.Length).DefaultIfEmpty(0).Max());
        await output.WriteLineAsync($"  {"ID".PadRight(idWidth)} {"a %",7} {"b %",7} {"c %",7} {"d %",7} {"a+b %",7}  video").ConfigureAwait(false);
        foreach (var record in dataset.Records)
        {
            var video = dataset.TryGetVideo(record.VideoId, out var found) ? $"{found.Path} ({found.Storage.ToString().ToLowerInvariant()})" : "MISSING";
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  {record.VideoId.PadRight(idWidth)} {record.RapidProgressive,7:0.0#} {record.SlowProgressive,7:0.0#} {record.NonProgressive,7:0.0#} {record.Immotile,7:0.0#} {record.Progressive,7:0.0#}  {video}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        if (!dataset.AnnotationReport.IsValid)
        {
            await output.WriteLineAsync(dataset.AnnotationReport.ToString()).ConfigureAwait(false);
        }

        await output.WriteLineAsync(dataset.Consistency.ToString()).ConfigureAwait(false);
    }

    /// <summary>Probes every video with ffprobe and prints one row each.</summary>
    public static async Task PrintProbesAsync(TextWriter output, VisemQcDataset dataset, CancellationToken cancellationToken)
    {
        int idWidth = Math.Max(8, dataset.VideoIds.Select(id => id.Length).DefaultIfEmpty(0).Max());
        await output.WriteLineAsync($"  {"ID".PadRight(idWidth)} {"container",-9} {"codec",-8} {"size",-9} {"fps",6} {"frames",7} {"duration",9} {"bytes",12}  storage").ConfigureAwait(false);
        foreach (var video in dataset.Videos)
        {
            var probe = await dataset.ProbeVideoAsync(video.VideoId, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  {probe.VideoId.PadRight(idWidth)} {video.Container,-9} {probe.Codec,-8} {$"{probe.Width}x{probe.Height}",-9} {probe.FrameRate,6:0.##} {probe.FrameCount,7} {probe.Duration.TotalSeconds,8:0.00}s {video.Length,12}  {video.Storage.ToString().ToLowerInvariant()}")).ConfigureAwait(false);
        }
    }
}
