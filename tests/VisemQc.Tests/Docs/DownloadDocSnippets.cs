using Microsoft.Extensions.DependencyInjection;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Download;

/// <summary>The samples of docs/download.md, compiled and run here against the loopback server.</summary>
public sealed class DownloadDocSnippets
{
    [Fact]
    public async Task Snippets_RunAgainstLoopbackServer_ProduceTheServedFile()
    {
        using var folder = new TempFolder();
        await using var server = await LoopbackFileServer.StartAsync(DownloadTestSupport.Standard);
        Uri source = server.Url;
        string destination = folder.Combine("visem-qc.zip");

        // begin-snippet: download-basic
        using var downloader = new VisemQcDownloader();
        var options = new DownloadOptions
        {
            Mirrors = [],                               // more URIs of the same file, tried in order
            StallTimeout = TimeSpan.FromSeconds(30),    // no byte for 30 s: drop the connection, resume
        };
        var progress = new Progress<DownloadProgress>(p =>
            Console.WriteLine($"{p.Phase} {p.BytesDone:N0}/{p.TotalBytes:N0} {p.BytesPerSecond / 1e6:0.0} MB/s ETA {p.EstimatedRemaining}"));
        DownloadResult result = await downloader.DownloadAsync(source, destination, options, progress);
        Console.WriteLine($"{result.BytesFetched:N0} bytes fetched, {result.BytesReused:N0} reused, {result.Restarts} restarts");
        // end-snippet

        DownloadTestSupport.AssertFileIs(DownloadTestSupport.Standard, destination);
        DownloadTestSupport.FlipByte(destination, 1000);

        // begin-snippet: download-verify
        VerificationReport report = await downloader.VerifyAsync(destination);
        Console.WriteLine($"{report.Outcome}: {report.BadBlocks.Count} bad blocks, {report.BytesRepaired:N0} bytes fetched again");
        // end-snippet

        Assert.Equal(VerificationOutcome.Repaired, report.Outcome);
        DownloadTestSupport.AssertFileIs(DownloadTestSupport.Standard, destination);

        // begin-snippet: download-offline
        try
        {
            var cached = await downloader.DownloadAsync(source, destination, new DownloadOptions { Offline = true });
            Console.WriteLine($"Using {cached.Path}");
        }
        catch (VisemQcDownloadException error) when (error.Reason == DownloadFailure.Offline)
        {
            Console.Error.WriteLine(error.Message); // says where to put a verified copy
        }
        // end-snippet

        var services = new ServiceCollection();

        // begin-snippet: download-di
        services.AddVisemQc(options => options.Proxy = null); // the download client: retries, headers timeout, the system proxy
        // later, from the container:
        //   var downloader = provider.GetRequiredService<VisemQcDownloader>();
        // end-snippet

        await using var provider = services.BuildServiceProvider();
        using var resolved = provider.GetRequiredService<VisemQcDownloader>();
        File.Delete(destination);
        File.Delete(destination + ".manifest.json");
        await resolved.DownloadAsync(source, destination);
        DownloadTestSupport.AssertFileIs(DownloadTestSupport.Standard, destination);
        Assert.True(result.BytesFetched > 0);
    }

    [Fact]
    public void DownloadMarkdown_CSharpBlocks_AreTheseSnippets()
    {
        var markdown = File.ReadAllText(RepositoryRoot.Combine("docs", "download.md")).ReplaceLineEndings("\n");
        // This file may move to tests/VisemQc.Tests/Docs, where DocsSnippetTests looks for snippets.
        var path = RepositoryRoot.Combine("tests", "VisemQc.Tests", "Docs", "DownloadDocSnippets.cs");
        if (!File.Exists(path))
        {
            path = RepositoryRoot.Combine("tests", "VisemQc.Tests", "Download", "DownloadDocSnippets.cs");
        }

        var lines = File.ReadAllLines(path);
        int blocks = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string trimmed = lines[i].Trim();
            if (!trimmed.StartsWith("// begin-snippet: ", StringComparison.Ordinal))
            {
                continue;
            }

            string name = trimmed["// begin-snippet: ".Length..];
            int end = Array.FindIndex(lines, i, l => l.Trim() == "// end-snippet");
            var body = lines[(i + 1)..end];
            int indent = body.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
            string code = string.Join('\n', body.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
            Assert.Contains($"<!-- snippet: {name} -->\n```csharp\n{code}\n```", markdown, StringComparison.Ordinal);
            blocks++;
        }

        Assert.Equal(blocks, markdown.Split("```csharp").Length - 1);
    }
}
