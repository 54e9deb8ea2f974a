using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VisemQc.DependencyInjection;
using VisemQc.Download;

namespace VisemQc;

/// <summary>
/// Registers VisemQc with dependency injection through the standard options pattern:
/// <see cref="VisemQcOptions"/> (bound from configuration, changed by <c>Configure&lt;VisemQcOptions&gt;</c>,
/// validated when the host starts), the download client, a transient <see cref="VisemQcDownloader"/>
/// and a singleton <see cref="IVisemQcDatasetFactory"/>, which use the host's
/// <see cref="IHttpClientFactory"/>, <see cref="ILogger{TCategoryName}"/> and <see cref="TimeProvider"/>.
/// Calling either method again only adds its configuration.
/// </summary>
public static class VisemQcServiceCollectionExtensions
{
    /// <summary>The configuration section <see cref="AddVisemQc(IServiceCollection, IConfiguration)"/> looks for.</summary>
    private const string SectionName = "VisemQc";

    /// <summary>
    /// Registers VisemQc with its options bound from <paramref name="configuration"/>: its <c>VisemQc</c>
    /// section when it has one (pass the app's whole configuration), otherwise, when it is a section
    /// itself, that section (pass <c>configuration.GetSection("MyApp:VisemQc")</c>). Keys are the property
    /// names, such as <c>VisemQc:Download:Connections</c>.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The app's configuration, or its VisemQc section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddVisemQc(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Which one is decided when the options are built: the configuration may get its sources later.
        services.AddOptions<VisemQcOptions>().Configure(options =>
        {
            var section = configuration.GetSection(SectionName);
            (section.Exists() || configuration is not IConfigurationSection ? section : configuration).Bind(options);
        });
        services.AddSingleton<IOptionsChangeTokenSource<VisemQcOptions>>(new ConfigurationChangeTokenSource<VisemQcOptions>(configuration));
        return AddCore(services);
    }

    /// <summary>Registers VisemQc with its options set by <paramref name="configure"/> (applied after any binding or earlier configuration).</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options, such as <c>options => options.DownloadPath = "/data/visem-qc.zip"</c>, or <see langword="null"/> for the defaults.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddVisemQc(this IServiceCollection services, Action<VisemQcOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (configure is not null)
        {
            services.AddOptions<VisemQcOptions>().Configure(configure);
        }

        return AddCore(services);
    }

    private static IServiceCollection AddCore(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        services.AddOptions<VisemQcOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<VisemQcOptions>, VisemQcOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        static DownloadHttpOptions Http(IServiceProvider provider) => provider.GetRequiredService<IOptions<VisemQcOptions>>().Value.EffectiveHttp;
        services.AddHttpClient(VisemQcDownloader.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(provider => DownloadHttpClientFactory.CreatePrimaryHandler(Http(provider)))
            .ConfigureHttpClient(DownloadHttpClientFactory.ConfigureClient)
            .AddResilienceHandler(DownloadHttpClientFactory.PipelineName, (pipeline, context) =>
            {
                var logger = context.ServiceProvider.GetService<ILoggerFactory>()?.CreateLogger<VisemQcDownloader>() ?? (ILogger)NullLogger.Instance;
                DownloadHttpClientFactory.ConfigurePipeline(pipeline, Http(context.ServiceProvider), logger);
            });
        services.TryAddTransient(provider => new VisemQcDownloader(
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(VisemQcDownloader.HttpClientName),
            provider.GetService<ILogger<VisemQcDownloader>>(),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<IVisemQcDatasetFactory>(provider => new VisemQcDatasetFactory(
            provider.GetRequiredService<IOptions<VisemQcOptions>>().Value,
            provider.GetRequiredService<IHttpClientFactory>(),
            provider.GetService<ILogger<VisemQcDownloader>>(),
            provider.GetRequiredService<TimeProvider>()));
        return services;
    }

    /// <summary>Marks the services as holding VisemQc's registrations, so that a second call adds only its configuration.</summary>
    private sealed class Registered;
}
