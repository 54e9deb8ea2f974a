using Microsoft.Extensions.Logging;

namespace VisemQc.DependencyInjection;

/// <summary>The container's <see cref="IVisemQcDatasetFactory"/>: a downloader per download, on the named client.</summary>
internal sealed class VisemQcDatasetFactory(VisemQcOptions options, IHttpClientFactory httpClientFactory, ILogger<VisemQcDownloader>? logger, TimeProvider timeProvider)
    : IVisemQcDatasetFactory
{
    public VisemQcOptions Options { get; } = options;

    public Task<VisemQcDataset> OpenAsync(string path, CancellationToken cancellationToken = default)
        => VisemQcDataset.OpenAsync(path, Options.Dataset, cancellationToken);

    public Task<VisemQcDataset> OpenSampleAsync(CancellationToken cancellationToken = default)
        => VisemQcDataset.OpenSampleAsync(Options.Dataset, cancellationToken);

    public async Task<DownloadResult> DownloadAsync(IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        using var client = httpClientFactory.CreateClient(VisemQcDownloader.HttpClientName);
        using var downloader = new VisemQcDownloader(client, logger, timeProvider);
        return await downloader.DownloadAsync(Options.Source, Options.EffectiveDownloadPath, Options.Download, progress, cancellationToken).ConfigureAwait(false);
    }

    public async Task<VisemQcDataset> OpenOrDownloadAsync(IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = await DownloadAsync(progress, cancellationToken).ConfigureAwait(false);
        return await VisemQcDataset.OpenAsync(result.Path, Options.Dataset, cancellationToken).ConfigureAwait(false);
    }
}
