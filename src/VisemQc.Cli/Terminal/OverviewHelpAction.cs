using System.CommandLine;
using System.CommandLine.Invocation;

namespace VisemQc.Cli.Terminal;

/// <summary>
/// <c>visemqc --help</c>: one line per command (the first paragraph of its description) instead of
/// every command's full text and examples, which each command's own <c>--help</c> shows.
/// </summary>
internal sealed class OverviewHelpAction(Command root, SynchronousCommandLineAction commandHelp) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        if (parseResult.CommandResult.Command != root)
        {
            return commandHelp.Invoke(parseResult);
        }

        var output = parseResult.InvocationConfiguration.Output;
        output.WriteLine(root.Description);
        output.WriteLine();
        output.WriteLine("Usage: visemqc <command> [options]");
        output.WriteLine();
        output.WriteLine("Commands:");
        int width = root.Subcommands.Max(c => c.Name.Length) + 2;
        foreach (var command in root.Subcommands)
        {
            output.WriteLine($"  {command.Name.PadRight(width)}{command.Description!.Split("\n\n")[0]}");
        }

        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  -v, --verbose  On an error, show the full exception with its stack trace.");
        output.WriteLine("  --version      Show the version.");
        output.WriteLine("  -h, --help     Show this overview, or with a command its options and examples.");
        output.WriteLine();
        output.WriteLine("Run 'visemqc <command> --help' for a command's options and examples. Exit codes: 0 done, 1 failed (the error says what to do), 2 wrong command line, 130 interrupted.");
        return ExitCodes.Success;
    }
}
