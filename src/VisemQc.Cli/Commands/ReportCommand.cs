using System.CommandLine;
using VisemQc.Cli.Terminal;
using System.Text;
using VisemQc.Cli.Report;

namespace VisemQc.Cli.Commands;

/// <summary><c>visemqc report</c>: one self-contained HTML page that shows a dataset.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var dataset = CommonArguments.Dataset();
        var lenient = CommonArguments.Lenient();
        var output = new Option<string>("--output", "-o") { Description = "The HTML file to write.", DefaultValueFactory = _ => "visem-qc-report.html" };
        var command = new Command("report", CommonArguments.Help(
            "Write one self-contained HTML page (no network needed to view it): a stacked bar chart of grades a-d per video sorted by a+b, the distribution of a+b, the records table with each video's metadata, the first frame of each video and the consistency report.",
            "visemqc report visem-qc.zip -o report.html"))
        {
            dataset, lenient, output,
        };
        command.SetWork(async (parse, context) =>
        {
            var path = Path.GetFullPath(parse.GetRequiredValue(output));
            var opened = await CommonArguments.OpenAsync(parse.GetRequiredValue(dataset), parse.GetValue(lenient), context.CancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                await WriteAsync(context, opened, path).ConfigureAwait(false);
            }
        });
        return command;
    }

    public static async Task WriteAsync(CliContext context, VisemQcDataset dataset, string path)
    {
        await context.Error.WriteLineAsync($"Reading {dataset.Videos.Count} videos for their metadata and first frame...").ConfigureAwait(false);
        var model = await ReportBuilder.CollectAsync(dataset, TimeProvider.System, context.CancellationToken).ConfigureAwait(false);
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        // Written beside and renamed, so that a browser never shows half a report.
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await File.WriteAllTextAsync(temporary, HtmlReport.Render(model), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), context.CancellationToken).ConfigureAwait(false);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        if (model.VideoNote is not null)
        {
            await context.Error.WriteLineAsync($"warning: {model.VideoNote}").ConfigureAwait(false);
        }

        await context.Out.WriteLineAsync($"Wrote the report of {model.Records.Count} records and {model.Videos.Count} videos to {path}").ConfigureAwait(false);
    }
}
