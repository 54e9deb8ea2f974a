using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VisemQc.DependencyInjection;

namespace VisemQc;

/// <summary>Registers VisemQc with dependency injection: options, the download client, the downloader and <see cref="IVisemQcDatasetFactory"/>.</summary>
public static class VisemQcServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="VisemQcOptions"/> (as <see cref="IOptions{TOptions}"/>, validated when the
    /// host starts), the named HTTP client <see cref="VisemQcDownloader.HttpClientName"/> with the
    /// large-download resilience pipeline configured from <see cref="VisemQcOptions.Http"/>, a transient
    /// <see cref="VisemQcDownloader"/> and a singleton <see cref="IVisemQcDatasetFactory"/>. Both use the
    /// host's <see cref="IHttpClientFactory"/>, <see cref="ILogger{TCategoryName}"/> and
    /// <see cref="TimeProvider"/> (<see cref="TimeProvider.System"/> when none is registered).
    /// </summary>
    /// <remarks>
    /// Calling it again adds another <paramref name="configure"/> function, applied after the earlier
    /// ones. It includes what <see cref="DownloadServiceCollectionExtensions.AddVisemQcDownloader"/>
    /// registers: call one or the other.
    /// </remarks>
    /// <param name="services">The services.</param>
    /// <param name="configure">Returns the options to use from the defaults (or from an earlier call's result), such as <c>options => options with { DownloadPath = "/data/visem-qc.zip" }</c>; <see langword="null"/> keeps them.</param>
    /// <returns>The download client's builder, to add a proxy, headers or handlers.</returns>
    /// <exception cref="InvalidOperationException"><see cref="DownloadServiceCollectionExtensions.AddVisemQcDownloader"/> was called on these services before.</exception>
    public static IHttpClientBuilder AddVisemQc(this IServiceCollection services, Func<VisemQcOptions, VisemQcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.AddSingleton(new VisemQcOptionsConfiguration(configure));
        }

        if (services.Any(d => d.ServiceType == typeof(IVisemQcDatasetFactory)))
        {
            return services.AddHttpClient(VisemQcDownloader.HttpClientName);
        }

        if (services.Any(d => d.ServiceType == typeof(VisemQcDownloader)))
        {
            throw new InvalidOperationException($"{nameof(AddVisemQc)} registers the downloader and its HTTP client itself; remove the call to {nameof(DownloadServiceCollectionExtensions.AddVisemQcDownloader)} and set {nameof(VisemQcOptions)}.{nameof(VisemQcOptions.Http)} instead.");
        }

        services.AddOptions<VisemQcOptions>().ValidateOnStart();
        services.TryAddSingleton<IOptionsFactory<VisemQcOptions>, VisemQcOptionsFactory>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VisemQcOptions>, VisemQcOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        var builder = DownloadServiceCollectionExtensions.AddDownloaderCore(services, provider => provider.GetRequiredService<IOptions<VisemQcOptions>>().Value.Http);
        services.TryAddSingleton<IVisemQcDatasetFactory>(provider => new VisemQcDatasetFactory(
            provider.GetRequiredService<IOptions<VisemQcOptions>>().Value,
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetService<ILogger<VisemQcDownloader>>(),
            provider.GetRequiredService<TimeProvider>()));
        return builder;
    }
}
