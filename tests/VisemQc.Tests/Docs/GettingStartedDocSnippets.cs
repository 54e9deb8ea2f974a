using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

// The samples of docs/getting-started.md, run as shown.

// begin-snippet: getting-started-test
public sealed class SampleDatasetFacts
{
    [Fact]
    public async Task Sample_HasFiveRecordsThatEachHaveAVideo()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        Assert.Equal(5, dataset.Records.Count);
        Assert.True(dataset.Consistency.IsConsistent);
        Assert.All(dataset.Records, r => Assert.InRange(r.Total, 98, 102));
    }
}
// end-snippet

[Collection(ConsoleTests.Name)]
public sealed class GettingStartedDocSnippets : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task GettingStartedApp_RunsOnTheSampleAndWritesAFrame()
    {
        var output = new StringWriter();
        var console = Console.Out;
        var directory = Environment.CurrentDirectory;
        Console.SetOut(output);
        Environment.CurrentDirectory = _temp.Path;
        try
        {
            // begin-snippet: getting-started-app
            await using var dataset = await VisemQcDataset.OpenSampleAsync();
            Console.WriteLine(dataset); // VISEM-QC zip ...: 5 records, 5 videos, consistent

            var best = dataset.Records.MaxBy(r => r.Progressive)!;
            Console.WriteLine($"Most progressive: {best}");

            var frames = await dataset.GetFramesAsync(best.VideoId, [0]); // needs ffmpeg
            using var first = frames[0];
            await File.WriteAllBytesAsync($"{best.VideoId}-0.png", first.ToPng());
            // end-snippet
        }
        finally
        {
            Console.SetOut(console);
            Environment.CurrentDirectory = directory;
        }

        Assert.Contains("5 records, 5 videos, consistent", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Most progressive: 623: a 55.4%", output.ToString(), StringComparison.Ordinal);
        Assert.True(new FileInfo(_temp.Combine("623-0.png")).Length > 1000);
    }
}
