using System.CommandLine;

namespace VisemQc.Cli.Terminal;

/// <summary>
/// Runs a command's work and turns what it throws into one line on stderr and an exit code: the
/// library's typed errors already say what was expected, what was found and what to do, so the
/// stack trace is shown only with <c>--verbose</c>.
/// </summary>
internal static class CliRunner
{
    /// <summary>The global option that shows stack traces.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "On an error, show the full exception with its stack trace.",
        Recursive = true,
    };

    /// <summary>Binds a command's work to its action.</summary>
    public static void SetWork(this Command command, Func<ParseResult, CliContext, Task<int>> work) =>
        command.SetAction((parse, cancellationToken) => RunAsync(parse, work, cancellationToken));

    /// <summary>Binds a command's work that either succeeds or throws.</summary>
    public static void SetWork(this Command command, Func<ParseResult, CliContext, Task> work) =>
        command.SetWork(async (parse, context) =>
        {
            await work(parse, context).ConfigureAwait(false);
            return ExitCodes.Success;
        });

    private static async Task<int> RunAsync(ParseResult parse, Func<ParseResult, CliContext, Task<int>> work, CancellationToken cancellationToken)
    {
        var context = new CliContext(Console.Out, Console.Error, parse.GetValue(Verbose), cancellationToken)
        {
            ErrorIsTerminal = !Console.IsErrorRedirected,
        };
        try
        {
            return await work(parse, context).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("Interrupted.").ConfigureAwait(false);
            return ExitCodes.Interrupted;
        }
        catch (Exception exception) when (exception is VisemQcException or VisemQcVideoNotFoundException or IOException or UnauthorizedAccessException)
        {
            await ReportAsync(context, exception.Message, exception).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (ArgumentException exception)
        {
            // The library's option records validate what the command line passed on (a block size, a frame range).
            await ReportAsync(context, exception.Message, exception).ConfigureAwait(false);
            return ExitCodes.Usage;
        }
        catch (Exception exception)
        {
            await ReportAsync(context, $"unexpected {exception.GetType().Name}: {exception.Message} This is a bug in VisemQc: run again with --verbose and report the output.", exception).ConfigureAwait(false);
            return ExitCodes.Internal;
        }
    }

    private static async Task ReportAsync(CliContext context, string message, Exception exception)
    {
        await context.Error.WriteLineAsync($"error: {message}").ConfigureAwait(false);
        if (context.Verbose)
        {
            await context.Error.WriteLineAsync(exception.ToString()).ConfigureAwait(false);
        }
    }
}
