using System.CommandLine;
using VisemQc.Cli.Terminal;

namespace VisemQc.Cli.Commands;

/// <summary><c>visemqc verify</c>: re-checks a downloaded archive and repairs only its bad blocks.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var zip = new Argument<string>("zip") { Description = "The downloaded archive (its manifest, <zip>.manifest.json, is used when present)." };
        var offline = new Option<bool>("--offline") { Description = "Only check: do not fetch bad blocks again (same as VISEMQC_OFFLINE=1)." };
        var mirrors = CommonArguments.Urls("--mirror", "Another URL of the same file to fetch bad blocks from when the recorded source fails. Repeat for more.", many: true);
        var full = new Option<bool>("--full") { Description = "Also re-check every zip entry's CRC-32, even when every block matches the manifest." };
        var command = new Command("verify", CommonArguments.Help(
            "Check a downloaded archive: every block against the hash recorded when it was downloaded, then the zip's central directory and every entry's CRC-32. Bad blocks are fetched again (only those) from the recorded source unless --offline. A file without a manifest gets the zip check only.",
            "visemqc verify ~/.local/share/VisemQc/visem-qc.zip",
            "visemqc verify visem-qc.zip --offline"))
        {
            zip, offline, mirrors, full,
        };
        command.SetWork(async (parse, context) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(zip));
            if (!File.Exists(path))
            {
                var part = DownloadFiles.For(path).Part;
                throw new FileNotFoundException(File.Exists(part)
                    ? $"'{path}' is not finished: its download stopped in '{part}'. Resume it with: visemqc download -o {SampleCommand.Quote(path)} (add --url if it came from elsewhere)."
                    : $"'{path}' does not exist. Download it with: visemqc download -o {SampleCommand.Quote(path)}", path);
            }

            var options = new DownloadOptions
            {
                Offline = parse.GetValue(offline),
                Mirrors = parse.GetValue(mirrors) ?? [],
                ReverifyExisting = parse.GetValue(full),
            };
            var progress = new ProgressLine(context.Error, context.ErrorIsTerminal);
            using var downloader = new VisemQcDownloader();
            try
            {
                var report = await downloader.VerifyAsync(path, options, progress, context.CancellationToken).ConfigureAwait(false);
                progress.Finish();
                await context.Out.WriteLineAsync(report.ToString()).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (VisemQcIntegrityException error)
            {
                progress.Finish();
                await context.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
                if (error.BadBlocks.Count > 0 && File.Exists(error.Path))
                {
                    await context.Error.WriteLineAsync($"To fetch only the bad blocks: visemqc download -o {SampleCommand.Quote(path)} (add --url if it came from elsewhere).").ConfigureAwait(false);
                }

                if (context.Verbose)
                {
                    await context.Error.WriteLineAsync(error.ToString()).ConfigureAwait(false);
                }

                return ExitCodes.Failed;
            }
            catch
            {
                progress.Finish();
                throw;
            }
        });
        return command;
    }
}
