using Microsoft.Extensions.Logging;

namespace VisemQc.Cli.Terminal;

/// <summary>
/// The downloader's log on stderr, between progress lines: warnings (a failed attempt and its retry,
/// a resume, a restart) always, so that a long wait on a bad network is never silent; information
/// too with <c>--verbose</c>.
/// </summary>
internal sealed class TerminalLogger(ProgressLine progress, bool verbose) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= (verbose ? LogLevel.Information : LogLevel.Warning);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var level = logLevel >= LogLevel.Warning ? "warning" : "info";
        progress.WriteMessage($"{level}: {formatter(state, exception)}");
    }
}
