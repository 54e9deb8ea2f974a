using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using VisemQc.Download;

namespace VisemQc;

/// <summary>Registers <see cref="VisemQcDownloader"/> with dependency injection.</summary>
public static class DownloadServiceCollectionExtensions
{
    /// <summary>
    /// Registers a named HTTP client (<see cref="VisemQcDownloader.HttpClientName"/>) built for one
    /// large file (no automatic decompression; retries with backoff, jitter and <c>Retry-After</c>; a
    /// headers timeout per attempt; no total timeout, circuit breaker or hedging) and a transient
    /// <see cref="VisemQcDownloader"/> that uses it, with the registered <see cref="ILogger{T}"/> and
    /// <see cref="TimeProvider"/> when there are.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="options">The client's retry and timeout settings, or <see langword="null"/> for <see cref="DownloadHttpOptions.Default"/>.</param>
    /// <returns>The client's builder, to add a proxy, headers or handlers.</returns>
    public static IHttpClientBuilder AddVisemQcDownloader(this IServiceCollection services, DownloadHttpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= DownloadHttpOptions.Default;
        options.Validate();
        return AddDownloaderCore(services, _ => options);
    }

    /// <summary>
    /// The registrations of <see cref="AddVisemQcDownloader"/> with the client's options read from the
    /// container when the client is built (used by <see cref="VisemQcServiceCollectionExtensions.AddVisemQc"/>).
    /// </summary>
    internal static IHttpClientBuilder AddDownloaderCore(IServiceCollection services, Func<IServiceProvider, DownloadHttpOptions> options)
    {
        var builder = services.AddHttpClient(VisemQcDownloader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => DownloadHttpClientFactory.CreatePrimaryHandler(options(provider)))
            .ConfigureHttpClient(DownloadHttpClientFactory.ConfigureClient);
        builder.AddResilienceHandler(DownloadHttpClientFactory.PipelineName, (pipeline, context) =>
        {
            var logger = context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger<VisemQcDownloader>() ?? (ILogger)NullLogger.Instance;
            DownloadHttpClientFactory.ConfigurePipeline(pipeline, options(context.ServiceProvider), logger);
        });
        services.TryAddTransient(provider => new VisemQcDownloader(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(VisemQcDownloader.HttpClientName),
            provider.GetService<ILogger<VisemQcDownloader>>(),
            provider.GetService<TimeProvider>()));
        return builder;
    }
}
