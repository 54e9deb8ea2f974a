using BenchmarkDotNet.Attributes;
using VisemQc.Archive;

namespace VisemQc.Benchmarks;

/// <summary>
/// Reading one 64 MiB stored video from start to end, warm (the file is in the OS cache), through
/// <see cref="VisemQcDataset.OpenVideo(string)"/> (a window over the zip) versus, as the baseline, a plain
/// unbuffered <see cref="FileStream"/> over the same byte range of the zip. The video's bytes are real
/// (pseudo-random), not a hole, so every read copies data. Target: ratio ≈ 1.0 and allocations that do
/// not grow with the video's size.
/// </summary>
[MemoryDiagnoser]
public class StoredVideoStreamBenchmarks
{
    private const long VideoLength = 64L << 20;

    private string? _folder;
    private string _zipPath = "";
    private string _videoId = "";
    private long _dataOffset;
    private VisemQcDataset? _dataset;
    private byte[] _buffer = [];

    [Params(80 * 1024, 1024 * 1024)]
    public int BufferSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchmarkDataset.CreateTempFolder("stream");
        var (ids, csv) = BenchmarkDataset.Annotations();
        _videoId = ids[0];
        var zip = DatasetZipWriter.Write(Path.Combine(_folder, "visem-qc.zip"), [
            ZipEntrySpec.FromBytes(BenchmarkDataset.CsvPath, csv),
            ZipEntrySpec.Random(BenchmarkDataset.VideoPath(_videoId), VideoLength, seed: 623),
            .. ids.Skip(1).Select(id => ZipEntrySpec.Hole(BenchmarkDataset.VideoPath(id), 1_500_000)),
        ]);
        _zipPath = zip.Path;
        _dataOffset = zip[BenchmarkDataset.VideoPath(_videoId)].DataOffset;
        _dataset = VisemQcDataset.OpenAsync(_zipPath).GetAwaiter().GetResult();
        _buffer = new byte[BufferSize];

        using (var video = _dataset.OpenVideo(_videoId))
        {
            if (video is not FileWindowStream window || window.Start != _dataOffset || window.Length != VideoLength)
            {
                throw new InvalidOperationException("OpenVideo must return a window over the entry's byte range.");
            }
        }

        // Both cases read every byte; running each once also puts the file in the OS cache.
        if (FileStreamRange() != VideoLength || DatasetOpenVideo() != VideoLength)
        {
            throw new InvalidOperationException("Both cases must read the whole video.");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataset?.Dispose();
        BenchmarkDataset.DeleteFolder(_folder);
    }

    [Benchmark(Baseline = true, Description = "FileStream over the entry's range")]
    public long FileStreamRange()
    {
        using var file = new FileStream(_zipPath, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            BufferSize = 0,
        });
        file.Seek(_dataOffset, SeekOrigin.Begin);
        long total = 0;
        while (total < VideoLength)
        {
            int read = file.Read(_buffer, 0, (int)Math.Min(_buffer.Length, VideoLength - total));
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    [Benchmark(Description = "dataset.OpenVideo(id)")]
    public long DatasetOpenVideo()
    {
        using var video = _dataset!.OpenVideo(_videoId);
        long total = 0;
        int read;
        while ((read = video.Read(_buffer, 0, _buffer.Length)) > 0)
        {
            total += read;
        }

        return total;
    }
}
