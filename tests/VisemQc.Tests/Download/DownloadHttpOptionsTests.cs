namespace VisemQc.Tests.Download;

public sealed class DownloadHttpOptionsTests
{
    [Fact]
    public async Task CreateHttpClient_NoRetries_BuildsAClientThatSendsOnce()
    {
        // Regression: MaxRetryAttempts = 0 is documented as allowed, but Polly rejects a retry strategy with 0 attempts.
        await using var server = await LoopbackFileServer.StartAsync(DownloadTestSupport.Standard);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503));
        using var client = VisemQcDownloader.CreateHttpClient(DownloadTestSupport.HttpOptions with { MaxRetryAttempts = 0 });

        using var response = await client.GetAsync(server.Url);

        Assert.Equal(503, (int)response.StatusCode);
        Assert.Single(server.Requests);
    }
}
