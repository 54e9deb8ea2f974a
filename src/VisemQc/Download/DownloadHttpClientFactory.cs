using System.Net;
using System.Reflection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace VisemQc.Download;

/// <summary>Builds the handler and the resilience pipeline of the downloader's own HTTP client.</summary>
internal static class DownloadHttpClientFactory
{
    /// <summary>The name of the resilience pipeline, in logs and metrics.</summary>
    public const string PipelineName = "visemqc-download";

    public static readonly string UserAgent = "VisemQc/" + (typeof(DownloadHttpClientFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0");

    /// <summary>The primary handler: no automatic decompression (ranges apply to the encoded bytes), pooled connections.</summary>
    public static SocketsHttpHandler CreatePrimaryHandler(DownloadHttpOptions options) => new()
    {
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = options.ConnectTimeout,
        Proxy = options.Proxy,
        UseProxy = true,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 10,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        MaxConnectionsPerServer = 32,
    };

    /// <summary>
    /// Adds the strategies for one large file: retries (exponential backoff with jitter, honouring
    /// <c>Retry-After</c>) around a timeout per attempt that covers the response headers only.
    /// </summary>
    public static void ConfigurePipeline(ResiliencePipelineBuilder<HttpResponseMessage> builder, DownloadHttpOptions options, ILogger logger)
    {
        // Polly's retry strategy needs at least one attempt; 0 (allowed by the options) means no retry strategy.
        if (options.MaxRetryAttempts > 0)
        {
            AddRetry(builder, options, logger);
        }

        builder.AddTimeout(new HttpTimeoutStrategyOptions { Timeout = options.HeadersTimeout });
    }

    private static void AddRetry(ResiliencePipelineBuilder<HttpResponseMessage> builder, DownloadHttpOptions options, ILogger logger)
        => builder.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = options.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = options.RetryDelay,
            MaxDelay = options.MaxRetryDelay,
            ShouldRetryAfterHeader = true,
            OnRetry = args =>
            {
                DownloadLog.HttpRetry(logger, args.AttemptNumber + 1, args.RetryDelay, (int?)args.Outcome.Result?.StatusCode, args.Outcome.Exception?.Message);
                return default;
            },
        });

    /// <summary>Builds a client that owns its handlers.</summary>
    public static HttpClient CreateClient(DownloadHttpOptions options, TimeProvider timeProvider, ILogger logger)
    {
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider, Name = PipelineName };
        ConfigurePipeline(builder, options, logger);
#pragma warning disable CA2000 // The client owns the handler chain and disposes it.
        var handler = new ResilienceHandler(builder.Build()) { InnerHandler = CreatePrimaryHandler(options) };
#pragma warning restore CA2000
        var client = new HttpClient(handler, disposeHandler: true);
        ConfigureClient(client);
        return client;
    }

    /// <summary>No total timeout: the body of a 7.8 GB file is guarded by the stall timeout instead.</summary>
    public static void ConfigureClient(HttpClient client)
    {
        client.Timeout = Timeout.InfiniteTimeSpan;
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
    }
}
