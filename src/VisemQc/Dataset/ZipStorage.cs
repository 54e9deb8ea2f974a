using System.Globalization;
using Microsoft.Win32.SafeHandles;
using VisemQc.Archive;

namespace VisemQc.Dataset;

/// <summary>A dataset zip, read in place through the project's own central-directory reader.</summary>
internal sealed class ZipStorage : DatasetStorage
{
    private readonly SafeFileHandle _handle;
    private readonly DeflatedVideoCache _cache;

    private ZipStorage(string zipPath, SafeFileHandle handle, ZipCentralDirectory directory, int maxDepth, string cacheDirectory)
        : base(zipPath)
    {
        _handle = handle;
        _cache = new DeflatedVideoCache(cacheDirectory);
        Directory = directory;
        var usable = directory.Entries.Where(e => !e.IsDirectory).ToArray();
        IgnoredEntries = usable.Where(e => !e.IsNameSafe).Select(e => e.Name).ToArray();
        Files = usable
            .Where(e => e.IsNameSafe && IsListed(e.Name, maxDepth))
            .Select(e => new DatasetFile(e.Name, e.Length, e))
            .ToArray();
    }

    public ZipCentralDirectory Directory { get; }

    public override IReadOnlyList<DatasetFile> Files { get; }

    public override IReadOnlyList<string> IgnoredEntries { get; }

    /// <summary>Opens the zip and reads its central directory; deflated videos are inflated under <paramref name="cacheDirectory"/>.</summary>
    public static async Task<ZipStorage> OpenAsync(string zipPath, int maxDepth, string cacheDirectory, CancellationToken cancellationToken)
    {
        var fullPath = Path.GetFullPath(zipPath);
        var handle = File.OpenHandle(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous | FileOptions.RandomAccess);
        try
        {
            var directory = await ZipCentralDirectory.ReadAsync(handle, fullPath, cancellationToken).ConfigureAwait(false);
            return new ZipStorage(fullPath, handle, directory, maxDepth, cacheDirectory);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override string Describe(DatasetFile file) => $"{RootPath}!/{file.Path}";

    /// <summary>
    /// Opens a new handle on the zip for one video stream, which owns it. Video streams are mostly read front
    /// to back, so the OS's read-ahead stays on (unlike the directory handle, which reads scattered headers).
    /// </summary>
    public SafeFileHandle OpenHandle(bool asynchronous) => File.OpenHandle(
        RootPath,
        FileMode.Open,
        FileAccess.Read,
        FileShare.Read,
        asynchronous ? FileOptions.Asynchronous : FileOptions.None);

    /// <summary>The entry's raw (possibly compressed) bytes as a window over the zip, on the given handle.</summary>
    public async ValueTask<FileWindowStream> OpenRawAsync(ZipEntryInfo entry, SafeFileHandle handle, bool ownsHandle, CancellationToken cancellationToken)
    {
        CheckReadable(entry);
        var offset = await Directory.GetDataOffsetAsync(entry, cancellationToken).ConfigureAwait(false);
        return new FileWindowStream(handle, offset, entry.CompressedLength, ownsHandle);
    }

    /// <summary>The entry's raw (possibly compressed) bytes as a window over the zip, on the given handle.</summary>
    public FileWindowStream OpenRaw(ZipEntryInfo entry, SafeFileHandle handle, bool ownsHandle)
    {
        CheckReadable(entry);
        return new FileWindowStream(handle, Directory.GetDataOffset(entry), entry.CompressedLength, ownsHandle);
    }

    public override async Task<byte[]> ReadAllBytesAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        var entry = file.Entry!;
        var raw = await OpenRawAsync(entry, _handle, ownsHandle: false, cancellationToken).ConfigureAwait(false);
        await using (raw.ConfigureAwait(false))
        {
            var data = await ZipEntryReader.ReadAllAsync(RootPath, entry, raw, cancellationToken).ConfigureAwait(false);
            return data;
        }
    }

    public override VisemQcDatasetKind Kind => VisemQcDatasetKind.Zip;

    public override string? ProbeFilePath => RootPath + ".probes.json";

    public override VideoStorage StorageOf(DatasetFile file)
        => file.Entry!.CompressionMethod == ZipCompressionMethod.Stored ? VideoStorage.Stored : VideoStorage.Deflated;

    public override Stream OpenVideo(DatasetFile file)
    {
        var entry = file.Entry!;
        if (entry.CompressionMethod != ZipCompressionMethod.Stored)
        {
            return OpenReadOnly(_cache.GetOrExtract(this, entry, CancellationToken.None), useAsync: false);
        }

        var handle = OpenHandle(asynchronous: false);
        try
        {
            return OpenRaw(entry, handle, ownsHandle: true);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override async Task<Stream> OpenVideoAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        var entry = file.Entry!;
        if (entry.CompressionMethod != ZipCompressionMethod.Stored)
        {
            var path = await _cache.GetOrExtractAsync(this, entry, cancellationToken).ConfigureAwait(false);
            return OpenReadOnly(path, useAsync: true);
        }

        var handle = OpenHandle(asynchronous: true);
        try
        {
            return await OpenRawAsync(entry, handle, ownsHandle: true, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    public override async Task<(string Input, string Fingerprint)> GetFfmpegInputAsync(DatasetFile file, CancellationToken cancellationToken)
    {
        var entry = file.Entry!;
        var fingerprint = string.Create(CultureInfo.InvariantCulture, $"{entry.Length}-{entry.Crc32:x8}");
        if (entry.CompressionMethod != ZipCompressionMethod.Stored)
        {
            return (await _cache.GetOrExtractAsync(this, entry, cancellationToken).ConfigureAwait(false), fingerprint);
        }

        // ffmpeg reads the entry's byte range of the zip in place, with seeking: nothing is extracted.
        var offset = await Directory.GetDataOffsetAsync(entry, cancellationToken).ConfigureAwait(false);
        return (string.Create(CultureInfo.InvariantCulture, $"subfile,,start,{offset},end,{offset + entry.CompressedLength},,:{RootPath}"), fingerprint);
    }

    public override void Dispose() => _handle.Dispose();

    private void CheckReadable(ZipEntryInfo entry)
    {
        if (entry.IsEncrypted)
        {
            VisemQcThrow.IntegrityException_EntryEncrypted(RootPath, entry.Name);
        }

        if (entry.CompressionMethod is not (ZipCompressionMethod.Stored or ZipCompressionMethod.Deflated))
        {
            VisemQcThrow.IntegrityException_UnsupportedCompression(RootPath, entry.Name, (ushort)entry.CompressionMethod);
        }
    }
}
