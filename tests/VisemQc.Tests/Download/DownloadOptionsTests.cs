namespace VisemQc.Tests.Download;

public sealed class DownloadOptionsTests
{
    [Fact]
    public void MaxResumeAttempts_Default_IsTheBackoffWaitsThatFitInRetryTimeout()
    {
        // 1 + 2 + 4 + 8 + 16 s, then 30 s each: 13 waits add up to 271 s, a 14th would pass 300 s.
        Assert.Equal(13, new DownloadOptions().MaxResumeAttempts);
        Assert.Equal(0, new DownloadOptions { RetryTimeout = TimeSpan.Zero }.MaxResumeAttempts);
        Assert.Equal(5, new DownloadOptions { RetryTimeout = TimeSpan.FromSeconds(31) }.MaxResumeAttempts);
    }

    [Fact]
    public void Validate_RetryTimeoutOutOfRange_NamesTheValue()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new DownloadOptions { RetryTimeout = TimeSpan.FromDays(2) }.Validate());

        Assert.Contains("DownloadOptions.RetryTimeout must be from 0 to 24 hours; got 2.00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DownloadFiles_For_GivesTheSiblingPaths()
    {
        var files = DownloadFiles.For("data/visem-qc.zip");

        Assert.Equal(Path.GetFullPath("data/visem-qc.zip"), files.Destination);
        Assert.Equal(files.Destination + ".part", files.Part);
        Assert.Equal(files.Destination + ".manifest.json", files.Manifest);
        Assert.Equal(files.Destination + ".lock", files.Lock);
    }

    [Fact]
    public void VisemQcDownloadException_PublicConstructor_MakesAStandardMessageFromTheData()
    {
        var error = new VisemQcDownloadException(DownloadFailure.HttpStatus, "/data/visem-qc.zip", new Uri("https://example.org/visem-qc.zip"), new DownloadFailureDetails { StatusCode = System.Net.HttpStatusCode.NotFound });

        Assert.Equal(System.Net.HttpStatusCode.NotFound, error.Details.StatusCode);
        Assert.Contains("https://example.org/visem-qc.zip", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(new VisemQcDiskSpaceException("/data/visem-qc.zip", 10, 1));
    }

    [Fact]
    public async Task RetryTimeout_DeadServer_FailsTheDownloadWithinItOnTheClock()
    {
        using var folder = new VisemQc.Tests.TestSupport.TempFolder();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var started = time.GetUtcNow();
        using var client = new HttpClient();
        using var downloader = new VisemQcDownloader(client, timeProvider: time);
        var options = new DownloadOptions { RetryTimeout = TimeSpan.FromMinutes(2), LockTimeout = TimeSpan.Zero };

        // Port 9 (discard) refuses the connection at once: only the backoff waits take time, on the fake clock.
        var download = downloader.DownloadAsync(new Uri("http://127.0.0.1:9/visem-qc.zip"), folder.Combine("visem-qc.zip"), options);
        while (!download.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(download, Task.Delay(2));
        }

        var error = await Assert.ThrowsAsync<VisemQcDownloadException>(() => download);
        Assert.Equal(DownloadFailure.TooManyFailures, error.Reason);
        var spent = time.GetUtcNow() - started;
        // The fake clock also runs while the loop spins, hence the loose upper bound.
        Assert.InRange(spent, TimeSpan.FromSeconds(60), options.RetryTimeout * 2);
    }
}
