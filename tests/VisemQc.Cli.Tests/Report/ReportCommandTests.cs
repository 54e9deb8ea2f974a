using VisemQc.Cli.Tests.TestSupport;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.Report;

/// <summary><c>visemqc report</c>, checked the way a reader sees it: in a real browser, offline.</summary>
public sealed class ReportCommandTests
{
    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Trait(Requires.Key, Requires.Chromium)]
    [Fact]
    public async Task Report_LoadsInChromiumWithoutErrorsOrRequests_OneBarPerVideoSortedByProgressive()
    {
        using var temp = new TempFolder();
        var sample = await CliProcess.RunAsync(temp, "sample", "-o", "synthetic.zip", "--count", "7", "--seconds", "1", "--seed", "11");
        Assert.True(sample.ExitCode == 0, sample.ToString());
        await using var dataset = await VisemQcDataset.OpenAsync(temp.Combine("synthetic.zip"), new VisemQcDatasetOptions { CacheDirectory = temp.Combine("cache") });

        var report = await CliProcess.RunAsync(temp, "report", "synthetic.zip", "-o", "report.html");

        Assert.True(report.ExitCode == 0, report.ToString());
        await using var chromium = await HeadlessChromium.StartAsync(temp.Combine("chromium-profile"));
        await chromium.LoadAsync(new Uri(temp.Combine("report.html")));
        var screenshot = await chromium.ScreenshotAsync();
        var artefacts = RepositoryRoot.Combine("artifacts", "test-results");
        Directory.CreateDirectory(artefacts);
        await File.WriteAllBytesAsync(Path.Combine(artefacts, "report-chromium.png"), screenshot);

        Assert.Empty(chromium.Problems);
        var bars = await chromium.EvaluateAsync("[...document.querySelectorAll('#motility-chart .bar')].map(b => [b.dataset.videoId, b.querySelectorAll('rect').length])");
        var expectedOrder = dataset.Records.OrderByDescending(r => r.Progressive).Select(r => r.VideoId).ToArray();
        Assert.Equal(expectedOrder, bars.EnumerateArray().Select(b => b[0].GetString()));
        Assert.All(bars.EnumerateArray(), b => Assert.Equal(4, b[1].GetInt32()));

        // Each bar is as wide as the chart (the grades add up to 100) and its first segment is grade a.
        var widths = await chromium.EvaluateAsync("[...document.querySelectorAll('#motility-chart .bar')].map(b => [...b.querySelectorAll('rect')].reduce((s, r) => s + r.getBBox().width, 0))");
        Assert.All(widths.EnumerateArray(), w => Assert.InRange(w.GetDouble(), 555, 565));
        Assert.Equal(7, (await chromium.EvaluateAsync("[...document.querySelectorAll('#progressive-histogram .bin')].reduce((s, b) => s + Number(b.dataset.count), 0)")).GetInt32());
        Assert.Equal(7, (await chromium.EvaluateAsync("document.querySelectorAll('#records-table tbody tr').length")).GetInt32());

        // Every thumbnail decoded (an image that failed to load has no natural width).
        var thumbnails = await chromium.EvaluateAsync("[...document.querySelectorAll('#thumbnails img')].map(i => i.complete && i.naturalWidth)");
        Assert.Equal(7, thumbnails.GetArrayLength());
        Assert.All(thumbnails.EnumerateArray(), t => Assert.Equal(160, t.GetInt32()));
        Assert.True(screenshot.Length > 10_000);
    }

    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Fact]
    public async Task Report_InconsistentDataset_ListsWhatIsMissing()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("data");
        new DatasetBuilder()
            .Add("visem-qc/visem-qc.csv", "ID,a,b,c,d\n1,10,20,30,40\n2,50,10,20,20\n")
            .Add("visem-qc/videos/1.mkv", [1, 2, 3])
            .Add("visem-qc/videos/99.mkv", [4, 5, 6])
            .WriteFolder(folder);

        var report = await CliProcess.RunAsync(temp, "report", folder, "-o", "report.html");

        // The two tiny files are not videos: the report is still written, and names the problem per video.
        Assert.True(report.ExitCode == 0, report.ToString());
        var html = File.ReadAllText(temp.Combine("report.html"));
        Assert.Contains("Records without a video (1)", html, StringComparison.Ordinal);
        Assert.Contains("<li>2</li>", html, StringComparison.Ordinal);
        Assert.Contains("Videos without a record (1)", html, StringComparison.Ordinal);
        Assert.Contains("<li>99</li>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"problem\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
