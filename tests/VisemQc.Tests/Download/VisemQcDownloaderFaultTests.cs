using System.Globalization;
using VisemQc.Tests.TestSupport;
using static VisemQc.Tests.Download.DownloadTestSupport;

namespace VisemQc.Tests.Download;

/// <summary>Every fault of the issue, injected by the loopback server; each test ends with the served file byte for byte.</summary>
public sealed class VisemQcDownloaderFaultTests
{
    /// <summary>
    /// Ends a first session early and deterministically: the server sends <paramref name="bytes"/>
    /// and stalls, the stall timeout fires, and no resumption is allowed. Returns the verified bytes kept.
    /// </summary>
    private static async Task<long> InterruptAsync(LoopbackFileServer server, string destination, long bytes)
    {
        using var downloader = Downloader();
        server.Enqueue(new Fault(FaultKind.StallAfter, bytes));
        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.RetryTimeout = TimeSpan.Zero; o.StallTimeout = TimeSpan.FromMilliseconds(200); })));
        Assert.Equal(DownloadFailure.TooManyFailures, error.Reason);
        Assert.True(File.Exists(destination + ".part"));
        Assert.False(File.Exists(destination));
        Assert.Equal(bytes / BlockSize * BlockSize, error.Details.BytesVerified);
        return error.Details.BytesVerified;
    }

    [Fact]
    public async Task DownloadAsync_ConnectionResetsManyTimes_ResumesWithIfRangeAndFetchesEveryByteOnce()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.ResetRandomly(seed: 7, count: 12);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        // A reset can discard bytes in flight, so how many of the 12 resets land before the end of their response varies.
        Assert.InRange(result.Resumes, 1, 12);
        Assert.Equal(Standard.Length, result.BytesFetched);
        Assert.All(server.Requests.Skip(1), r => Assert.Equal("\"v1\"", r.IfRange));
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ResetsWithParallelConnections_EachSegmentResumesOnItsOwn()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.ResetRandomly(seed: 11, count: 10);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.Connections = 3; o.MinBytesPerConnection = 512 * 1024; }));

        // A connection whose tail was taken over closes its response before the server's reset point, so not every reset is seen.
        Assert.InRange(result.Resumes, 1, 10);
        Assert.Equal(Standard.Length, result.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_InterruptedThenCalledAgain_ReusesVerifiedBlocksAndFetchesTheRest()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        var destination = folder.Combine("visem-qc.zip");
        long verified = await InterruptAsync(server, destination, 1_000_000);
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(verified, result.BytesReused);
        Assert.Equal(Standard.Length - verified, result.BytesFetched);
        Assert.Equal($"bytes={verified}-{Standard.Length - 1}", server.Requests[^1].Range);
        Assert.Equal("\"v1\"", server.Requests[^1].IfRange);
        AssertFileIs(Standard, destination);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_200_000)]
    public async Task DownloadAsync_StallAfterBytes_StallTimeoutResumesFromLastByte(long stallAfter)
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.StallAfter, stallAfter));
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.StallTimeout = TimeSpan.FromMilliseconds(300); }));

        Assert.True(result.Resumes >= 1);
        Assert.Equal(Standard.Length, result.BytesFetched);
        Assert.Equal($"bytes={stallAfter}-{Standard.Length - 1}", server.Requests.Single(r => r.Fault is null).Range);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_503WithRetryAfterSeconds_WaitsThatLongThenCompletes()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503, RetryAfter: "30"));
        var time = new RecordingTimeProvider();
        using var downloader = Downloader(time);
        var destination = folder.Combine("visem-qc.zip");

        var download = downloader.DownloadAsync(server.Url, destination, Options);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(20));
        Assert.Single(server.Requests);
        time.Advance(TimeSpan.FromSeconds(30));
        var result = await download.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(0, result.Resumes);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_429WithRetryAfterDate_WaitsUntilThatDateThenCompletes()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        string date = DateTimeOffset.UtcNow.AddSeconds(40).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        server.Enqueue(new Fault(FaultKind.Status, Status: 429, RetryAfter: date));
        var time = new RecordingTimeProvider();
        using var downloader = Downloader(time);
        var destination = folder.Combine("visem-qc.zip");

        var download = downloader.DownloadAsync(server.Url, destination, Options);
        var due = await time.WaitForTimerAsync(due => due > TimeSpan.FromSeconds(30) && due <= TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(20));
        Assert.Single(server.Requests);
        time.Advance(due);
        await download.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, server.Requests.Count);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ServerAllowsOneConnection_ExtraConnectionsStopAndTheFirstFinishes()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.MaxConcurrentRequests = 1;
        server.ChunkDelay = TimeSpan.FromMilliseconds(1);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        // Refused many times in a row while the first connection streams: without stopping, the extra
        // connections would run out of attempts and fail the download.
        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.Connections = 4; o.MinBytesPerConnection = BlockSize; o.MaxResumeAttempts = 2; }));

        Assert.Contains(server.Requests, r => r.Status == 503);
        Assert.Equal(0, result.Restarts);
        Assert.Equal(Standard.Length, result.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_EveryRequest503_ExtraConnectionsStopAndTheLastThrowsKeepingVerifiedBytes()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.PartialRange, 5 * BlockSize));
        server.Persistent = new Fault(FaultKind.Status, Status: 503);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.Connections = 4; o.MinBytesPerConnection = BlockSize; o.MaxResumeAttempts = 2; })));

        // The extra connections stopped; the last one kept trying until its attempts ran out.
        Assert.Equal(DownloadFailure.HttpStatus, error.Reason);
        Assert.Equal(5 * BlockSize, error.Details.BytesVerified);
        Assert.Equal(5, RecordedBlocks(destination));
    }

    [Fact]
    public async Task DownloadAsync_ClientWithoutRetries_DownloaderRetriesStatusesItself()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503, RetryAfter: "0"), new Fault(FaultKind.Status, Status: 429, RetryAfter: "0"));
        using var client = new HttpClient();
        using var downloader = new VisemQcDownloader(client);
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(2, result.Resumes);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ServerIgnoresRangeOnResume_RestartsFromZeroAndNeverAppends()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.ResetAfter, 1_000_000), new Fault(FaultKind.IgnoreRange));
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(1, result.Restarts);
        Assert.Equal(200, server.Requests[1].Status);
        Assert.Equal(2, server.Requests.Count);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ServerWithoutRangesKeepsFailing_ThrowsRangesNotSupportedAfterBoundedRestarts()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.SupportsRanges = false;
        server.Persistent = new Fault(FaultKind.ResetAfter, 500_000);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.MaxRestarts = 2; })));

        Assert.Equal(DownloadFailure.RangesNotSupported, error.Reason);
        Assert.Equal(2, error.Details.Restarts);
        Assert.Contains("ignores Range", error.Message, StringComparison.Ordinal);
        Assert.All(server.Requests, r => Assert.Equal(200, r.Status));
        server.Persistent = null;
        var result = await downloader.DownloadAsync(server.Url, destination, Options);
        Assert.Equal(Standard.Length, result.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_FileReplacedBetweenSessions_IfRangeFailsAndNewFileIsDownloaded()
    {
        using var folder = new TempFolder();
        byte[] first = Zip(seed: 2);
        byte[] second = Zip(seed: 3);
        Assert.Equal(first.Length, second.Length);
        await using var server = await LoopbackFileServer.StartAsync(first);
        var destination = folder.Combine("visem-qc.zip");
        long verified = await InterruptAsync(server, destination, 1_500_000);
        server.Replace(second);
        server.ETag = "\"v2\"";
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(1, result.Restarts);
        Assert.Equal(verified, result.BytesDiscarded);
        Assert.Equal(0, result.BytesReused);
        Assert.Equal("\"v1\"", server.Requests[1].IfRange);
        Assert.Equal(200, server.Requests[1].Status);
        AssertFileIs(second, destination);
    }

    [Fact]
    public async Task DownloadAsync_FileReplacedAndServerIgnoresIfRange_NewETagOn206RestartsDownload()
    {
        using var folder = new TempFolder();
        byte[] first = Zip(seed: 4);
        byte[] second = Zip(seed: 5);
        await using var server = await LoopbackFileServer.StartAsync(first);
        var destination = folder.Combine("visem-qc.zip");
        await InterruptAsync(server, destination, 1_500_000);
        server.Replace(second);
        server.ETag = "\"v2\"";
        server.IgnoreIfRange = true;
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(1, result.Restarts);
        Assert.Equal(206, server.Requests[1].Status);
        AssertFileIs(second, destination);
    }

    [Fact]
    public async Task DownloadAsync_WeakETagOnly_ResumesWithoutIfRangeAndVerifiesZip()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.ETag = "W/\"v1\"";
        server.LastModified = null;
        var destination = folder.Combine("visem-qc.zip");
        long verified = await InterruptAsync(server, destination, 1_000_000);
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(verified, result.BytesReused);
        Assert.All(server.Requests, r => Assert.Null(r.IfRange));
        Assert.Equal(4, result.Verification.ZipEntriesChecked);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_WeakETagAndFileReplacedUnderSameTag_ZipCheckCatchesTheMix()
    {
        using var folder = new TempFolder();
        byte[] first = Zip(seed: 6);
        byte[] second = Zip(seed: 7);
        await using var server = await LoopbackFileServer.StartAsync(first);
        server.ETag = "W/\"same\"";
        server.LastModified = null;
        var destination = folder.Combine("visem-qc.zip");
        await InterruptAsync(server, destination, 1_500_000);
        server.Replace(second);
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.NotEqual(VerificationOutcome.Verified, result.Restarts == 0 ? result.Verification.Outcome : VerificationOutcome.Repaired);
        AssertFileIs(second, destination);
    }

    [Fact]
    public async Task DownloadAsync_NoValidatorsAndFileReplaced_NeverHandsBackAMix()
    {
        using var folder = new TempFolder();
        byte[] first = Zip(seed: 8);
        byte[] second = Zip(seed: 9);
        await using var server = await LoopbackFileServer.StartAsync(first);
        server.ETag = null;
        server.LastModified = null;
        var destination = folder.Combine("visem-qc.zip");
        await InterruptAsync(server, destination, 2_000_000);
        server.Replace(second);
        using var downloader = Downloader();

        await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.All(server.Requests, r => Assert.Null(r.IfRange));
        AssertFileIs(second, destination);
    }

    [Fact]
    public async Task DownloadAsync_StrongLastModifiedOnly_ResumesWithDateInIfRange()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.ETag = null;
        var destination = folder.Combine("visem-qc.zip");
        await InterruptAsync(server, destination, 1_000_000);
        using var downloader = Downloader();

        await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal("Sun, 01 Jun 2025 12:00:00 GMT", server.Requests[^1].IfRange);
        AssertFileIs(Standard, destination);
    }

    [Theory]
    [InlineData(FaultKind.WrongContentRangeStart)]
    [InlineData(FaultKind.MissingContentRange)]
    [InlineData(FaultKind.UnknownLengthContentRange)]
    [InlineData(FaultKind.Gzip)]
    [InlineData(FaultKind.HtmlPage)]
    [InlineData(FaultKind.ShortBody)]
    [InlineData(FaultKind.RangeNotSatisfiable)]
    [InlineData(FaultKind.RangeNotSatisfiableWithLength)]
    public async Task DownloadAsync_FaultOnceOnResume_RecoversAndCompletes(FaultKind kind)
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.ResetAfter, 1_000_000), new Fault(kind, Bytes: kind == FaultKind.ShortBody ? 300_000 : -1));
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(kind == FaultKind.RangeNotSatisfiable ? 1 : 0, result.Restarts);
        Assert.Contains(server.Requests, r => r.Fault == kind);
        AssertFileIs(Standard, destination);
    }

    [Theory]
    [InlineData(FaultKind.WrongContentRangeStart, DownloadFailure.InvalidContentRange)]
    [InlineData(FaultKind.MissingContentRange, DownloadFailure.InvalidContentRange)]
    [InlineData(FaultKind.UnknownLengthContentRange, DownloadFailure.InvalidContentRange)]
    [InlineData(FaultKind.Gzip, DownloadFailure.ContentEncoding)]
    [InlineData(FaultKind.HtmlPage, DownloadFailure.ErrorPage)]
    [InlineData(FaultKind.RangeNotSatisfiableWithLength, DownloadFailure.RangeNotSatisfiable)]
    public async Task DownloadAsync_FaultOnEveryResume_ThrowsTypedErrorAndKeepsVerifiedBlocks(FaultKind kind, DownloadFailure expected)
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        var destination = folder.Combine("visem-qc.zip");
        long verified = await InterruptAsync(server, destination, 1_000_000);
        server.Persistent = new Fault(kind, Bytes: -1);
        using var downloader = Downloader();

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options));

        Assert.Equal(expected, error.Reason);
        Assert.Equal(server.Url, error.SourceUri);
        Assert.Equal(verified, error.Details.BytesVerified);
        Assert.False(File.Exists(destination));
        Assert.Equal((int)(verified / BlockSize), RecordedBlocks(destination));
        if (kind == FaultKind.WrongContentRangeStart)
        {
            Assert.Equal(verified, error.Details.ExpectedOffset);
            Assert.Equal(verified + 1, error.Details.ReceivedOffset);
        }

        if (kind == FaultKind.HtmlPage)
        {
            Assert.Contains("Hotel Wi-Fi", error.Details.Evidence, StringComparison.Ordinal);
        }

        server.Persistent = null;
        var result = await downloader.DownloadAsync(server.Url, destination, Options);
        Assert.Equal(verified, result.BytesReused);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_HtmlPageInsteadOfFile_ThrowsErrorPageAndStoresNothing()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Persistent = new Fault(FaultKind.HtmlPage);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => downloader.DownloadAsync(server.Url, destination, Options));

        Assert.Equal(DownloadFailure.ErrorPage, error.Reason);
        Assert.Equal("Welcome to Hotel Wi-Fi: please log in", error.Details.Evidence);
        Assert.False(File.Exists(destination));
        Assert.False(File.Exists(destination + ".part"));
        server.Persistent = null;
        await downloader.DownloadAsync(server.Url, destination, Options);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_416WithNewLength_RestartsAndDownloadsTheNewFile()
    {
        using var folder = new TempFolder();
        byte[] longer = Zip(seed: 10, videoBytes: 1_000_000);
        await using var server = await LoopbackFileServer.StartAsync(Zip(seed: 10));
        var destination = folder.Combine("visem-qc.zip");
        await InterruptAsync(server, destination, 1_000_000);
        server.Replace(longer);
        server.Enqueue(new Fault(FaultKind.RangeNotSatisfiableWithLength, longer.Length));
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal(1, result.Restarts);
        AssertFileIs(longer, destination);
    }

    [Fact]
    public async Task DownloadAsync_ManyFaultsInOneDownload_Completes()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(
            new Fault(FaultKind.StallAfter, 0),
            new Fault(FaultKind.ResetAfter, 300_000),
            new Fault(FaultKind.Status, Status: 503, RetryAfter: "0"),
            new Fault(FaultKind.Gzip),
            new Fault(FaultKind.ShortBody, 200_000),
            new Fault(FaultKind.WrongContentRangeStart),
            new Fault(FaultKind.StallAfter, 100_000),
            new Fault(FaultKind.HtmlPage),
            new Fault(FaultKind.RangeNotSatisfiableWithLength, -1),
            new Fault(FaultKind.ResetAfter, 50_000));
        server.ResetRandomly(seed: 3, count: 5);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.StallTimeout = TimeSpan.FromMilliseconds(300); o.Connections = 2; o.MinBytesPerConnection = 1 << 20; }));

        Assert.Equal(0, result.Restarts);
        AssertFileIs(Standard, destination);
    }

    /// <summary>
    /// Faults drawn at random (seeded) from every recoverable kind, in orders no other test wrote down,
    /// on two connections, with random resets on top. At most 4 break the range rules, so that no
    /// connection can meet 5 of them in a row (the limit before the typed error).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public async Task DownloadAsync_RandomMixOfFaults_CompletesWithTheServedBytes(int seed)
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        var random = new Random(seed);
        Fault[] transient =
        [
            new(FaultKind.ResetAfter, random.Next(0, 400_000)),
            new(FaultKind.StallAfter, random.Next(0, 400_000)),
            new(FaultKind.ShortBody, random.Next(0, 400_000)),
            new(FaultKind.PartialRange, random.Next(1, 400_000)),
            new(FaultKind.Status, Status: 503, RetryAfter: "0"),
            new(FaultKind.Status, Status: 429, RetryAfter: DateTimeOffset.UtcNow.AddSeconds(-5).ToString("R", CultureInfo.InvariantCulture)),
        ];
        Fault[] protocol =
        [
            new(FaultKind.Gzip),
            new(FaultKind.WrongContentRangeStart),
            new(FaultKind.MissingContentRange),
            new(FaultKind.UnknownLengthContentRange),
            new(FaultKind.HtmlPage),
            new(FaultKind.RangeNotSatisfiableWithLength, -1),
        ];
        var faults = Enumerable.Range(0, 8).Select(_ => transient[random.Next(transient.Length)])
            .Concat(Enumerable.Range(0, 4).Select(_ => protocol[random.Next(protocol.Length)]))
            .OrderBy(_ => random.Next())
            .ToArray();
        server.Enqueue(faults);
        server.ResetRandomly(seed, count: 4);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.StallTimeout = TimeSpan.FromMilliseconds(300); o.Connections = 2; o.MinBytesPerConnection = 1 << 20; }));

        Assert.Equal(0, result.Restarts);
        Assert.Equal(VerificationOutcome.Verified, result.Verification.Outcome);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_FlippedByteInPart_RefetchesOnlyThatBlock()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        var destination = folder.Combine("visem-qc.zip");
        long verified = await InterruptAsync(server, destination, 1_000_000);
        FlipByte(destination + ".part", 3 * BlockSize + 100);
        using var downloader = Downloader();

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal([3L], result.Verification.BadBlocks);
        Assert.Equal(BlockSize, result.Verification.BytesRepaired);
        Assert.Equal(VerificationOutcome.Repaired, result.Verification.Outcome);
        Assert.Equal(verified - BlockSize, result.BytesReused);
        Assert.Equal(Standard.Length - verified + BlockSize, result.BytesFetched);
        Assert.Contains(server.Requests, r => r.Range == $"bytes={3 * BlockSize}-{(4 * BlockSize) - 1}");
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task VerifyAsync_FlippedByteInFinishedFile_RepairsOnlyThatBlock()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);
        FlipByte(destination, (5 * BlockSize) + 7);

        var report = await downloader.VerifyAsync(destination, Options);

        Assert.Equal(VerificationOutcome.Repaired, report.Outcome);
        Assert.Equal([5L], report.BadBlocks);
        Assert.Equal(BlockSize, report.BytesRepaired);
        Assert.Equal($"bytes={5 * BlockSize}-{(6 * BlockSize) - 1}", server.Requests[^1].Range);
        Assert.Equal("\"v1\"", server.Requests[^1].IfRange);
        Assert.Equal(2, server.Requests.Count);
        AssertFileIs(Standard, destination);
        var again = await downloader.VerifyAsync(destination, Options);
        Assert.Equal(VerificationOutcome.Verified, again.Outcome);
    }

    [Fact]
    public async Task VerifyAsync_FlippedByteOffline_MovesFileToPartAndNamesTheBlock()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);
        FlipByte(destination, (2 * BlockSize) + 1);

        var error = await Assert.ThrowsAsync<VisemQcIntegrityException>(() => downloader.VerifyAsync(destination, Options.With(o => { o.Offline = true; })));

        Assert.Equal([2L], error.BadBlocks);
        Assert.Equal(BlockSize, error.BlockSize);
        Assert.False(File.Exists(destination));
        var result = await downloader.DownloadAsync(server.Url, destination, Options);
        Assert.Equal(BlockSize, result.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_FinishedFileDamaged_RepairsBeforeUsingIt()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);
        FlipByte(destination, 9 * BlockSize);

        var result = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal([9L], result.Verification.BadBlocks);
        Assert.Equal(BlockSize, result.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_FinishedUnflushedThenMachineRestarted_RehashesBeforeTrusting()
    {
        // The finished file is left to the OS's write-back (not flushed); a power loss could lose data
        // while its length and write time survive. After a restart (another boot ID) it must be re-hashed.
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        await downloader.DownloadAsync(server.Url, destination, Options);
        var manifestPath = destination + ".manifest.json";
        var manifest = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifestPath))!;
        Assert.False(string.IsNullOrEmpty((string?)manifest["unflushedBootId"]), "on Linux the finished file is not flushed and the boot is recorded");
        var written = File.GetLastWriteTimeUtc(destination);
        FlipByte(destination, 5 * BlockSize);
        File.SetLastWriteTimeUtc(destination, written);

        var sameBoot = await downloader.DownloadAsync(server.Url, destination, Options);
        Assert.Equal(VerificationOutcome.Unchanged, sameBoot.Verification.Outcome);

        manifest["unflushedBootId"] = "an-earlier-boot";
        File.WriteAllText(manifestPath, manifest.ToJsonString());
        var afterRestart = await downloader.DownloadAsync(server.Url, destination, Options);

        Assert.Equal([5L], afterRestart.Verification.BadBlocks);
        Assert.Equal(BlockSize, afterRestart.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_ServerSendsDamagedZip_ThrowsNamingEntryAndBlocksAfterOneRefetch()
    {
        using var folder = new TempFolder();
        byte[] damaged = Zip(seed: 12);
        int offset = damaged.Length / 2;
        damaged[offset] ^= 0xff;
        await using var server = await LoopbackFileServer.StartAsync(damaged);
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");

        var error = await Assert.ThrowsAsync<VisemQcIntegrityException>(() => downloader.DownloadAsync(server.Url, destination, Options));

        Assert.Equal(["visem-qc/videos/923.avi"], error.EntryNames);
        Assert.Contains((long)(offset / BlockSize), error.BadBlocks);
        Assert.False(File.Exists(destination));
        Assert.Contains(server.Requests.Skip(1), r => r.Range!.StartsWith("bytes=", StringComparison.Ordinal));
        AssertFileIs(damaged, destination + ".part");
    }

    [Fact]
    public async Task DownloadAsync_NotAZip_ThrowsUnlessZipCheckIsOff()
    {
        using var folder = new TempFolder();
        byte[] random = new byte[300_000];
        new Random(5).NextBytes(random);
        await using var server = await LoopbackFileServer.StartAsync(random);
        using var downloader = Downloader();
        var destination = folder.Combine("data.bin");

        var error = await Assert.ThrowsAsync<VisemQcIntegrityException>(() => downloader.DownloadAsync(server.Url, destination, Options));
        Assert.IsType<VisemQcIntegrityException>(error.InnerException);
        Assert.False(File.Exists(destination));

        var result = await downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.VerifyZip = false; }));
        Assert.Equal(random.Length, result.BytesReused);
        AssertFileIs(random, destination);
    }

    [Fact]
    public async Task DownloadAsync_CancelledMidRead_StopsAndNextCallResumes()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.StallAfter, 1_000_000));
        using var downloader = Downloader();
        var destination = folder.Combine("visem-qc.zip");
        using var cancel = new CancellationTokenSource();

        var download = downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.StallTimeout = TimeSpan.FromMinutes(10); }), cancellationToken: cancel.Token);
        await server.WaitForStallAsync(TimeSpan.FromSeconds(20));
        while (RecordedBlocks(destination) < 1_000_000 / BlockSize)
        {
            await Task.Delay(10);
        }

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));

        var result = await downloader.DownloadAsync(server.Url, destination, Options);
        Assert.Equal(1_000_000 / BlockSize * BlockSize, result.BytesReused);
        Assert.Equal(Standard.Length - result.BytesReused, result.BytesFetched);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_CancelledDuringRetryAfterBackoff_StopsWithoutWaiting()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503, RetryAfter: "3600"));
        var time = new RecordingTimeProvider();
        using var downloader = Downloader(time);
        var destination = folder.Combine("visem-qc.zip");
        using var cancel = new CancellationTokenSource();

        var download = downloader.DownloadAsync(server.Url, destination, Options, cancellationToken: cancel.Token);
        await time.WaitForTimerAsync(due => due == TimeSpan.FromHours(1), TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));

        using var healthy = Downloader();
        await healthy.DownloadAsync(server.Url, destination, Options);
        AssertFileIs(Standard, destination);
    }

    [Fact]
    public async Task DownloadAsync_CancelledDuringResumeBackoff_StopsWithoutWaiting()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(Standard);
        // The first response covers 700,000 bytes only; the request for the rest gets 503, and a
        // client without retries leaves the backoff to the downloader.
        server.Enqueue(new Fault(FaultKind.PartialRange, 700_000), new Fault(FaultKind.Status, Status: 503));
        var time = new RecordingTimeProvider();
        using var client = new HttpClient();
        using var downloader = new VisemQcDownloader(client, timeProvider: time);
        var destination = folder.Combine("visem-qc.zip");
        using var cancel = new CancellationTokenSource();

        var download = downloader.DownloadAsync(server.Url, destination, Options.With(o => { o.ResumeDelay = TimeSpan.FromMinutes(50); o.MaxResumeDelay = TimeSpan.FromHours(1); }), cancellationToken: cancel.Token);
        await time.WaitForTimerAsync(due => due >= TimeSpan.FromMinutes(40), TimeSpan.FromSeconds(20));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => download.WaitAsync(TimeSpan.FromSeconds(10)));

        using var healthy = Downloader();
        var result = await healthy.DownloadAsync(server.Url, destination, Options);
        Assert.Equal(700_000 / BlockSize * BlockSize, result.BytesReused);
        AssertFileIs(Standard, destination);
    }
}
