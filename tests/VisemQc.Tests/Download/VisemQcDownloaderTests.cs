using VisemQc.Tests.TestSupport;
using static VisemQc.Tests.Download.DownloadTestSupport;

namespace VisemQc.Tests.Download;

/// <summary>Downloads from a healthy loopback server: the file, the manifest, reuse, parallel connections, progress, locking, mirrors, offline.</summary>
public sealed class VisemQcDownloaderTests
{
    [Fact]
    public async Task DownloadAsync_HealthyServer_WritesIdenticalFileAndKeepsManifest()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        AssertFileIs(Standard, destination);
        Assert.Equal(Standard.Length, result.Length);
        Assert.Equal(Standard.Length, result.BytesFetched);
        Assert.Equal(0, result.BytesReused);
        Assert.Equal(0, result.Restarts);
        Assert.Equal(0, result.Resumes);
        Assert.Equal(server.Url, result.Source);
        Assert.Equal(VerificationOutcome.Verified, result.Verification.Outcome);
        Assert.Equal(4, result.Verification.ZipEntriesChecked);
        Assert.False(File.Exists(destination + ".part"));
        Assert.Equal((Standard.Length + BlockSize - 1) / BlockSize, RecordedBlocks(destination));
        var request = Assert.Single(server.Requests);
        Assert.Equal("bytes=0-", request.Range);
        Assert.Null(request.IfRange);
        Assert.Equal("identity", request.AcceptEncoding);
    }

    [Fact]
    public async Task DownloadAsync_CalledAgain_UsesExistingFileWithoutRequest()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);

        var again = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.True(again.UsedExistingFile);
        Assert.Null(again.Source);
        Assert.Equal(VerificationOutcome.Unchanged, again.Verification.Outcome);
        Assert.Single(server.Requests);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ReverifyExisting_RehashesWithoutRequest()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);

        var again = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.ReverifyExisting = true; }));

        Assert.Equal(VerificationOutcome.Verified, again.Verification.Outcome);
        Assert.Equal((Standard.Length + BlockSize - 1) / BlockSize, again.Verification.BlocksChecked);
        Assert.Equal(4, again.Verification.ZipEntriesChecked);
        Assert.Single(server.Requests);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ParallelConnections_SplitsRangesAndWritesIdenticalFile()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.Connections = 4; o.MinBytesPerConnection = 256 * 1024; }));

        AssertFileIs(Standard, destination);
        Assert.Equal(Standard.Length, result.BytesFetched);
        Assert.True(server.Requests.Count >= 4, $"Expected at least 4 requests (one per connection), got {server.Requests.Count}.");
        Assert.All(server.Requests.Where(r => r.Range != "bytes=0-"), r => Assert.Equal("\"v1\"", r.IfRange));
    }

    [Fact]
    public async Task DownloadAsync_OptionsChangedAfterTheCall_DownloadUsesTheValuesOfTheCall()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        var options = Options.With(o => { o.Connections = 4; o.MinBytesPerConnection = 256 * 1024; });

        var download = downloader.DownloadAsync(server.Url, destination, options);
        options.Connections = 0; // out of range: it would throw if the download still read this object
        options.Mirrors = null!;
        var result = await download;

        AssertFileIs(Standard, destination);
        Assert.Equal(Standard.Length, result.BytesFetched);
    }

    [Fact]
    public async Task DownloadAsync_Progress_ReportsPhasesInOrderAndReachesTheTotal()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var progress = new RecordingProgress();

        await downloader.DownloadAsync(server.Url, folder.Combine("visem-qc.zip"), Options, progress);

        var phases = progress.Reports.Select(r => r.Phase).Distinct().ToArray();
        Assert.Equal([DownloadPhase.Connecting, DownloadPhase.Downloading, DownloadPhase.Verifying, DownloadPhase.Completed], phases);
        var last = progress.Reports[^1];
        Assert.Equal(Standard.Length, last.BytesDone);
        Assert.Equal(Standard.Length, last.TotalBytes);
        Assert.Equal(1.0, last.Fraction);
        var downloading = progress.Reports.Where(r => r.Phase == DownloadPhase.Downloading).Select(r => r.BytesDone).ToArray();
        Assert.Equal(downloading.Order(), downloading);
    }

    [Fact]
    public async Task DownloadAsync_TwoDownloadsToOneDestination_SecondWaitsForLockThenUsesFile()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var first = Downloader();
        using var second = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        server.Hold();
        var waiting = new TaskCompletionSource();
        var secondProgress = new RecordingProgress { OnReport = p => { if (p.Phase == DownloadPhase.WaitingForLock) waiting.TrySetResult(); } };

        var firstTask = first.DownloadAsync(server.Url, destination, Options);
        while (server.Requests.Count == 0 && !File.Exists(destination + ".part"))
        {
            await Task.Delay(10);
        }

        var secondTask = second.DownloadAsync(server.Url, destination, Options, secondProgress);
        await waiting.Task.WaitAsync(TimeSpan.FromSeconds(20));
        server.Release();
        var results = await Task.WhenAll(firstTask, secondTask);

        Assert.Equal(Standard.Length, results[0].BytesFetched);
        Assert.True(results[1].UsedExistingFile);
        Assert.Single(server.Requests);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_LockHeldLongerThanTimeout_ThrowsLockTimeout()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        using (new FileStream(destination + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
        {
            var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.LockTimeout = TimeSpan.Zero; })));
            Assert.Equal(DownloadFailure.LockTimeout, error.Reason);
            Assert.Contains(".lock", error.Message, StringComparison.Ordinal);
        }

        await downloader.DownloadAsync(server.Url, destination, Options);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_FirstSourceFails_UsesNextMirror()
    {
        using var folder = new TempFolder();
        await using var broken = await LoopbackFileServer.StartAsync(Standard);
        await using var mirror = await LoopbackFileServer.StartAsync(Standard);
        broken.Persistent = new Fault(FaultKind.Status, Status: 404);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(broken.Url, destination, Options.With(o => { o.Mirrors = [mirror.Url]; }));

        Assert.Equal(mirror.Url, result.Source);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_EverySourceFails_ThrowsAllSourcesFailedWithEachFailure()
    {
        using var folder = new TempFolder();
        await using var first = await LoopbackFileServer.StartAsync(Standard);
        await using var second = await LoopbackFileServer.StartAsync(Standard);
        first.Persistent = new Fault(FaultKind.Status, Status: 404);
        second.Persistent = new Fault(FaultKind.Status, Status: 403);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(first.Url, destination, Options.With(o => { o.Mirrors = [second.Url]; })));

        Assert.Equal(DownloadFailure.AllSourcesFailed, error.Reason);
        Assert.Equal([System.Net.HttpStatusCode.NotFound, System.Net.HttpStatusCode.Forbidden], error.SourceFailures.Select(f => f.Details.StatusCode!.Value));
        Assert.Equal([first.Url, second.Url], error.SourceFailures.Select(f => f.SourceUri!));
        second.Persistent = null;
        await downloader.DownloadAsync(first.Url, destination, Options.With(o => { o.Mirrors = [second.Url]; }));
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_OfflineWithoutCopy_ThrowsOfflineWithoutRequest()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.Offline = true; })));

        Assert.Equal(DownloadFailure.Offline, error.Reason);
        Assert.Contains(DownloadOptions.OfflineEnvironmentVariable, error.Message, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        await downloader.DownloadAsync(server.Url, destination, Options);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_OfflineWithVerifiedCopy_UsesItWithoutRequest()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);
        int requests = server.Requests.Count;

        var result = await downloader.DownloadAsync(new Uri("http://127.0.0.1:9/unreachable.zip"), destination, Options.With(o => { o.Offline = true; }));

        Assert.True(result.UsedExistingFile);
        Assert.Equal(requests, server.Requests.Count);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_CopiedByHandWithoutManifest_AdoptedAfterZipCheck()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        File.WriteAllBytes(destination, Standard);

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.Offline = true; }));

        Assert.True(result.UsedExistingFile);
        Assert.Equal(4, result.Verification.ZipEntriesChecked);
        Assert.Empty(server.Requests);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public void IsOfflineValue_EnvironmentValues_AreRead()
    {
        Assert.True(DownloadOptions.IsOfflineValue("1"));
        Assert.True(DownloadOptions.IsOfflineValue(" TRUE "));
        Assert.False(DownloadOptions.IsOfflineValue("0"));
        Assert.False(DownloadOptions.IsOfflineValue(null));
        Assert.False(DownloadOptions.IsOfflineValue(""));
    }

    [Fact]
    public async Task DownloadAsync_NotEnoughDiskSpace_ThrowsBeforeWritingAnything()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        downloader.FreeSpaceProbe = _ => 1000;
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcDiskSpaceException>(() => downloader.DownloadAsync(server.Url, destination, Options));

        Assert.Equal(Standard.Length, error.BytesNeeded);
        Assert.Equal(1000, error.BytesFree);
        Assert.False(File.Exists(destination + ".part"));
        downloader.FreeSpaceProbe = _ => null;
        await downloader.DownloadAsync(server.Url, destination, Options);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_RealFreeSpaceProbe_ReportsThisDisk()
    {
        using var folder = new TempFolder();
        using var downloader = Downloader();
        Assert.True(downloader.FreeSpaceProbe(folder.Path) > 0);
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        await downloader.DownloadAsync(server.Url, folder.Combine("visem-qc.zip"), Options);
        AssertFileIs(Standard, folder.Combine("visem-qc.zip"));
    }

    [Fact]
    public async Task OpenOrDownloadCoreAsync_NoCopy_DownloadsAndOpensDataset()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        var destination = folder.Combine("visem-qc.zip");

        await using (var dataset = await VisemQcDataset.OpenOrDownloadCoreAsync(server.Url, destination, null, Options, null, CancellationToken.None))
        {
            Assert.Equal(3, dataset.Records.Count);
            Assert.Equal(3, dataset.Videos.Count);
        }

        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task AddVisemQc_ResolvedDownloader_DownloadsThroughNamedClient()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503));
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection();
        services.AddVisemQc(options => options.Http = HttpOptions);
        await using var provider = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(services);
        using var downloader = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<VisemQcDownloader>(provider);

        var result = await downloader.DownloadAsync(server.Url, folder.Combine("visem-qc.zip"), Options);

        Assert.Equal(0, result.Resumes);
        Assert.Equal(2, server.Requests.Count);
        AssertFileIs(Standard, folder.Combine("visem-qc.zip"));
    }
}
