using VisemQc.Archive;
using VisemQc.Dataset;

namespace VisemQc;

public sealed partial class VisemQcDataset
{
    private DeflatedVideoCache? _cache;

    private DeflatedVideoCache Cache => LazyInitializer.EnsureInitialized(
        ref _cache,
        () => new DeflatedVideoCache(System.IO.Path.Combine(_options.CacheDirectory ?? System.IO.Path.Combine(DefaultHome, "cache"), "videos")));

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
    public Stream OpenVideo(string videoId)
    {
        var file = ResolveVideo(videoId);
        switch (_storage)
        {
            case FolderStorage folder:
                return OpenReadOnly(folder.FullPath(file), useAsync: false);
            case ZipStorage zip when file.Entry!.CompressionMethod == ZipCompressionMethod.Stored:
                var handle = zip.OpenHandle(asynchronous: false);
                try
                {
                    return zip.OpenRaw(file.Entry, handle, ownsHandle: true);
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }

            case ZipStorage zip:
                return OpenReadOnly(Cache.GetOrExtract(zip, file.Entry!, CancellationToken.None), useAsync: false);
            default:
                throw new InvalidOperationException($"Unknown storage {_storage.GetType().Name}.");
        }
    }

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
    public async Task<Stream> OpenVideoAsync(string videoId, CancellationToken cancellationToken = default)
    {
        var file = ResolveVideo(videoId);
        switch (_storage)
        {
            case FolderStorage folder:
                return OpenReadOnly(folder.FullPath(file), useAsync: true);
            case ZipStorage zip when file.Entry!.CompressionMethod == ZipCompressionMethod.Stored:
                var handle = zip.OpenHandle(asynchronous: true);
                try
                {
                    return await zip.OpenRawAsync(file.Entry, handle, ownsHandle: true, cancellationToken).ConfigureAwait(false);
                }
                catch
                {
                    handle.Dispose();
                    throw;
                }

            case ZipStorage zip:
                var path = await Cache.GetOrExtractAsync(zip, file.Entry!, cancellationToken).ConfigureAwait(false);
                return OpenReadOnly(path, useAsync: true);
            default:
                throw new InvalidOperationException($"Unknown storage {_storage.GetType().Name}.");
        }
    }

    private DatasetFile ResolveVideo(string videoId)
    {
        ArgumentNullException.ThrowIfNull(videoId);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_conflictsById.TryGetValue(videoId, out var conflict))
        {
            VisemQcThrow.LayoutException_AmbiguousVideo(Path, conflict);
        }

        if (!_videoFilesById.TryGetValue(videoId, out var file))
        {
            VisemQcThrow.VideoNotFound_NoVideo(Path, videoId, _videoFilesById.Count);
        }

        return file;
    }

    private static FileStream OpenReadOnly(string path, bool useAsync)
        => new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
            // Videos are mostly read front to back: keep the OS's read-ahead (RandomAccess would turn it off).
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
        });
}
