using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;

namespace VisemQc.Cli;

/// <summary>The commands' work, writing to the given writers so that tests can run them in-process too.</summary>
internal static class Commands
{
    /// <summary>Exit codes: 0 success, 1 a dataset or input problem (one line on stderr), 2 an unexpected failure.</summary>
    public static async Task<int> RunAsync(bool verbose, TextWriter output, TextWriter error, Func<TextWriter, Task> work)
    {
        try
        {
            await work(output).ConfigureAwait(false);
            return 0;
        }
        catch (Exception exception) when (exception is VisemQcException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            if (verbose)
            {
                await error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
            }

            return 1;
        }
    }

    public static async Task DemoAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var dataset = await VisemQcDataset.OpenSampleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (dataset.ConfigureAwait(false))
        {
            await output.WriteLineAsync("VisemQc demo: the sample dataset built into the package.").ConfigureAwait(false);
            await PrintDatasetAsync(output, dataset).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("Videos, each read whole through OpenVideoAsync and checked by seeking back:").ConfigureAwait(false);
            await output.WriteLineAsync($"  {"ID",-6} {"file",-26} {"storage",-9} {"bytes",9} {"CRC-32",-8}  {"header",-8} seek").ConfigureAwait(false);
            foreach (var video in dataset.Videos)
            {
                await PrintVideoAsync(output, dataset, video, cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("Videos decoded with ffmpeg (frame count from the packets; a contact sheet of each):").ConfigureAwait(false);
            try
            {
                var sheets = Path.Combine(VisemQcDataset.DefaultHome, "demo");
                Directory.CreateDirectory(sheets);
                foreach (var video in dataset.Videos)
                {
                    var probe = await dataset.ProbeVideoAsync(video.VideoId, cancellationToken).ConfigureAwait(false);
                    var sheet = Path.Combine(sheets, $"{video.VideoId}-contact-sheet.png");
                    await File.WriteAllBytesAsync(sheet, await dataset.GetContactSheetPngAsync(video.VideoId, columns: 4, rows: 2, tileWidth: 160, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    await output.WriteLineAsync($"  {probe}").ConfigureAwait(false);
                }

                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync($"Contact sheets: {sheets}").ConfigureAwait(false);
            }
            catch (VisemQcFfmpegNotFoundException error)
            {
                // Everything above needs only .NET; decoding needs ffmpeg, which a fresh machine may lack.
                await output.WriteLineAsync($"  skipped: {error.Message}").ConfigureAwait(false);
            }

            await output.WriteLineAsync($"Sample zip: {dataset.Path}").ConfigureAwait(false);
            await output.WriteLineAsync("Open your own copy with: visemqc info path/to/visem-qc.zip").ConfigureAwait(false);
        }
    }

    public static async Task InfoAsync(TextWriter output, string path, bool lenient, CancellationToken cancellationToken)
    {
        var options = lenient
            ? new VisemQcDatasetOptions { Annotations = new AnnotationOptions { Validation = AnnotationValidation.Lenient } }
            : null;
        var dataset = await VisemQcDataset.OpenAsync(path, options, cancellationToken).ConfigureAwait(false);
        await using (dataset.ConfigureAwait(false))
        {
            await PrintDatasetAsync(output, dataset).ConfigureAwait(false);
        }
    }

    public static async Task SampleAsync(TextWriter output, string path, bool builtin, VisemQc.Testing.SyntheticDatasetOptions options, bool folder, CancellationToken cancellationToken)
    {
        options = builtin ? VisemQc.Testing.SyntheticDatasetOptions.BuiltInSample : options;
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        var result = folder && !builtin
            ? await VisemQc.Testing.SyntheticDataset.WriteFolderAsync(path, options, cancellationToken).ConfigureAwait(false)
            : await VisemQc.Testing.SyntheticDataset.WriteZipAsync(path, options, cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote {result.Videos.Count} videos to {result.Path} in {stopwatch.Elapsed.TotalSeconds:0.0} s:")).ConfigureAwait(false);
        foreach (var (video, record) in result.Videos.Zip(result.Records))
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {video.Path,-28} {video.Container,-4} {video.Storage?.ToString() ?? "file",-9} {record}")).ConfigureAwait(false);
        }
    }

    private static async Task PrintDatasetAsync(TextWriter output, VisemQcDataset dataset)
    {
        await output.WriteLineAsync(dataset.ToString()).ConfigureAwait(false);
        await output.WriteLineAsync($"Annotations: {dataset.AnnotationPath}; videos: {dataset.VideosFolder ?? "(none)"}").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"  {"ID",-8} {"a %",7} {"b %",7} {"c %",7} {"d %",7} {"a+b %",7}  video").ConfigureAwait(false);
        foreach (var record in dataset.Records)
        {
            var video = dataset.TryGetVideo(record.VideoId, out var found) ? $"{found.Container}, {found.Storage.ToString().ToLowerInvariant()}" : "missing";
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  {record.VideoId,-8} {record.RapidProgressive,7:0.0#} {record.SlowProgressive,7:0.0#} {record.NonProgressive,7:0.0#} {record.Immotile,7:0.0#} {record.Progressive,7:0.0#}  {video}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        if (!dataset.AnnotationReport.IsValid)
        {
            await output.WriteLineAsync(dataset.AnnotationReport.ToString()).ConfigureAwait(false);
        }

        await output.WriteLineAsync(dataset.Consistency.ToString()).ConfigureAwait(false);
    }

    private static async Task PrintVideoAsync(TextWriter output, VisemQcDataset dataset, VisemQcVideo video, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var stream = await dataset.OpenVideoAsync(video.VideoId, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var crc = new Crc32();
            var buffer = new byte[81920];
            var header = new byte[4];
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (total == 0)
                {
                    buffer.AsSpan(0, Math.Min(read, 4)).CopyTo(header);
                }

                crc.Append(buffer.AsSpan(0, read));
                total += read;
            }

            // Seek back to the start and re-read the header: the stream is seekable whatever the storage.
            stream.Position = 0;
            var again = new byte[4];
            await stream.ReadExactlyAsync(again, cancellationToken).ConfigureAwait(false);
            var seek = again.AsSpan().SequenceEqual(header) ? "ok" : "MISMATCH";
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"  {video.VideoId,-6} {video.Path,-26} {video.Storage.ToString().ToLowerInvariant(),-9} {total,9} {crc.GetCurrentHashAsUInt32():x8}  {Magic(header),-8} {seek} ({stopwatch.ElapsedMilliseconds} ms)")).ConfigureAwait(false);
        }
    }

    private static string Magic(byte[] header) => header switch
    {
        [0x1A, 0x45, 0xDF, 0xA3] => "EBML/mkv",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F'] => "RIFF/avi",
        [_, _, _, _] when header.AsSpan().IndexOfAnyExcept((byte)0) < 0 => "zeros",
        _ => Convert.ToHexString(header),
    };
}
