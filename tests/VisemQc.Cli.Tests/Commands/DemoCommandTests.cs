using System.Text.RegularExpressions;
using VisemQc.Cli.Tests.TestSupport;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.Commands;

[Trait(Requires.Key, Requires.Ffmpeg)]
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_DownloadsTheSampleThroughAnInterruption_ThenWritesFramesAndTheReport()
    {
        using var temp = new TempFolder();

        var outcome = await CliProcess.RunAsync(temp, "demo", "-o", "demo");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        await using var sample = await VisemQcDataset.OpenSampleAsync(new VisemQcDatasetOptions { CacheDirectory = temp.Combine("cache") });
        Assert.Equal(File.ReadAllBytes(sample.Path), File.ReadAllBytes(temp.Combine("demo", "visem-qc.zip")));
        Assert.Contains("then the connection was dropped", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("If-Range", outcome.Out, StringComparison.Ordinal);
        Assert.Contains("1 resumes", outcome.Out, StringComparison.Ordinal);

        // The second request starts at the byte where the client's connection failed (its own warning):
        // nothing it received is asked for twice.
        var failedAt = Regex.Match(outcome.Error, @"failed at byte (\d+)");
        var resumed = Regex.Match(outcome.Out, @"Range: bytes=(\d+)-\d+, If-Range");
        Assert.True(failedAt.Success && resumed.Success, outcome.ToString());
        Assert.Equal(failedAt.Groups[1].Value, resumed.Groups[1].Value);
        Assert.Contains("kept them, and asked for the rest from there", outcome.Out, StringComparison.Ordinal);
        Assert.Equal(4, Directory.GetFiles(temp.Combine("demo", "frames"), "*.png").Length);
        Assert.Contains("id=\"motility-chart\"", File.ReadAllText(temp.Combine("demo", "visem-qc-report.html")), StringComparison.Ordinal);
        Assert.Contains(temp.Combine("demo"), outcome.Out, StringComparison.Ordinal);
    }
}
