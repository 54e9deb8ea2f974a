using System.CommandLine;
using VisemQc.Cli.Commands;
using VisemQc.Cli.Terminal;

// The visemqc command line. 'demo' is the README's first command: the whole path on the sample built
// into the package, with no network and no files to find. Exit codes: see Terminal/ExitCodes.cs.
var root = new RootCommand("visemqc: the VISEM-QC sperm-motility video dataset from the terminal. Run 'visemqc demo' to see everything on the built-in sample.")
{
    DemoCommand.Create(),
    DownloadCommand.Create(),
    VerifyCommand.Create(),
    InfoCommand.Create(),
    FramesCommand.Create(),
    ReportCommand.Create(),
    SampleCommand.Create(),
};
root.Options.Add(CliRunner.Verbose);

var parse = root.Parse(args);
if (parse.Errors.Count > 0)
{
    // A wrong command line is exit code 2 (1 means the data or the download failed).
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync($"See '{(parse.CommandResult.Command is RootCommand ? "visemqc" : "visemqc " + parse.CommandResult.Command.Name)} --help'.").ConfigureAwait(false);
    return ExitCodes.Usage;
}

return await parse.InvokeAsync().ConfigureAwait(false);
