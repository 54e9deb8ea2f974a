using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

// The samples of docs/dependency-injection.md, run as shown.

// begin-snippet: di-consumer
/// <summary>A service of the app that needs the dataset: it asks for the factory, not for static methods.</summary>
public sealed class MotilityReport(IVisemQcDatasetFactory datasets)
{
    public async Task<double> MeanProgressiveAsync(CancellationToken cancellationToken = default)
    {
        await using var dataset = await datasets.OpenSampleAsync(cancellationToken); // or OpenOrDownloadAsync()
        return dataset.Records.Average(r => r.Progressive);
    }
}
// end-snippet

public sealed class DependencyInjectionDocSnippets
{
    /// <summary>The <c>appsettings.json</c> shown in docs/dependency-injection.md, verbatim.</summary>
    private const string AppSettings = """
        {
          "VisemQc": {
            "DownloadPath": "/data/visem-qc.zip",
            "Download": {
              "Connections": 3,
              "RetryTimeout": "00:10:00",
              "Mirrors": [ "https://mirror.example.org/visem-qc.zip" ]
            }
          }
        }
        """;

    [Fact]
    public async Task DependencyInjectionPage_BindsAppSettingsStartsAndResolves()
    {
        var downloads = Directory.CreateTempSubdirectory("visemqc-di-doc-").FullName;
        try
        {
            // begin-snippet: di-register
            var builder = Host.CreateApplicationBuilder(); // reads appsettings.json
            builder.Services.AddVisemQc(builder.Configuration); // binds its "VisemQc" section
            builder.Services.Configure<VisemQcOptions>(options => options.Download.StallTimeout = TimeSpan.FromMinutes(1)); // code may change what configuration set
            builder.Services.AddSingleton<MotilityReport>();
            // end-snippet

            // What appsettings.json would hold in an app, and a download path this test may write to.
            builder.Configuration.AddJsonStream(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(AppSettings)));
            builder.Configuration["VisemQc:DownloadPath"] = Path.Combine(downloads, "visem-qc.zip");

            // begin-snippet: di-start
            using var host = builder.Build();
            await host.StartAsync(); // throws OptionsValidationException when an option is out of range
            // end-snippet

            var mean = await host.Services.GetRequiredService<MotilityReport>().MeanProgressiveAsync();
            Assert.InRange(mean, 1, 100);
            var options = host.Services.GetRequiredService<IOptions<VisemQcOptions>>().Value;
            Assert.Equal(Path.Combine(downloads, "visem-qc.zip"), options.EffectiveDownloadPath);
            Assert.Equal(3, options.Download.Connections);
            Assert.Equal(TimeSpan.FromMinutes(10), options.Download.RetryTimeout);
            Assert.Equal(TimeSpan.FromMinutes(1), options.Download.StallTimeout);
            Assert.Equal(new Uri("https://mirror.example.org/visem-qc.zip"), Assert.Single(options.Download.Mirrors));
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }

    [Fact]
    public void DependencyInjectionMarkdown_ShowsTheAppSettingsTheTestBinds()
    {
        var markdown = File.ReadAllText(RepositoryRoot.Combine("docs", "dependency-injection.md")).ReplaceLineEndings("\n");

        Assert.Contains($"```json\n{AppSettings.ReplaceLineEndings("\n")}\n```", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DependencyInjectionPage_BadOptionFailsAtStart()
    {
        // begin-snippet: di-validation
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddVisemQc(options => options.Download.Connections = 64);
        using var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch (OptionsValidationException error)
        {
            Console.Error.WriteLine(error.Message); // VisemQcOptions: DownloadOptions.Connections must be from 1 to 16; got 64. ...
        }
        // end-snippet

        var thrown = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("Connections", thrown.Message, StringComparison.Ordinal);
    }
}
