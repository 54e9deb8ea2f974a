namespace VisemQc.Cli.Terminal;

/// <summary>What a command's work gets: where to write, whether to say more, and the token that Ctrl-C cancels.</summary>
/// <param name="Out">Results: tables, paths, summaries.</param>
/// <param name="Error">Errors, warnings and the live progress line.</param>
/// <param name="Verbose">Whether <c>--verbose</c> was given.</param>
/// <param name="CancellationToken">Cancelled by Ctrl-C (SIGINT) and SIGTERM.</param>
internal sealed record CliContext(TextWriter Out, TextWriter Error, bool Verbose, CancellationToken CancellationToken)
{
    /// <summary>Whether stderr is a terminal, where a progress line can redraw itself with a carriage return.</summary>
    public bool ErrorIsTerminal { get; init; }
}
