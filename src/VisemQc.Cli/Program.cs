using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using VisemQc.Cli.Commands;
using VisemQc.Cli.Terminal;

// The visemqc command line. 'demo' is the README's first command: the whole path on the sample built
// into the package, with no network and no files to find. Exit codes: see Terminal/ExitCodes.cs.
// A Command named for the tool rather than a RootCommand, which takes its name from the assembly
// (VisemQc.Cli, so that it never collides with VisemQc.dll on case-insensitive file systems).
var root = new Command("visemqc", "The VISEM-QC sperm-motility video dataset from the terminal. Run 'visemqc demo' to see everything on the built-in sample.")
{
    new HelpOption { Recursive = true },
    new VersionOption(),
    DemoCommand.Create(),
    DownloadCommand.Create(),
    VerifyCommand.Create(),
    InfoCommand.Create(),
    FramesCommand.Create(),
    ReportCommand.Create(),
    SampleCommand.Create(),
};
root.Options.Add(CliRunner.Verbose);

// The overview lists each command by its first paragraph; its own --help adds the details and examples.
var help = root.Options.OfType<HelpOption>().Single();
help.Action = new OverviewHelpAction(root, (SynchronousCommandLineAction)help.Action!);

var parse = root.Parse(args);
if (parse.Errors.Count > 0 && parse.GetResult(help) is null)
{
    // A wrong command line is exit code 2 (1 means the data or the download failed).
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync($"See '{(parse.CommandResult.Command == root ? "visemqc" : "visemqc " + parse.CommandResult.Command.Name)} --help'.").ConfigureAwait(false);
    return ExitCodes.Usage;
}

return await parse.InvokeAsync().ConfigureAwait(false);
