using System.Text.RegularExpressions;
using VisemQc.Cli.Tests.TestSupport;
using VisemQc.Tests.Download;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.Commands;

/// <summary><c>visemqc download</c> and <c>visemqc verify</c> against a real loopback server.</summary>
public sealed partial class DownloadCommandTests
{
    /// <summary>About 27 MB: three 8 MiB blocks of the default block size, and a bit.</summary>
    private static readonly Lazy<byte[]> Archive = new(() => DownloadTestSupport.Zip(seed: 3, videoBytes: 9_000_000));

    [Fact]
    public async Task Download_ThenVerify_GivesTheServedFile_AndSaysHowToOpenIt()
    {
        using var temp = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Archive.Value);
        var destination = temp.Combine("data", "visem-qc.zip");

        var download = await CliProcess.RunAsync(temp, "download", "--url", server.Url.ToString(), "-o", destination, "--connections", "2");
        var verify = await CliProcess.RunAsync(temp, "verify", destination);

        Assert.True(download.ExitCode == 0, download.ToString());
        DownloadTestSupport.AssertFileIs(Archive.Value, destination);
        Assert.Contains("Downloaded", download.Out, StringComparison.Ordinal);
        Assert.Contains($"visemqc info {destination}", download.Out, StringComparison.Ordinal);
        Assert.Contains("downloading", download.Error, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Matches(@"Verified '.*': \d+ blocks match the manifest", verify.Out);
    }

    [Fact]
    public async Task Download_ServerBusyOnce_SaysSoOnStderr_AndRetries()
    {
        using var temp = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Archive.Value);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503, RetryAfter: "0"));
        var destination = temp.Combine("visem-qc.zip");

        var outcome = await CliProcess.RunAsync(temp, "download", "--url", server.Url.ToString(), "-o", destination);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("warning: HTTP attempt failed; retry 1", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("503", outcome.Error, StringComparison.Ordinal);
        DownloadTestSupport.AssertFileIs(Archive.Value, destination);
    }

    [Fact]
    public async Task Download_InterruptedBySigint_ExitsWith130_KeepsVerifiedBlocks_AndTheSameCommandResumes()
    {
        using var temp = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Archive.Value);
        var destination = temp.Combine("visem-qc.zip");
        // The first response stalls after two and a half blocks: the process is interrupted while it waits.
        server.Enqueue(new Fault(FaultKind.StallAfter, Bytes: 20 << 20));
        string[] args = ["download", "--url", server.Url.ToString(), "-o", destination, "--connections", "1"];

        using (var first = CliProcess.Start(temp.Combine("home"), temp.Path, args))
        {
            await server.WaitForStallAsync(TimeSpan.FromSeconds(60));
            first.Interrupt();
            var interrupted = await first.WaitAsync();

            Assert.True(interrupted.ExitCode == 130, interrupted.ToString());
            Assert.Contains("Interrupted", interrupted.Error, StringComparison.Ordinal);
            Assert.Contains("run the same command again", interrupted.Error, StringComparison.Ordinal);
        }

        Assert.False(File.Exists(destination));
        Assert.True(File.Exists(destination + ".part"));
        server.Release();
        using var second = CliProcess.Start(temp.Combine("home"), temp.Path, args);
        var resumed = await second.WaitAsync();

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        DownloadTestSupport.AssertFileIs(Archive.Value, destination);
        long reused = long.Parse(ReusedBytes().Match(resumed.Out).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(reused >= 2 * (8 << 20), $"Only {reused} bytes were reused; the two verified blocks before the stall should have been.\n{resumed}");
    }

    [Fact]
    public async Task Verify_FlippedByte_Offline_ExitsWith1_NamingTheBlock_AndDownloadRepairsOnlyIt()
    {
        using var temp = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Archive.Value);
        var destination = temp.Combine("visem-qc.zip");
        string[] download = ["download", "--url", server.Url.ToString(), "-o", destination];
        Assert.Equal(0, (await CliProcess.RunAsync(temp, download)).ExitCode);
        DownloadTestSupport.FlipByte(destination, (8 << 20) + 12345);

        var verify = await CliProcess.RunAsync(temp, "verify", destination, "--offline");
        long servedBefore = server.BytesServed;
        var repair = await CliProcess.RunAsync(temp, download);

        Assert.True(verify.ExitCode == 1, verify.ToString());
        Assert.Contains("blocks 1", verify.Error, StringComparison.Ordinal);
        Assert.Contains($"visemqc download -o {destination}", verify.Error, StringComparison.Ordinal);
        Assert.True(repair.ExitCode == 0, repair.ToString());
        DownloadTestSupport.AssertFileIs(Archive.Value, destination);
        Assert.Equal(8 << 20, server.BytesServed - servedBefore);
    }

    [Fact]
    public async Task Verify_UnfinishedDownload_SaysHowToResume()
    {
        using var temp = new TempFolder();
        File.WriteAllBytes(temp.Combine("visem-qc.zip.part"), new byte[100]);

        var outcome = await CliProcess.RunAsync(temp, "verify", temp.Combine("visem-qc.zip"));

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains($"visemqc download -o {temp.Combine("visem-qc.zip")}", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_Offline_WithoutACopy_ExitsWith1_SayingHowToGetOne()
    {
        using var temp = new TempFolder();

        var outcome = await CliProcess.RunAsync(temp, "download", "--url", "http://127.0.0.1:9/visem-qc.zip", "-o", temp.Combine("visem-qc.zip"), "--offline");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("ffline", outcome.Error, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"reused ([\d,]+) verified bytes")]
    private static partial Regex ReusedBytes();
}
