namespace VisemQc;

public sealed partial class VisemQcDataset
{
    /// <summary>The published archive's address, <c>https://datasets.simula.no/downloads/visem-qc.zip</c>.</summary>
    public static Uri DefaultSource => new(DefaultSourceText);

    /// <summary>The text of <see cref="DefaultSource"/>, for messages and help.</summary>
    internal const string DefaultSourceText = "https://datasets.simula.no/downloads/visem-qc.zip";

    /// <summary>Where <see cref="DownloadAsync(DownloadOptions?, IProgress{DownloadProgress}?, CancellationToken)"/> keeps the archive: <c>visem-qc.zip</c> in <see cref="DefaultHome"/>.</summary>
    public static string DefaultDownloadPath => System.IO.Path.Combine(DefaultHome, "visem-qc.zip");

    /// <summary>
    /// Downloads the archive from <see cref="DefaultSource"/> (then <see cref="DownloadOptions.Mirrors"/>)
    /// to <see cref="DefaultDownloadPath"/>, resuming an interrupted download, or returns at once when
    /// the verified archive is already there. Uses a <see cref="VisemQcDownloader"/> with its own client;
    /// to use yours, call <see cref="VisemQcDownloader.DownloadAsync"/> with <see cref="DefaultSource"/>.
    /// </summary>
    /// <param name="options">How to download, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the download; verified blocks are kept for the next call.</param>
    /// <returns>What was fetched, reused and verified.</returns>
    /// <exception cref="VisemQcDownloadException">The download failed, or offline mode is on and there is no verified copy.</exception>
    /// <exception cref="VisemQcIntegrityException">The downloaded file fails verification.</exception>
    /// <exception cref="VisemQcDiskSpaceException">The disk is too full.</exception>
    public static Task<DownloadResult> DownloadAsync(DownloadOptions? options = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
        => DownloadCoreAsync(DefaultSource, DefaultDownloadPath, options, progress, cancellationToken);

    /// <summary>
    /// Opens the archive at <see cref="DefaultDownloadPath"/>, downloading it first when it is not there
    /// yet (see <see cref="DownloadAsync(DownloadOptions?, IProgress{DownloadProgress}?, CancellationToken)"/>).
    /// With <c>VISEMQC_OFFLINE=1</c> the network is never used.
    /// </summary>
    /// <param name="options">How to read the dataset, or <see langword="null"/> for the defaults.</param>
    /// <param name="downloadOptions">How to download, or <see langword="null"/> for the defaults.</param>
    /// <param name="progress">Receives download progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the download or the opening.</param>
    /// <returns>The open dataset.</returns>
    /// <exception cref="VisemQcDownloadException">The download failed, or offline mode is on and there is no verified copy.</exception>
    /// <exception cref="VisemQcIntegrityException">The downloaded file fails verification.</exception>
    /// <exception cref="VisemQcDiskSpaceException">The disk is too full.</exception>
    public static Task<VisemQcDataset> OpenOrDownloadAsync(VisemQcDatasetOptions? options = null, DownloadOptions? downloadOptions = null, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
        => OpenOrDownloadCoreAsync(DefaultSource, DefaultDownloadPath, options, downloadOptions, progress, cancellationToken);

    internal static async Task<DownloadResult> DownloadCoreAsync(Uri source, string destination, DownloadOptions? options, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        using var downloader = new VisemQcDownloader();
        return await downloader.DownloadAsync(source, destination, options, progress, cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<VisemQcDataset> OpenOrDownloadCoreAsync(Uri source, string destination, VisemQcDatasetOptions? options, DownloadOptions? downloadOptions, IProgress<DownloadProgress>? progress, CancellationToken cancellationToken)
    {
        options?.Validate(); // before a download of gigabytes, not after it
        var result = await DownloadCoreAsync(source, destination, downloadOptions, progress, cancellationToken).ConfigureAwait(false);
        return await OpenAsync(result.Path, options, cancellationToken).ConfigureAwait(false);
    }
}
