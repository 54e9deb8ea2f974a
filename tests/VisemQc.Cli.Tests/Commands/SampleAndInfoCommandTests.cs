using VisemQc.Cli.Tests.TestSupport;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.Commands;

public sealed class SampleAndInfoCommandTests
{
    [Fact]
    public async Task Sample_ToZipAndToFolder_WritesTheBuiltInSample_ThatInfoPrints()
    {
        using var temp = new TempFolder();
        await using var builtIn = await VisemQcDataset.OpenSampleAsync(new VisemQcDatasetOptions { CacheDirectory = temp.Combine("cache") });

        var toZip = await CliProcess.RunAsync(temp, "sample", "-o", "copy.zip");
        var toFolder = await CliProcess.RunAsync(temp, "sample", "-o", "folder");
        var info = await CliProcess.RunAsync(temp, "info", "copy.zip");

        Assert.True(toZip.ExitCode == 0, toZip.ToString());
        Assert.True(toFolder.ExitCode == 0, toFolder.ToString());
        Assert.Equal(File.ReadAllBytes(builtIn.Path), File.ReadAllBytes(temp.Combine("copy.zip")));
        await using (var folder = await VisemQcDataset.OpenAsync(temp.Combine("folder")))
        {
            Assert.Equal(builtIn.Records, folder.Records);
            Assert.Equal(builtIn.VideoIds, folder.VideoIds);
        }

        Assert.True(info.ExitCode == 0, info.ToString());
        Assert.Contains("a+b %", info.Out, StringComparison.Ordinal);
        foreach (var record in builtIn.Records)
        {
            // Each record's row: its ID, then a, b, c, d and a+b as the table prints them.
            var row = info.Out.Split('\n').Single(l => l.TrimStart().StartsWith(record.VideoId + " ", StringComparison.Ordinal));
            Assert.Contains(record.Progressive.ToString("0.0#", System.Globalization.CultureInfo.InvariantCulture), row, StringComparison.Ordinal);
        }

        Assert.Contains("Consistent", info.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sample_IntoAFolderThatIsNotEmpty_RefusesAndKeepsItsFiles()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(temp.Combine("mine"));
        File.WriteAllText(temp.Combine("mine", "notes.txt"), "keep me");

        var outcome = await CliProcess.RunAsync(temp, "sample", "-o", "mine");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("not empty", outcome.Error, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.GetFiles(temp.Combine("mine")).Select(Path.GetFileName));
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task Sample_WithSyntheticOptions_WritesThatManyVideos_AndInfoProbeCountsTheirFrames()
    {
        using var temp = new TempFolder();

        var sample = await CliProcess.RunAsync(temp, "sample", "-o", "synthetic.zip", "--count", "3", "--seconds", "1", "--container", "avi", "--seed", "4");
        var info = await CliProcess.RunAsync(temp, "info", "synthetic.zip", "--probe");

        Assert.True(sample.ExitCode == 0, sample.ToString());
        Assert.True(info.ExitCode == 0, info.ToString());
        await using var dataset = await VisemQcDataset.OpenAsync(temp.Combine("synthetic.zip"), new VisemQcDatasetOptions { CacheDirectory = temp.Combine("cache") });
        Assert.Equal(3, dataset.Videos.Count);
        Assert.All(dataset.Videos, v => Assert.Equal("avi", v.Container));
        foreach (var id in dataset.VideoIds)
        {
            var probe = await dataset.ProbeVideoAsync(id);
            var row = info.Out.Split('\n').Last(l => l.TrimStart().StartsWith(id + " ", StringComparison.Ordinal));
            Assert.Contains($" {probe.FrameCount} ", row, StringComparison.Ordinal);
            Assert.Contains("mpeg4", row, StringComparison.Ordinal);
        }
    }
}
