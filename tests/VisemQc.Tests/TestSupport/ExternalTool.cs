using System.Diagnostics;

namespace VisemQc.Tests.TestSupport;

/// <summary>Runs an outside program (zip, ffprobe) and returns its standard output; fails the test with its stderr otherwise.</summary>
public static class ExternalTool
{
    public static string Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        }
        catch (System.ComponentModel.Win32Exception startError)
        {
            throw new InvalidOperationException($"{program} is needed by this test and could not be started ({startError.Message}). Install it: apt-get install -y ffmpeg zip", startError);
        }

        using var _ = process;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {error}");
        }

        return output.Result;
    }
}
