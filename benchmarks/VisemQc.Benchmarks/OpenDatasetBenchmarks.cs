using System.Globalization;
using System.IO.Compression;
using BenchmarkDotNet.Attributes;

namespace VisemQc.Benchmarks;

/// <summary>
/// Opening the dataset, warm: a ~100 MB zip (65 stored videos, sparse, plus the 65-row CSV) already in
/// the OS cache. Baseline: what a user would write by hand with System.IO.Compression (open the zip,
/// read the CSV entry with a <see cref="StreamReader"/>, split and parse the rows). Target: VisemQc under
/// 20 ms, although it does more (finds the layout, verifies the CSV's CRC-32, validates every row, matches
/// videos to records).
/// </summary>
[MemoryDiagnoser]
public class OpenDatasetBenchmarks
{
    private string? _folder;
    private string _zipPath = "";

    [GlobalSetup]
    public void Setup()
    {
        _folder = BenchmarkDataset.CreateTempFolder("open");
        _zipPath = BenchmarkDataset.WriteSparse(Path.Combine(_folder, "visem-qc.zip"), 100_000_000).Path;
        if (ZipArchiveByHand() != BenchmarkDataset.VideoCount || VisemQcOpenAsync().GetAwaiter().GetResult() != BenchmarkDataset.VideoCount)
        {
            throw new InvalidOperationException("Both cases must read the 65 rows.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => BenchmarkDataset.DeleteFolder(_folder);

    [Benchmark(Baseline = true, Description = "ZipFile.OpenRead + StreamReader")]
    public int ZipArchiveByHand()
    {
        using var archive = ZipFile.OpenRead(_zipPath);
        var entry = archive.GetEntry(BenchmarkDataset.CsvPath) ?? throw new InvalidOperationException("No CSV.");
        using var reader = new StreamReader(entry.Open());
        _ = reader.ReadLine(); // header
        var rows = new List<(string Id, double A, double B, double C, double D)>();
        while (reader.ReadLine() is { } line)
        {
            string[] f = line.Split(',');
            rows.Add((f[0], Parse(f[1]), Parse(f[2]), Parse(f[3]), Parse(f[4])));
        }

        return rows.Count;

        static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);
    }

    [Benchmark(Description = "VisemQcDataset.OpenAsync")]
    public async Task<int> VisemQcOpenAsync()
    {
        var dataset = await VisemQcDataset.OpenAsync(_zipPath).ConfigureAwait(false);
        await using (dataset.ConfigureAwait(false))
        {
            return dataset.Records.Count;
        }
    }
}
