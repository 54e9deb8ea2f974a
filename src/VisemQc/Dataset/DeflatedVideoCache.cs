using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.IO.Hashing;
using VisemQc.Archive;

namespace VisemQc.Dataset;

/// <summary>
/// Deflated videos cannot be read with seeking in place, so each is inflated once into a cache file,
/// its CRC-32 checked while writing. Files are named by content (video ID, CRC-32, length), written
/// under a temporary name and renamed only once verified, so a crash never leaves a bad cache file and
/// two processes can share one cache. A reused file is re-verified once per dataset, which also covers
/// data lost by a power failure, so the file is not flushed to disk.
/// </summary>
internal sealed class DeflatedVideoCache(string directory)
{
    private const int BufferSize = 1 << 20;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);

    public string Directory { get; } = directory;

    public string GetOrExtract(ZipStorage zip, ZipEntryInfo entry, CancellationToken cancellationToken)
    {
        var task = GetOrExtractCoreAsync(zip, entry, useAsync: false, cancellationToken);
        Debug.Assert(task.IsCompleted, "Without useAsync every step is synchronous.");
        return task.GetAwaiter().GetResult();
    }

    public Task<string> GetOrExtractAsync(ZipStorage zip, ZipEntryInfo entry, CancellationToken cancellationToken)
        => GetOrExtractCoreAsync(zip, entry, useAsync: true, cancellationToken).AsTask();

    /// <summary>The cache file of an entry: named by content, never by the entry's path, which could hold anything.</summary>
    internal string CachePath(ZipEntryInfo entry)
    {
        var name = entry.Name[(entry.Name.LastIndexOf('/') + 1)..];
        var stem = Sanitize(Path.GetFileNameWithoutExtension(name));
        var extension = Sanitize(Path.GetExtension(name));
        return Path.Combine(Directory, string.Create(CultureInfo.InvariantCulture, $"{stem}-{entry.Crc32:x8}-{entry.Length}{extension}"));
    }

    private async ValueTask<string> GetOrExtractCoreAsync(ZipStorage zip, ZipEntryInfo entry, bool useAsync, CancellationToken cancellationToken)
    {
        var path = CachePath(entry);
        var gate = _locks.GetOrAdd(path, _ => new SemaphoreSlim(1, 1));
        if (useAsync)
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            gate.Wait(cancellationToken);
        }

        try
        {
            if (_verified.ContainsKey(path) || await IsValidCopyAsync(path, entry, useAsync, cancellationToken).ConfigureAwait(false))
            {
                _verified[path] = true;
                return path;
            }

            System.IO.Directory.CreateDirectory(Directory);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            try
            {
                var raw = useAsync
                    ? await zip.OpenRawAsync(entry, zip.OpenHandle(asynchronous: true), ownsHandle: true, cancellationToken).ConfigureAwait(false)
                    : zip.OpenRaw(entry, zip.OpenHandle(asynchronous: false), ownsHandle: true);
                using (raw)
                using (var destination = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync))
                {
                    if (useAsync)
                    {
                        await ZipEntryReader.CopyVerifiedAsync(zip.RootPath, entry, raw, destination, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        ZipEntryReader.CopyVerified(zip.RootPath, entry, raw, destination, cancellationToken);
                    }
                }

                File.Move(temporary, path, overwrite: true);
            }
            finally
            {
                File.Delete(temporary);
            }

            _verified[path] = true;
            return path;
        }
        finally
        {
            gate.Release();
        }
    }

    private static string Sanitize(string text)
    {
        var safe = new string(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
        return safe.Length > 64 ? safe[..64] : safe;
    }

    private static async ValueTask<bool> IsValidCopyAsync(string path, ZipEntryInfo entry, bool useAsync, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length != entry.Length)
        {
            return false;
        }

        var crc = new Crc32();
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, useAsync ? FileOptions.Asynchronous : FileOptions.None);
            long offset = 0;
            int read;
            while ((read = useAsync
                       ? await RandomAccess.ReadAsync(handle, buffer.AsMemory(0, BufferSize), offset, cancellationToken).ConfigureAwait(false)
                       : RandomAccess.Read(handle, buffer.AsSpan(0, BufferSize), offset)) > 0)
            {
                crc.Append(buffer.AsSpan(0, read));
                offset += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return crc.GetCurrentHashAsUInt32() == entry.Crc32;
    }
}
