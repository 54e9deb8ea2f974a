using System.Diagnostics;
using System.Text;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.TestSupport;

/// <summary>What a finished visemqc process printed and returned.</summary>
public sealed record CliOutcome(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs the built command line (<c>dotnet VisemQc.Cli.dll</c>, the same build the tool package holds)
/// with its own VISEMQC_HOME, so that no test sees another's sample copy or cache.
/// </summary>
public sealed class CliProcess : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _error = new();

    private CliProcess(string home, string workingDirectory, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["VISEMQC_HOME"] = home;
        start.Environment.Remove("VISEMQC_OFFLINE");
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(_out, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_error, e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static string DllPath { get; } = RepositoryRoot.Combine("src", "VisemQc.Cli", "bin", Configuration, "net10.0", "VisemQc.Cli.dll");

    public int Id => _process.Id;

    public string ErrorSoFar
    {
        get
        {
            lock (_error)
            {
                return _error.ToString();
            }
        }
    }

    /// <summary>Starts <c>visemqc args</c> in <paramref name="workingDirectory"/> with VISEMQC_HOME set to <paramref name="home"/>.</summary>
    public static CliProcess Start(string home, string workingDirectory, params string[] args) => new(home, workingDirectory, args);

    /// <summary>Runs <c>visemqc args</c> to the end.</summary>
    public static async Task<CliOutcome> RunAsync(TempFolder temp, params string[] args)
    {
        using var process = Start(temp.Combine("home"), temp.Path, args);
        return await process.WaitAsync();
    }

    public async Task<CliOutcome> WaitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"visemqc did not finish in {Timeout}:\n{Outcome()}");
        }

        // The parameterless wait also drains the redirected streams.
        await _process.WaitForExitAsync(CancellationToken.None);
        return Outcome();
    }

    /// <summary>Sends SIGINT, as Ctrl-C in a terminal does.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private CliOutcome Outcome()
    {
        lock (_out)
        {
            lock (_error)
            {
                return new CliOutcome(_process.HasExited ? _process.ExitCode : -1, _out.ToString(), _error.ToString());
            }
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }
}
