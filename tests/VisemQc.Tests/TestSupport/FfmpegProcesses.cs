namespace VisemQc.Tests.TestSupport;

/// <summary>Finds running ffmpeg processes whose command line mentions a marker (a test's own temp folder).</summary>
public static class FfmpegProcesses
{
    public static int CountMentioning(string marker)
    {
        var count = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(folder, "cmdline")).Replace('\0', ' ');
                var state = File.ReadAllText(Path.Combine(folder, "stat"));
                var zombie = state.Length > state.LastIndexOf(')') + 2 && state[state.LastIndexOf(')') + 2] == 'Z';
                if (!zombie && commandLine.Contains("ffmpeg", StringComparison.Ordinal) && commandLine.Contains(marker, StringComparison.Ordinal))
                {
                    count++;
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return count;
    }
}
