using System.Buffers;
using System.Text.RegularExpressions;
using VisemQc.Interactive;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Interactive;

public sealed partial class VisemQcHtmlTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Dataset_Sample_SummaryThenOneRowPerRecordWithProgressive()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync(new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") });

        var html = VisemQcHtml.Dataset(dataset);

        Assert.Contains("5 records, 5 videos, consistent", html, StringComparison.Ordinal);
        var rows = BodyRow().Matches(html).Select(m => m.Groups["cells"].Value).ToArray();
        Assert.Equal(dataset.Records.Select(Row), rows);
    }

    [Fact]
    public void Records_MoreThanMaxRows_ShowsMaxRowsAndSaysHowManyMore()
    {
        var records = Enumerable.Range(1, VisemQcHtml.MaxRows + 3).Select(i => new MotilityRecord(i.ToString(System.Globalization.CultureInfo.InvariantCulture), 10, 20, 30, 40)).ToArray();

        var html = VisemQcHtml.Records(records);

        Assert.Equal(VisemQcHtml.MaxRows, BodyRow().Count(html));
        Assert.Contains("3 more records not shown.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_MarkupInVideoId_IsEncoded()
    {
        var html = VisemQcHtml.Record(new MotilityRecord("<img src=x onerror=alert(1)>", 12.5, 30, 20, 37.5));

        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;</td><td>12.5</td><td>30</td><td>20</td><td>37.5</td><td><b>42.5</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_ImageIsTheFramesPng()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(6 * 4);
        new Random(3).NextBytes(buffer.AsSpan(0, 24));
        using var frame = new VideoFrame("623", 37, TimeSpan.FromSeconds(1.48), 6, 4, VideoPixelFormat.Gray8, buffer, 24);

        var html = VisemQcHtml.Frame(frame);

        var source = Regex.Match(html, "<img src=\"data:image/png;base64,(?<png>[^\"]+)\" width=\"6\" height=\"4\"").Groups["png"].Value;
        Assert.Equal(frame.ToPng(), Convert.FromBase64String(source));
        Assert.Contains("<figcaption>623 frame 37 at 1.48 s, 6x4 Gray8</figcaption>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_KnownTotal_ShowsBarAtFractionWithBytesRateAndTimeLeft()
    {
        var html = VisemQcHtml.Progress(new DownloadProgress(DownloadPhase.Downloading, 3L << 30, 8L << 30, 25 << 20, TimeSpan.FromSeconds(205)));

        Assert.Equal("<div class=\"visemqc-progress\"><b>Downloading</b> <progress max=\"1\" value=\"0.375\"></progress> 37.5%, 3.00 GiB of 8.00 GiB, 25.0 MiB/s, 3:25 left</div>", html);
    }

    [Fact]
    public void Progress_UnknownTotal_ShowsIndeterminateBar()
    {
        var html = VisemQcHtml.Progress(new DownloadProgress(DownloadPhase.Connecting, 0, null, 0, null));

        Assert.Equal("<div class=\"visemqc-progress\"><b>Connecting</b> <progress></progress> 0 B</div>", html);
    }

    [Fact]
    public void Download_ShowsTransferThenVerification()
    {
        var result = new DownloadResult
        {
            Path = "/data/<visem-qc>.zip",
            Source = new Uri("https://example.org/visem-qc.zip"),
            Length = 3 << 20,
            BytesFetched = 1 << 20,
            BytesReused = 2 << 20,
            Resumes = 2,
            Duration = TimeSpan.FromMinutes(61),
            Verification = new VerificationReport { Path = "/data/<visem-qc>.zip", Outcome = VerificationOutcome.Repaired, BlocksChecked = 3, BadBlocks = [1], BytesRepaired = 1 << 20, ZipEntriesChecked = 4 },
        };

        var html = VisemQcHtml.Download(result);

        Assert.Contains("<tr><th>File</th><td>/data/&lt;visem-qc&gt;.zip</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Fetched</th><td>1.0 MiB</td></tr><tr><th>Reused</th><td>2.0 MiB</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Duration</th><td>1:01:00</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>Outcome</th><td>Repaired</td></tr><tr><th>Blocks checked</th><td>3</td></tr><tr><th>Bad blocks</th><td>1</td></tr>", html, StringComparison.Ordinal);
    }

    private static string Row(MotilityRecord r) => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"<td>{r.VideoId}</td><td>{r.RapidProgressive:0.##}</td><td>{r.SlowProgressive:0.##}</td><td>{r.NonProgressive:0.##}</td><td>{r.Immotile:0.##}</td><td><b>{r.Progressive:0.##}</b></td>");

    [GeneratedRegex("<tr>(?<cells><td>.*?)</tr>")]
    private static partial Regex BodyRow();
}
