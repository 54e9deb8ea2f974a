using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

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
    [Fact]
    public async Task DependencyInjectionPage_RegistersStartsAndResolves()
    {
        var downloads = Directory.CreateTempSubdirectory("visemqc-di-doc-").FullName;
        try
        {
            // begin-snippet: di-register
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddVisemQc(options => options with
            {
                DownloadPath = Path.Combine(downloads, "visem-qc.zip"), // default: VisemQcDataset.DefaultDownloadPath
                Download = options.Download with { Connections = 8 },
                Http = options.Http with { MaxRetryAttempts = 10 },
            })
            .ConfigureHttpClient(client => client.DefaultRequestHeaders.Add("X-Team", "motility"));
            builder.Services.AddSingleton<MotilityReport>();

            using var host = builder.Build();
            await host.StartAsync(); // throws OptionsValidationException when an option is out of range
            // end-snippet

            var mean = await host.Services.GetRequiredService<MotilityReport>().MeanProgressiveAsync();
            Assert.InRange(mean, 1, 100);
            var options = host.Services.GetRequiredService<IOptions<VisemQcOptions>>().Value;
            Assert.Equal(Path.Combine(downloads, "visem-qc.zip"), options.EffectiveDownloadPath);
            Assert.Equal(8, options.Download.Connections);
            await host.StopAsync();
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
        }
    }

    [Fact]
    public async Task DependencyInjectionPage_BadOptionFailsAtStart()
    {
        // begin-snippet: di-validation
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddVisemQc(options => options with { Download = options.Download with { Connections = 64 } });
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
