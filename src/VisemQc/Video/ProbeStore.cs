using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace VisemQc.Video;

/// <summary>
/// Probe results for one dataset: cached in memory for its lifetime, and optionally in a JSON file beside
/// the dataset so that another process does not probe again. A stored result is used only while the
/// video's fingerprint (length and CRC-32 in a zip, length and write time in a folder) is unchanged.
/// </summary>
internal sealed class ProbeStore
{
    private readonly ConcurrentDictionary<string, Lazy<Task<VideoProbe>>> _memory = new(StringComparer.Ordinal);
    private readonly string? _file;
    private readonly Lock _fileLock = new();

    public ProbeStore(string? file) => _file = file;

    public Task<VideoProbe> GetOrProbeAsync(string videoId, string fingerprint, Func<Task<VideoProbe>> probe)
    {
        var lazy = _memory.GetOrAdd(videoId, _ => new Lazy<Task<VideoProbe>>(() => LoadOrProbeAsync(videoId, fingerprint, probe)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed or cancelled probe is not cached: the next call tries again.
            _memory.TryRemove(new KeyValuePair<string, Lazy<Task<VideoProbe>>>(videoId, lazy));
        }

        return task;
    }

    private async Task<VideoProbe> LoadOrProbeAsync(string videoId, string fingerprint, Func<Task<VideoProbe>> probe)
    {
        if (_file is not null && Read().TryGetValue(videoId, out var stored) && stored.Fingerprint == fingerprint)
        {
            return stored.Probe;
        }

        var result = await probe().ConfigureAwait(false);
        if (_file is not null)
        {
            Save(videoId, new StoredProbe(fingerprint, result));
        }

        return result;
    }

    private Dictionary<string, StoredProbe> Read()
    {
        try
        {
            lock (_fileLock)
            {
                return File.Exists(_file)
                    ? JsonSerializer.Deserialize(File.ReadAllText(_file), ProbeStoreJson.Default.DictionaryStringStoredProbe) ?? []
                    : [];
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            // A missing, unreadable or stale file only costs a probe.
            return [];
        }
    }

    private void Save(string videoId, StoredProbe probe)
    {
        try
        {
            lock (_fileLock)
            {
                var all = Read();
                all[videoId] = probe;
                var temporary = $"{_file}.{Guid.NewGuid():N}.tmp";
                File.WriteAllText(temporary, JsonSerializer.Serialize(all, ProbeStoreJson.Default.DictionaryStringStoredProbe));
                File.Move(temporary, _file!, overwrite: true);
            }
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // The folder may be read-only (a shared dataset): persisting is an optimisation only.
        }
    }

    internal sealed record StoredProbe(string Fingerprint, VideoProbe Probe);
}

/// <summary>Source-generated serialization of stored probes: works where reflection-based serialization is off (file-based, trimmed and AOT apps).</summary>
[JsonSerializable(typeof(Dictionary<string, ProbeStore.StoredProbe>))]
internal sealed partial class ProbeStoreJson : JsonSerializerContext;
