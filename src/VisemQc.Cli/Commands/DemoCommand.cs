using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using VisemQc.Cli.Demo;
using VisemQc.Cli.Terminal;

namespace VisemQc.Cli.Commands;

/// <summary>
/// <c>visemqc demo</c>, the README's first command: the whole path on the built-in sample with no
/// network. The sample is served from 127.0.0.1 by a server that drops the first connection half way,
/// downloaded by the real downloader (which asks again from the first byte it did not receive), verified, opened,
/// printed, decoded, and turned into frames and an HTML report.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Small blocks, so that the sample (under 1 MB) has enough of them to show a resume.</summary>
    private const int DemoBlockSize = 64 * 1024;

    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "The folder for the demo's files (default: 'demo' in $VISEMQC_HOME, else in the local application-data folder)." };
        var command = new Command("demo", CommonArguments.Help(
            "Run the whole path on the sample built into VisemQc, with no network: serve it from 127.0.0.1, download it with the resumable downloader through an injected interruption, verify it, open it, print its records and video metadata, and write a few frames and the HTML report.",
            "visemqc demo",
            "visemqc demo -o /tmp/visemqc-demo"))
        {
            output,
        };
        command.SetWork((parse, context) => RunAsync(context, Path.GetFullPath(parse.GetValue(output) ?? Path.Combine(VisemQcDataset.DefaultHome, "demo"))));
        return command;
    }

    private static async Task<int> RunAsync(CliContext context, string folder)
    {
        var output = context.Out;
        var cancellationToken = context.CancellationToken;
        Directory.CreateDirectory(folder);
        var zip = Path.Combine(folder, "visem-qc.zip");
        var files = DownloadFiles.For(zip);
        foreach (var stale in new[] { files.Destination, files.Part, files.Manifest })
        {
            // Each run downloads afresh, so that the interruption and the resume happen every time.
            File.Delete(stale);
        }

        await output.WriteLineAsync("VisemQc demo: the whole path on the sample built into the package, with no network.").ConfigureAwait(false);

        string samplePath;
        var sample = await VisemQcDataset.OpenSampleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (sample.ConfigureAwait(false))
        {
            samplePath = sample.Path;
        }

        long length = new FileInfo(samplePath).Length;
        var source = await LoopbackSource.StartAsync(samplePath, "/visem-qc.zip", dropFirstAt: length / 2, cancellationToken).ConfigureAwait(false);
        await using (source.ConfigureAwait(false))
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"1. Serving the sample ({Units.Bytes(length)}) at {source.Url}, ETag {source.ETag}; the server drops the first connection at byte {length / 2:N0}.").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync($"2. Downloading it with VisemQcDownloader ({DemoBlockSize / 1024} KiB blocks, each hashed into the manifest once written):").ConfigureAwait(false);
            int status = await DownloadCommand.RunAsync(context, source.Url, zip, new DownloadOptions { BlockSize = DemoBlockSize, Connections = 1 }).ConfigureAwait(false);
            await output.WriteLineAsync("   What the server saw:").ConfigureAwait(false);
            foreach (var request in source.Requests)
            {
                var asked = request.Range is null ? "whole file" : $"Range: {request.Range}" + (request.IfRange is null ? "" : $", If-Range: {request.IfRange}");
                await output.WriteLineAsync($"     {request.Method} ({asked}) -> {request.Status}, {request.BodyBytes:N0} body bytes{(request.Dropped ? ", then the connection was dropped" : "")}").ConfigureAwait(false);
            }

            if (source.Requests is [{ Dropped: true } dropped, { Range: { } range }, ..] && RangeStart(range) is { } resumedAt)
            {
                await output.WriteLineAsync($"   The reset threw away the {dropped.BodyBytes - resumedAt:N0} bytes still in the client's socket buffers; it had received {resumedAt:N0}, kept them, and asked for the rest from there.").ConfigureAwait(false);
            }

            if (status != ExitCodes.Success)
            {
                return status;
            }
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("3. Verifying it again with VerifyAsync (every block against the manifest):").ConfigureAwait(false);
        using (var downloader = new VisemQcDownloader())
        {
            var report = await downloader.VerifyAsync(zip, new DownloadOptions { Offline = true, ReverifyExisting = true }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"   {report}").ConfigureAwait(false);
        }

        var dataset = await VisemQcDataset.OpenAsync(zip, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (dataset.ConfigureAwait(false))
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("4. Opening it with VisemQcDataset.OpenAsync (the zip is read in place):").ConfigureAwait(false);
            await DatasetPrinter.PrintAsync(output, dataset).ConfigureAwait(false);

            await output.WriteLineAsync("5. Reading every video through OpenVideoAsync (a seekable stream; nothing is extracted for a stored entry):").ConfigureAwait(false);
            await output.WriteLineAsync($"  {"ID",-6} {"file",-26} {"storage",-9} {"bytes",9} {"CRC-32",-8}  {"header",-8} seek").ConfigureAwait(false);
            foreach (var video in dataset.Videos)
            {
                await PrintStreamAsync(output, dataset, video, cancellationToken).ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("6. Probing every video with ffprobe (exact frame counts from the packets):").ConfigureAwait(false);
            try
            {
                await DatasetPrinter.PrintProbesAsync(output, dataset, cancellationToken).ConfigureAwait(false);
                var frames = Path.Combine(folder, "frames");
                var first = dataset.Records[0].VideoId;
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync($"7. Decoding frames 0, 10, 20 and 30 of video {first} with ffmpeg:").ConfigureAwait(false);
                Directory.CreateDirectory(frames);
                await foreach (var frame in dataset.ReadFramesAsync(first, new FrameReadOptions { StartFrame = 0, Stride = 10, MaxFrames = 4 }, cancellationToken).ConfigureAwait(false))
                {
                    using (frame)
                    {
                        var png = Path.Combine(frames, string.Create(CultureInfo.InvariantCulture, $"{first}-{frame.Index:D5}.png"));
                        await File.WriteAllBytesAsync(png, frame.ToPng(), cancellationToken).ConfigureAwait(false);
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"   frame {frame.Index,3} at {frame.Timestamp.TotalSeconds:0.000}s, {frame.Width}x{frame.Height} -> {png}")).ConfigureAwait(false);
                    }
                }
            }
            catch (VisemQcFfmpegNotFoundException error)
            {
                // Everything else needs only .NET; decoding needs ffmpeg, which a fresh machine may lack.
                await output.WriteLineAsync($"   skipped: {error.Message}").ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync("8. Writing the HTML report:").ConfigureAwait(false);
            await ReportCommand.WriteAsync(context, dataset, Path.Combine(folder, "visem-qc-report.html")).ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync($"Done. Everything the demo wrote is in {folder}").ConfigureAwait(false);
        await output.WriteLineAsync($"Next: visemqc info {SampleCommand.Quote(zip)} --probe, or visemqc download for the real 7.8 GB archive.").ConfigureAwait(false);
        return ExitCodes.Success;
    }

    private static async Task PrintStreamAsync(TextWriter output, VisemQcDataset dataset, VisemQcVideo video, CancellationToken cancellationToken)
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
        [_, _, 0, 0] when header.AsSpan(0, 2).IndexOfAnyExcept((byte)0) < 0 => "ISO/mp4",
        _ => Convert.ToHexString(header),
    };

    /// <summary>The first byte of a <c>Range: bytes=a-b</c> header, or <see langword="null"/>.</summary>
    private static long? RangeStart(string range)
    {
        int dash = range.IndexOf('-', StringComparison.Ordinal);
        return range.StartsWith("bytes=", StringComparison.Ordinal) && dash > 6
            && long.TryParse(range.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out long start) ? start : null;
    }
}
