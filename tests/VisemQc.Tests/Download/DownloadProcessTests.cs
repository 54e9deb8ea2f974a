using System.Globalization;
using VisemQc.Tests.TestSupport;
using static VisemQc.Tests.Download.DownloadTestSupport;

namespace VisemQc.Tests.Download;

/// <summary>Downloads in child processes: one killed mid-download and finished by another, two at once.</summary>
public sealed class DownloadProcessTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Download_ProcessKilledMidDownload_NewProcessFinishesFromVerifiedBlocks()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.StallAfter, 1_500_000));
        var destination = folder.Combine("visem-qc.zip");
        string blockSize = BlockSize.ToString(CultureInfo.InvariantCulture);
        int expectedBlocks = 1_500_000 / BlockSize;

        using (var first = await DownloadProbeProcess.StartAsync("download", server.Url.AbsoluteUri, destination, "--block-size", blockSize, "--connections", "1", "--stall-ms", "600000"))
        {
            await server.WaitForStallAsync(Patience);
            using var wait = new CancellationTokenSource(Patience);
            while (RecordedBlocks(destination) < expectedBlocks)
            {
                await Task.Delay(20, wait.Token);
            }

            first.Kill();
        }

        Assert.False(File.Exists(destination));
        Assert.True(File.Exists(destination + ".part"));
        using var second = await DownloadProbeProcess.StartAsync("download", server.Url.AbsoluteUri, destination, "--block-size", blockSize, "--connections", "1");
        var result = await second.ResultAsync(Patience);

        long reused = long.Parse(result["reused"], CultureInfo.InvariantCulture);
        Assert.Equal(expectedBlocks * (long)BlockSize, reused);
        Assert.Equal(Standard.Length - reused, long.Parse(result["fetched"], CultureInfo.InvariantCulture));
        Assert.Equal("\"v1\"", server.Requests[^1].IfRange);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task Download_TwoProcessesAtOnce_OneDownloadsTheOtherWaitsAndUsesTheFile()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Hold();
        var destination = folder.Combine("visem-qc.zip");
        string blockSize = BlockSize.ToString(CultureInfo.InvariantCulture);

        using var first = await DownloadProbeProcess.StartAsync("download", server.Url.AbsoluteUri, destination, "--block-size", blockSize);
        await first.WaitForLineAsync("PHASE Downloading", Patience);
        using var second = await DownloadProbeProcess.StartAsync("download", server.Url.AbsoluteUri, destination, "--block-size", blockSize);
        await second.WaitForLineAsync("PHASE WaitingForLock", Patience);
        server.Release();
        var results = new[] { await first.ResultAsync(Patience), await second.ResultAsync(Patience) };

        Assert.Equal("False", results[0]["existing"]);
        Assert.Equal("True", results[1]["existing"]);
        Assert.Equal("0", results[1]["fetched"]);
        Assert.Single(server.Requests);
        Assert.Equal(Standard.Length, server.BytesServed);
        AssertFileIs(Standard, destination);
    }
}
