using System.Diagnostics;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Download;

/// <summary>
/// Runs tests/VisemQc.DownloadProbe (a console program around VisemQcDownloader) as a child process
/// and reads its output lines. The probe is built once per test run; a process still running when
/// the test ends is killed.
/// </summary>
public sealed class DownloadProbeProcess : IDisposable
{
    private static readonly Lazy<Task<string>> Built = new(BuildAsync);

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly SemaphoreSlim _lineArrived = new(0);

    private DownloadProbeProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_lines)
                {
                    _lines.Add(e.Data);
                }

                _lineArrived.Release();
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static async Task<DownloadProbeProcess> StartAsync(params string[] arguments)
    {
        string probe = await Built.Value;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(probe);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove(DownloadOptions.OfflineEnvironmentVariable);
        return new DownloadProbeProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start the download probe."));
    }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>Waits for an output line that starts with <paramref name="prefix"/> and returns it.</summary>
    public async Task<string> WaitForLineAsync(string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            if (Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            if (_process.HasExited && Lines.All(l => !l.StartsWith(prefix, StringComparison.Ordinal)))
            {
                _process.WaitForExit();
                if (Lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal)) is { } last)
                {
                    return last;
                }

                Assert.Fail($"The probe exited with {_process.ExitCode} before printing '{prefix}'. Output: {string.Join(" | ", Lines)}");
            }

            try
            {
                await _lineArrived.WaitAsync(TimeSpan.FromMilliseconds(100), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The probe did not print '{prefix}' within {timeout}. Output: {string.Join(" | ", Lines)}");
            }
        }
    }

    /// <summary>Waits for the probe to exit and returns its RESULT values.</summary>
    public async Task<Dictionary<string, string>> ResultAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        _process.WaitForExit();
        Assert.True(_process.ExitCode == 0, $"The probe exited with {_process.ExitCode}: {string.Join(" | ", Lines)}");
        string result = Lines.Single(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
        return result["RESULT ".Length..].Split(' ').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _lineArrived.Dispose();
    }

    private static async Task<string> BuildAsync()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        string project = RepositoryRoot.Combine("tests", "VisemQc.DownloadProbe", "VisemQc.DownloadProbe.csproj");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "build", project, "-c", configuration, "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(argument);
        }

        using var build = Process.Start(start)!;
        var output = build.StandardOutput.ReadToEndAsync();
        var error = build.StandardError.ReadToEndAsync();
        await build.WaitForExitAsync();
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the download probe failed: {await output} {await error}");
        }

        return RepositoryRoot.Combine("tests", "VisemQc.DownloadProbe", "bin", configuration, "net10.0", "VisemQc.DownloadProbe.dll");
    }
}
