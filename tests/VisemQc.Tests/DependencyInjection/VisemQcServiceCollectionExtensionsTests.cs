using System.Collections.Concurrent;
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
        builder.Services.AddVisemQc(options => options with { Download = options.Download with { Connections = 99 } });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Connections", error.Message, StringComparison.Ordinal);
        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVisemQc_ValidOptions_HostStarts()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddVisemQc();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(VisemQcOptions.Default, host.Services.GetRequiredService<IOptions<VisemQcOptions>>().Value);
    }

    [Fact]
    public void AddVisemQc_CalledTwice_AppliesBothConfigurationsInOrderAndRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddVisemQc(options => options with { DownloadPath = "/first.zip", Dataset = new VisemQcDatasetOptions { MaxSearchDepth = 3 } });
        services.AddVisemQc(options => options with { DownloadPath = options.DownloadPath + ".second" });
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IVisemQcDatasetFactory>().Options;

        Assert.Equal("/first.zip.second", options.DownloadPath);
        Assert.Equal(3, options.Dataset.MaxSearchDepth);
        Assert.Single(services, d => d.ServiceType == typeof(IVisemQcDatasetFactory));
        Assert.Single(services, d => d.ServiceType == typeof(VisemQcDownloader));
    }

    [Fact]
    public void AddVisemQc_AfterAddVisemQcDownloader_ThrowsSayingWhichToKeep()
    {
        var services = new ServiceCollection();
        services.AddVisemQcDownloader();

        var error = Assert.Throws<InvalidOperationException>(() => services.AddVisemQc());

        Assert.Contains(nameof(DownloadServiceCollectionExtensions.AddVisemQcDownloader), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddVisemQc_ConfigureReturnsNull_ResolvingOptionsSaysSo()
    {
        var services = new ServiceCollection();
        services.AddVisemQc(_ => null!);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<IOptions<VisemQcOptions>>().Value);

        Assert.Contains("returned null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddVisemQc_Factory_OpensSampleWithConfiguredDatasetOptions()
    {
        var services = new ServiceCollection();
        services.AddVisemQc(options => options with { Dataset = new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") } });
        await using (var provider = services.BuildServiceProvider())
        {
            var factory = provider.GetRequiredService<IVisemQcDatasetFactory>();
            await using var sample = await factory.OpenSampleAsync();
            Assert.Equal(5, sample.Records.Count);
        }

        // The CSV is at visem-qc/visem-qc.csv, two levels deep: a search depth of 1 must not find it.
        var shallow = new ServiceCollection();
        shallow.AddVisemQc(options => options with { Dataset = new VisemQcDatasetOptions { MaxSearchDepth = 1 } });
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
        builder.Services.AddVisemQc(options => options with
        {
            Source = server.Url,
            DownloadPath = destination,
            Download = DownloadTestSupport.Options,
            Http = DownloadTestSupport.HttpOptions with { MaxRetryAttempts = maxRetryAttempts },
            Dataset = new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") },
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
