using System.CommandLine;
using VisemQc.Cli.Terminal;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using VisemQc.Testing;

namespace VisemQc.Cli.Commands;

/// <summary><c>visemqc sample</c>: the built-in sample, or a synthetic dataset made by the test kit.</summary>
internal static class SampleCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Where to write: a path ending in .zip gets a zip, any other path an extracted folder.", Required = true };
        var synthetic = new Option<bool>("--synthetic") { Description = "Make a new synthetic dataset with the test kit (needs ffmpeg) instead of copying the built-in sample. Implied by the options below." };
        var count = new Option<int?>("--count") { Description = "The number of videos (default 5)." };
        var seed = new Option<int?>("--seed") { Description = "The seed of labels, motion and noise (default 0)." };
        var seconds = new Option<double?>("--seconds") { Description = "Each video's length in seconds (default 2)." };
        var container = new Option<string?>("--container") { Description = "mkv, avi or mp4 (default mkv)." };
        container.AcceptOnlyFromAmong("mkv", "avi", "mp4");
        var deflate = new Option<bool>("--deflate") { Description = "Deflate the videos in the zip instead of storing them." };
        var regenerate = new Option<bool>("--regenerate-builtin") { Description = "Make the built-in sample anew with the test kit, with exactly its settings (for maintainers: src/VisemQc/Sample/generate-sample.sh)." };
        var command = new Command("sample", CommonArguments.Help(
            "Write the sample dataset built into VisemQc (5 short videos and their annotations; no ffmpeg needed), or a synthetic dataset whose spermatozoa move as their labels say.",
            "visemqc sample -o sample.zip",
            "visemqc sample -o sample-folder",
            "visemqc sample -o big.zip --count 20 --seconds 5 --container avi --seed 7"))
        {
            output, synthetic, count, seed, seconds, container, deflate, regenerate,
        };
        command.SetWork(async (parse, context) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(output));
            bool toZip = path.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
            var stopwatch = Stopwatch.StartNew();
            SyntheticDatasetOptions? options = parse.GetValue(regenerate) ? SyntheticDatasetOptions.BuiltInSample : null;
            if (options is null && (parse.GetValue(synthetic) || parse.GetValue(count) is not null || parse.GetValue(seed) is not null
                || parse.GetValue(seconds) is not null || parse.GetValue(container) is not null || parse.GetValue(deflate)))
            {
                options = new SyntheticDatasetOptions();
                options.VideoCount = parse.GetValue(count) ?? options.VideoCount;
                options.Seed = parse.GetValue(seed) ?? options.Seed;
                options.Duration = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : options.Duration;
                options.Containers = parse.GetValue(container) is { } c ? [Enum.Parse<SyntheticContainer>(c, ignoreCase: true)] : options.Containers;
                options.Storage = parse.GetValue(deflate) ? [SyntheticStorage.Deflated] : options.Storage;
            }

            if (options is null)
            {
                await WriteBuiltInAsync(context.Out, path, toZip, context.CancellationToken).ConfigureAwait(false);
                return;
            }

            var result = toZip
                ? await SyntheticDataset.WriteZipAsync(path, options, context.CancellationToken).ConfigureAwait(false)
                : await SyntheticDataset.WriteFolderAsync(path, options, context.CancellationToken).ConfigureAwait(false);
            await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Wrote a synthetic dataset of {result.Videos.Count} videos to {result.Path} in {stopwatch.Elapsed.TotalSeconds:0.0} s:")).ConfigureAwait(false);
            foreach (var (video, record) in result.Videos.Zip(result.Records))
            {
                await context.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {video.Path,-28} {video.Container,-4} {video.Storage?.ToString() ?? "file",-9} {record}")).ConfigureAwait(false);
            }
        });
        return command;
    }

    private static async Task WriteBuiltInAsync(TextWriter output, string path, bool toZip, CancellationToken cancellationToken)
    {
        // The package keeps the sample as a zip; opening it puts a copy in VisemQc's home folder.
        string source;
        var sample = await VisemQcDataset.OpenSampleAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (sample.ConfigureAwait(false))
        {
            source = sample.Path;
        }

        if (toZip)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Copy(source, path, overwrite: true);
        }
        else
        {
            if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            {
                throw new IOException($"The folder '{path}' is not empty; the sample is extracted only into a new or empty folder, so that nothing of yours is overwritten. Pick another folder, or a path ending in .zip.");
            }

            await ZipFile.ExtractToDirectoryAsync(source, path, cancellationToken).ConfigureAwait(false);
        }

        var dataset = await VisemQcDataset.OpenAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (dataset.ConfigureAwait(false))
        {
            await output.WriteLineAsync($"Wrote the built-in sample to {path}: {dataset.Records.Count} records, {dataset.Videos.Count} videos.").ConfigureAwait(false);
            await output.WriteLineAsync($"Look at it with: visemqc info {Quote(path)}").ConfigureAwait(false);
        }
    }

    internal static string Quote(string path) => path.Contains(' ', StringComparison.Ordinal) ? $"\"{path}\"" : path;
}
