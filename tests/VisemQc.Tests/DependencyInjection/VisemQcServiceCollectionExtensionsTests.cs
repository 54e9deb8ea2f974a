using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VisemQc.Tests.Download;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.DependencyInjection;

public sealed class VisemQcServiceCollectionExtensionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task AddVisemQc_InvalidOptions_HostStartFailsNamingTheValue()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddVisemQc(options => options.Download.Connections = 99);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Connections", error.Message, StringComparison.Ordinal);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVisemQc_BadValueInConfiguration_HostStartFailsWithAClearMessage()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["VisemQc:Download:StallTimeout"] = "00:00:00.001" });
        builder.Services.AddVisemQc(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("DownloadOptions.StallTimeout must be from 10 milliseconds to 1 hour; got 00:00:00.0010000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVisemQc_ValidOptions_HostStarts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddVisemQc();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        var options = host.Services.GetRequiredService<IOptions<VisemQcOptions>>().Value;
        Assert.Equal(VisemQcDataset.DefaultSource, options.Source);
        Assert.Equal(new DownloadOptions().Connections, options.Download.Connections);
    }

    [Fact]
    public async Task AddVisemQc_ConfigurationWithVisemQcSection_BindsConnectionsAndTheDownloaderUsesThem()
    {
        await using var server = await LoopbackFileServer.StartAsync(DownloadTestSupport.Standard);
        var destination = _temp.Combine("bound", "visem-qc.zip");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VisemQc:Download:Connections"] = "3",
            ["VisemQc:Download:BlockSize"] = "65536",
            ["VisemQc:Source"] = server.Url.ToString(),
            ["VisemQc:DownloadPath"] = destination,
        }).Build();
        var services = new ServiceCollection();
        services.AddVisemQc(configuration);

        // Several connections on a test-sized file (the internal threshold is 64 MiB per connection).
        services.Configure<VisemQcOptions>(options => options.Download.MinBytesPerConnection = 64 * 1024);
        await using var provider = services.BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<IOptions<VisemQcOptions>>().Value.Download.Connections);
        await provider.GetRequiredService<IVisemQcDatasetFactory>().DownloadAsync();

        DownloadTestSupport.AssertFileIs(DownloadTestSupport.Standard, destination);
        // One connection would fetch the file with its first request; three split it into at least three.
        Assert.True(server.Requests.Count >= 3, $"{server.Requests.Count} requests");
    }

    [Fact]
    public void AddVisemQc_SectionGiven_BindsItAsTheVisemQcSection()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["VisemQc:Download:Connections"] = "3",
            ["VisemQc:Download:Mirrors:0"] = "https://mirror.example.org/visem-qc.zip",
            ["VisemQc:Proxy"] = "http://proxy.example.org:3128",
        }).Build();
        var services = new ServiceCollection();
        services.AddVisemQc(configuration.GetSection("VisemQc"));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<VisemQcOptions>>().Value;

        Assert.Equal(3, options.Download.Connections);
        Assert.Equal(new Uri("https://mirror.example.org/visem-qc.zip"), Assert.Single(options.Download.Mirrors));
        Assert.Equal(new Uri("http://proxy.example.org:3128"), options.Proxy);
    }

    [Fact]
    public void AddVisemQc_AppConfigurationWithoutVisemQcSection_BindsNothingFromItsOtherKeys()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Source"] = "https://someone-else.example.org/data.zip",
            ["DownloadPath"] = "/elsewhere/data.zip",
            ["MyApp:VisemQc:Download:Connections"] = "2",
        }).Build();
        var services = new ServiceCollection();
        services.AddVisemQc(configuration);
        var nested = new ServiceCollection();
        nested.AddVisemQc(configuration.GetSection("MyApp:VisemQc"));
        using var provider = services.BuildServiceProvider();
        using var nestedProvider = nested.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<VisemQcOptions>>().Value;

        Assert.Equal(VisemQcDataset.DefaultSource, options.Source);
        Assert.Null(options.DownloadPath);
        Assert.Equal(2, nestedProvider.GetRequiredService<IOptions<VisemQcOptions>>().Value.Download.Connections);
    }

    [Fact]
    public void AddVisemQc_FactoryRegisteredBefore_KeepsItAndStillRegistersTheDownloader()
    {
        var services = new ServiceCollection();
        var fake = new ServiceCollection().AddVisemQc().BuildServiceProvider().GetRequiredService<IVisemQcDatasetFactory>();
        services.AddSingleton(fake);
        services.AddVisemQc();
        using var provider = services.BuildServiceProvider();

        Assert.Same(fake, provider.GetRequiredService<IVisemQcDatasetFactory>());
        Assert.NotNull(provider.GetRequiredService<VisemQcDownloader>());
    }

    [Fact]
    public void AddVisemQc_ConfigureOfTheOptionsPattern_IsHonoured()
    {
        var services = new ServiceCollection();
        services.AddVisemQc();
        services.Configure<VisemQcOptions>(options => options.DownloadPath = "/data/visem-qc.zip");
        using var provider = services.BuildServiceProvider();

        Assert.Equal("/data/visem-qc.zip", provider.GetRequiredService<IVisemQcDatasetFactory>().Options.DownloadPath);
    }

    [Fact]
    public void AddVisemQc_CalledTwice_AppliesBothConfigurationsInOrderAndRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddVisemQc(options =>
        {
            options.DownloadPath = "/first.zip";
            options.Dataset.MaxSearchDepth = 3;
        });
        services.AddVisemQc(options => options.DownloadPath += ".second");
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IVisemQcDatasetFactory>().Options;

        Assert.Equal("/first.zip.second", options.DownloadPath);
        Assert.Equal(3, options.Dataset.MaxSearchDepth);
        Assert.Single(services, d => d.ServiceType == typeof(IVisemQcDatasetFactory));
        Assert.Single(services, d => d.ServiceType == typeof(VisemQcDownloader));
    }

    [Fact]
    public async Task AddVisemQc_Factory_OpensSampleWithConfiguredDatasetOptions()
    {
        var services = new ServiceCollection();
        services.AddVisemQc(options => options.Dataset.CacheDirectory = _temp.Combine("cache"));
        await using (var provider = services.BuildServiceProvider())
        {
            var factory = provider.GetRequiredService<IVisemQcDatasetFactory>();
            await using var sample = await factory.OpenSampleAsync();
            Assert.Equal(5, sample.Records.Count);
        }

        // The CSV is at visem-qc/visem-qc.csv, two levels deep: a search depth of 1 must not find it.
        var shallow = new ServiceCollection();
        shallow.AddVisemQc(options => options.Dataset.MaxSearchDepth = 1);
        await using var shallowProvider = shallow.BuildServiceProvider();
        await Assert.ThrowsAsync<VisemQcLayoutException>(() => shallowProvider.GetRequiredService<IVisemQcDatasetFactory>().OpenSampleAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task AddVisemQc_Factory_DownloadsThroughNamedClientWithHostLoggerClockAndHttpOptions(int maxRetryAttempts)
    {
        await using var server = await LoopbackFileServer.StartAsync(DownloadTestSupport.Standard);
        server.Enqueue(new Fault(FaultKind.Status, Status: 503));
        server.Enqueue(new Fault(FaultKind.Status, Status: 503));
        var logs = new CapturingLoggerProvider();
        var clock = new CountingTimeProvider();
        var destination = _temp.Combine("data", "visem-qc.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddVisemQc(options =>
        {
            options.Source = server.Url;
            options.DownloadPath = destination;
            options.Download = DownloadTestSupport.Options;
            options.Http = DownloadTestSupport.HttpOptions with { MaxRetryAttempts = maxRetryAttempts };
            options.Dataset.CacheDirectory = _temp.Combine("cache");
        });
        using var host = builder.Build();
        await host.StartAsync();
        var progress = new RecordingProgress();

        await using (var dataset = await host.Services.GetRequiredService<IVisemQcDatasetFactory>().OpenOrDownloadAsync(progress))
        {
            Assert.Equal(3, dataset.Records.Count);
            Assert.Equal(destination, dataset.Path);
        }

        await host.StopAsync();
        DownloadTestSupport.AssertFileIs(DownloadTestSupport.Standard, destination);
        Assert.Equal(DownloadPhase.Completed, progress.Reports[^1].Phase);
        // The pipeline retries as VisemQcOptions.Http says and logs each retry through the host's logger.
        Assert.Equal(maxRetryAttempts, logs.Entries.Count(e => e.Category == typeof(VisemQcDownloader).FullName && e.EventId == 1));
        Assert.True(clock.Calls > 0, "the host's TimeProvider was not used");
    }

    /// <summary>The system clock, counting how often it is asked.</summary>
    private sealed class CountingTimeProvider : TimeProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public override long GetTimestamp()
        {
            Interlocked.Increment(ref _calls);
            return System.GetTimestamp();
        }

        public override DateTimeOffset GetUtcNow()
        {
            Interlocked.Increment(ref _calls);
            return System.GetUtcNow();
        }
    }

    private sealed record LogEntry(string Category, int EventId, string Message);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
                => entries.Enqueue(new LogEntry(category, eventId.Id, formatter(state, exception)));
        }
    }
}
