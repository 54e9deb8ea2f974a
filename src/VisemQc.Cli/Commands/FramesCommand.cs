using System.CommandLine;
using VisemQc.Cli.Terminal;
using System.CommandLine.Parsing;
using System.Globalization;

namespace VisemQc.Cli.Commands;

/// <summary><c>visemqc frames</c>: exact frames of one video as PNG files.</summary>
internal static class FramesCommand
{
    public static Command Create()
    {
        var dataset = CommonArguments.Dataset();
        var id = new Argument<string>("id") { Description = "The video ID, as in the annotation CSV (see visemqc info)." };
        var start = new Option<int>("--start") { Description = "The first frame's index (0-based, in decode order as ffprobe counts).", DefaultValueFactory = _ => 0 };
        var count = new Option<int>("--count", "-n") { Description = "How many frames to write.", DefaultValueFactory = _ => 10 };
        var stride = new Option<int>("--stride") { Description = "Take every n-th frame from --start.", DefaultValueFactory = _ => 1 };
        var size = new Option<(int Width, int Height)?>("--size")
        {
            Description = "Scale each frame to WIDTHxHEIGHT pixels, for example 320x240 (default: the video's own size).",
            CustomParser = ParseSize,
        };
        var gray = new Option<bool>("--gray") { Description = "Write 8-bit gray PNGs instead of RGB." };
        var output = new Option<string>("--output", "-o") { Description = "The folder to write <id>-<frame>.png files into (created when missing).", Required = true };
        var command = new Command("frames", CommonArguments.Help(
            "Decode frames of one video with ffmpeg (exactly frame --start, --start+stride, ... whatever the container) and write them as PNG files.",
            "visemqc frames visem-qc.zip 12 --start 100 --count 5 -o frames",
            "visemqc frames visem-qc.zip 12 --size 320x240 --gray --stride 25 -n 20 -o frames"))
        {
            dataset, id, start, count, stride, size, gray, output,
        };
        command.SetWork(async (parse, context) =>
        {
            var folder = Path.GetFullPath(parse.GetRequiredValue(output));
            var videoId = parse.GetRequiredValue(id);
            var options = new FrameReadOptions
            {
                StartFrame = parse.GetValue(start),
                MaxFrames = parse.GetValue(count),
                Stride = parse.GetValue(stride),
                Width = parse.GetValue(size)?.Width,
                Height = parse.GetValue(size)?.Height,
                PixelFormat = parse.GetValue(gray) ? VideoPixelFormat.Gray8 : VideoPixelFormat.Rgb24,
            };
            var opened = await VisemQcDataset.OpenAsync(parse.GetRequiredValue(dataset), cancellationToken: context.CancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                Directory.CreateDirectory(folder);
                int written = 0;
                await foreach (var frame in opened.ReadFramesAsync(videoId, options, context.CancellationToken).ConfigureAwait(false))
                {
                    using (frame)
                    {
                        var path = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"{videoId}-{frame.Index:D5}.png"));
                        await File.WriteAllBytesAsync(path, frame.ToPng(), context.CancellationToken).ConfigureAwait(false);
                        await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  frame {frame.Index,5} at {frame.Timestamp.TotalSeconds,8:0.000}s  {frame.Width}x{frame.Height}  {path}")).ConfigureAwait(false);
                        written++;
                    }
                }

                await context.Out.WriteLineAsync($"Wrote {written} frames of video {videoId} to {folder}.").ConfigureAwait(false);
            }
        });
        return command;
    }

    private static (int Width, int Height)? ParseSize(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        var parts = text.Split('x', 'X');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
            && width is > 0 and <= 8192 && height is > 0 and <= 8192)
        {
            return (width, height);
        }

        result.AddError($"Expected --size as WIDTHxHEIGHT with each from 1 to 8192, for example 320x240; got '{text}'.");
        return null;
    }
}
