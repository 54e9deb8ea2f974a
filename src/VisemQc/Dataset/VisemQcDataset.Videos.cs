namespace VisemQc;

public sealed partial class VisemQcDataset
{
    /// <summary>
    /// Opens a video's bytes as a read-only, seekable stream: for a stored zip entry a window over the zip
    /// itself (no copy), for a deflated entry a cache file inflated once and verified against the entry's
    /// CRC-32, for a folder the file itself.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <returns>The stream, positioned at the start; it holds its own file handle, so dispose it.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">No video file has this ID.</exception>
    /// <exception cref="VisemQcLayoutException">Several video files have this ID.</exception>
    /// <exception cref="VisemQcIntegrityException">The entry is encrypted, uses an unsupported compression, or its data is corrupt or does not match its CRC-32.</exception>
    /// <exception cref="ObjectDisposedException">The dataset is disposed.</exception>
    public Stream OpenVideo(string videoId) => _files.OpenVideo(videoId);

    /// <summary>
    /// Opens a video's bytes as a read-only, seekable stream, inflating a deflated entry into the cache
    /// asynchronously. See <see cref="OpenVideo(string)"/>.
    /// </summary>
    /// <param name="videoId">The video's ID, such as <c>623</c>.</param>
    /// <param name="cancellationToken">Cancels the inflation of a deflated entry; the partial cache file is deleted.</param>
    /// <returns>The stream, positioned at the start; it holds its own file handle, so dispose it.</returns>
    /// <exception cref="VisemQcVideoNotFoundException">No video file has this ID.</exception>
    /// <exception cref="VisemQcLayoutException">Several video files have this ID.</exception>
    /// <exception cref="VisemQcIntegrityException">The entry is encrypted, uses an unsupported compression, or its data is corrupt or does not match its CRC-32.</exception>
    /// <exception cref="ObjectDisposedException">The dataset is disposed.</exception>
    public Task<Stream> OpenVideoAsync(string videoId, CancellationToken cancellationToken = default)
        => _files.OpenVideoAsync(videoId, cancellationToken);
}
