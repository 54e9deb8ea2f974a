using System.CommandLine;
using VisemQc.Cli.Terminal;

namespace VisemQc.Cli.Commands;

/// <summary><c>visemqc info</c>: records with a+b, annotation problems, consistency, and optionally each video's metadata.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var dataset = CommonArguments.Dataset();
        var lenient = CommonArguments.Lenient();
        var probe = new Option<bool>("--probe") { Description = "Also probe every video with ffprobe: container, codec, size, frame rate, exact frame count, duration." };
        var command = new Command("info", CommonArguments.Help(
            "Print a dataset's records as a table with a+b (progressive motility), the annotation problems and the consistency report between records and videos.",
            "visemqc info ~/data/visem-qc.zip",
            "visemqc info ~/data/visem-qc --probe --lenient"))
        {
            dataset, lenient, probe,
        };
        command.SetWork(async (parse, context) =>
        {
            var opened = await CommonArguments.OpenAsync(parse.GetRequiredValue(dataset), parse.GetValue(lenient), context.CancellationToken).ConfigureAwait(false);
            await using (opened.ConfigureAwait(false))
            {
                await DatasetPrinter.PrintAsync(context.Out, opened).ConfigureAwait(false);
                if (parse.GetValue(probe))
                {
                    await context.Out.WriteLineAsync().ConfigureAwait(false);
                    await context.Out.WriteLineAsync("Videos (ffprobe; frame counts from the packets):").ConfigureAwait(false);
                    await DatasetPrinter.PrintProbesAsync(context.Out, opened, context.CancellationToken).ConfigureAwait(false);
                }
            }
        });
        return command;
    }
}
