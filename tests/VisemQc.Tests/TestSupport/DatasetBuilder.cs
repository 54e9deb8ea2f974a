using System.IO.Compression;

namespace VisemQc.Tests.TestSupport;

/// <summary>
/// Writes datasets laid out like the real archive (or deliberately not) as a zip or a folder: each file
/// with its path, bytes and, in a zip, whether it is stored or deflated.
/// </summary>
public sealed class DatasetBuilder
{
    public const string DefaultCsv = "ID,a,b,c,d\n623,12.5,30.25,20,37.25\n923,0,5.5,4.5,90\n17,33.3,33.3,33.4,0\n";

    private readonly List<(string Path, byte[] Bytes, bool Deflate)> _files = [];

    /// <summary>The standard layout: visem-qc/visem-qc.csv and one video per record, alternating containers and storage.</summary>
    public static DatasetBuilder Standard(int videoBytes = 300_000) => new DatasetBuilder()
        .Add("visem-qc/visem-qc.csv", DefaultCsv)
        .Add("visem-qc/videos/623.mkv", VideoBytes(623, videoBytes), deflate: false)
        .Add("visem-qc/videos/923.avi", VideoBytes(923, videoBytes), deflate: true)
        .Add("visem-qc/videos/17.mp4", VideoBytes(17, videoBytes), deflate: false);

    /// <summary>Deterministic bytes that compress a little, like video: random blocks with repeats.</summary>
    public static byte[] VideoBytes(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        for (var i = 0; i + 64 < length; i += 256)
        {
            bytes.AsSpan(i, 32).CopyTo(bytes.AsSpan(i + 32, 32));
        }

        return bytes;
    }

    public IReadOnlyList<(string Path, byte[] Bytes, bool Deflate)> Files => _files;

    public byte[] BytesOf(string path) => _files.Single(f => f.Path == path).Bytes;

    public DatasetBuilder Add(string path, string text, bool deflate = true) => Add(path, System.Text.Encoding.UTF8.GetBytes(text), deflate);

    public DatasetBuilder Add(string path, byte[] bytes, bool deflate = true)
    {
        _files.Add((path, bytes, deflate));
        return this;
    }

    public DatasetBuilder Remove(string path)
    {
        _files.RemoveAll(f => f.Path == path);
        return this;
    }

    public string WriteZip(string zipPath)
    {
        using var archive = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var (path, bytes, deflate) in _files)
        {
            var entry = archive.CreateEntry(path, deflate ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            using var stream = entry.Open();
            stream.Write(bytes);
        }

        return zipPath;
    }

    public string WriteFolder(string folder)
    {
        foreach (var (path, bytes, _) in _files)
        {
            var full = Path.Combine(folder, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }

        return folder;
    }
}
