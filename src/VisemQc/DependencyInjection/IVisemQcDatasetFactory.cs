namespace VisemQc;

/// <summary>
/// Opens datasets with the <see cref="VisemQcOptions"/> of the container and downloads the archive
/// with its named HTTP client, logger and clock. Registered as a singleton by
/// <see cref="VisemQcServiceCollectionExtensions"/>; inject it rather than calling the static
/// methods of <see cref="VisemQcDataset"/>, so that tests can substitute it.
/// </summary>
public interface IVisemQcDatasetFactory
{
    /// <summary>The options in effect, validated when the host started.</summary>
    VisemQcOptions Options { get; }

    /// <summary>Opens the dataset in a zip file or an extracted folder with <see cref="VisemQcOptions.Dataset"/>.</summary>
    /// <param name="path">The zip file, such as <c>visem-qc.zip</c>, or the folder it was extracted to.</param>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open dataset; dispose it to release the archive.</returns>
    /// <exception cref="FileNotFoundException">No file or folder is at <paramref name="path"/>.</exception>
    /// <exception cref="VisemQcException">The archive, its layout or its annotations are not valid (see <see cref="VisemQcDataset.OpenAsync"/>).</exception>
    Task<VisemQcDataset> OpenAsync(string path, CancellationToken cancellationToken = default);

    /// <summary>Opens the small sample dataset built into the package, with <see cref="VisemQcOptions.Dataset"/>.</summary>
    /// <param name="cancellationToken">Cancels opening.</param>
    /// <returns>The open sample dataset.</returns>
    Task<VisemQcDataset> OpenSampleAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Downloads the archive from <see cref="VisemQcOptions.Source"/> (then the mirrors) to
    /// <see cref="VisemQcOptions.EffectiveDownloadPath"/>, resuming an earlier download, or returns at
    /// once when the verified archive is already there.
    /// </summary>
    /// <param name="progress">Receives progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the download; verified blocks are kept for the next call.</param>
    /// <returns>What was fetched, reused and verified.</returns>
    /// <exception cref="VisemQcDownloadException">The download failed, or offline mode is on and there is no verified copy.</exception>
    /// <exception cref="VisemQcIntegrityException">The downloaded file fails verification.</exception>
    /// <exception cref="VisemQcDiskSpaceException">The disk is too full.</exception>
    Task<DownloadResult> DownloadAsync(IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default);

    /// <summary>Downloads the archive as <see cref="DownloadAsync"/> does, then opens it.</summary>
    /// <param name="progress">Receives download progress, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Stops the download or the opening.</param>
    /// <returns>The open dataset.</returns>
    /// <exception cref="VisemQcDownloadException">The download failed, or offline mode is on and there is no verified copy.</exception>
    /// <exception cref="VisemQcIntegrityException">The downloaded file fails verification.</exception>
    /// <exception cref="VisemQcDiskSpaceException">The disk is too full.</exception>
    Task<VisemQcDataset> OpenOrDownloadAsync(IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default);
}
