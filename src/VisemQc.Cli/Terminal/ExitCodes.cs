namespace VisemQc.Cli.Terminal;

/// <summary>The process exit codes of every command (documented in <c>docs/cli.md</c>).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The data, the download or the machine is not as expected: a one-line error on stderr says what to do.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong: an unknown option, a missing argument or a value out of range.</summary>
    public const int Usage = 2;

    /// <summary>A bug in VisemQc: an exception nobody expected (run again with <c>--verbose</c> and report it).</summary>
    public const int Internal = 70;

    /// <summary>Interrupted by Ctrl-C (SIGINT) or SIGTERM; the download command keeps every verified byte.</summary>
    public const int Interrupted = 130;
}
