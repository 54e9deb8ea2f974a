using System.CommandLine;
using System.Globalization;
using VisemQc.Cli.Terminal;

namespace VisemQc.Cli.Commands;

/// <summary><c>visemqc download</c>: the library's resumable, verified downloader with a live progress line.</summary>
internal static class DownloadCommand
{
    public static Command Create()
    {
        var url = CommonArguments.Urls("--url", $"Where to download from (default {VisemQcDataset.DefaultSource}).", many: false);
        var mirrors = CommonArguments.Urls("--mirror", "Another URL of the same file, tried in turn when the ones before it fail. Repeat for more.", many: true);
        var output = new Option<string>("--output", "-o") { Description = $"The file to write (default {VisemQcDataset.DefaultDownloadPath}: $VISEMQC_HOME, else the local application-data folder). A download in progress is kept beside it as <name>.part with a manifest." };
        var connections = new Option<int>("--connections", "-c") { Description = "How many connections fetch separate parts at once (1 to 16).", DefaultValueFactory = _ => new DownloadOptions().Connections };
        var retryTimeout = new Option<int>("--retry-timeout") { Description = "Seconds to keep retrying while no new byte arrives; a dead server fails the download within about this time (0 fails at the first failure).", DefaultValueFactory = _ => (int)new DownloadOptions().RetryTimeout.TotalSeconds };
        var offline = new Option<bool>("--offline") { Description = "Never touch the network: succeed only when a verified copy is already there (same as VISEMQC_OFFLINE=1)." };
        var command = new Command("download", CommonArguments.Help(
            "Download the VISEM-QC archive (7.8 GB), resuming where any earlier attempt stopped and checking every block and every zip entry before giving it its name. Ctrl-C stops it and keeps every verified byte: run the same command again to resume.",
            "visemqc download",
            "visemqc download -o /data/visem-qc.zip --connections 2",
            "visemqc download --url https://mirror.example.org/visem-qc.zip --mirror https://datasets.simula.no/downloads/visem-qc.zip"))
        {
            url, mirrors, output, connections, retryTimeout, offline,
        };
        command.SetWork(async (parse, context) =>
        {
            var destination = Path.GetFullPath(parse.GetValue(output) ?? VisemQcDataset.DefaultDownloadPath);
            var options = new DownloadOptions
            {
                Connections = parse.GetValue(connections),
                RetryTimeout = TimeSpan.FromSeconds(parse.GetValue(retryTimeout)),
                Mirrors = parse.GetValue(mirrors) ?? [],
                Offline = parse.GetValue(offline),
            };
            var source = parse.GetValue(url) is [var given] ? given : VisemQcDataset.DefaultSource;
            return await RunAsync(context, source, destination, options).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Downloads with a progress line; on Ctrl-C says what was kept and how to resume.</summary>
    public static async Task<int> RunAsync(CliContext context, Uri source, string destination, DownloadOptions options)
    {
        await context.Out.WriteLineAsync($"Downloading {source}").ConfigureAwait(false);
        await context.Out.WriteLineAsync($"         to {destination}").ConfigureAwait(false);
        var progress = new ProgressLine(context.Error, context.ErrorIsTerminal);
        using var downloader = new VisemQcDownloader(logger: new TerminalLogger(progress, context.Verbose));
        try
        {
            var result = await downloader.DownloadAsync(source, destination, options, progress, context.CancellationToken).ConfigureAwait(false);
            progress.Finish();
            await PrintResultAsync(context.Out, result).ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            progress.Finish();
            var kept = progress.Last is { Phase: DownloadPhase.Downloading or DownloadPhase.Verifying, TotalBytes: { } total } last
                ? $" at {Units.Bytes(last.BytesDone)} of {Units.Bytes(total)}"
                : "";
            var part = DownloadFiles.For(destination).Part;
            await context.Error.WriteLineAsync(File.Exists(part)
                ? $"Interrupted{kept}. Every verified block is kept in {part}; run the same command again to resume from it."
                : "Interrupted before any data was written; run the same command again to start.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch
        {
            progress.Finish();
            throw;
        }
    }

    private static async Task PrintResultAsync(TextWriter output, DownloadResult result)
    {
        if (result.UsedExistingFile)
        {
            await output.WriteLineAsync($"Already downloaded and verified ({result.Verification.Outcome.ToString().ToLowerInvariant()}): {result.Path}, {Units.Bytes(result.Length)}.").ConfigureAwait(false);
        }
        else
        {
            double seconds = Math.Max(result.Duration.TotalSeconds, 1e-3);
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Downloaded {Units.Bytes(result.Length)} in {Units.Duration(result.Duration)} ({Units.Speed(result.BytesFetched / seconds)}): fetched {result.BytesFetched:N0} bytes, reused {result.BytesReused:N0} verified bytes from before, {result.Resumes} resumes, {result.Restarts} restarts.")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(result.Verification.ToString()).ConfigureAwait(false);
        await output.WriteLineAsync($"Open it with: visemqc info {SampleCommand.Quote(result.Path)}").ConfigureAwait(false);
    }
}
