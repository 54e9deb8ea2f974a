using BenchmarkDotNet.Attributes;
using VisemQc.Testing;

namespace VisemQc.Benchmarks;

/// <summary>
/// Issue target: generating a 5-video synthetic zip of 2 s clips takes under 10 s on this machine.
/// One operation writes the whole zip (rendering, ffmpeg encoding, zipping), with the default options.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class SyntheticDatasetBenchmarks
{
    private string _folder = "";

    [GlobalSetup]
    public void Setup() => _folder = Directory.CreateTempSubdirectory("visemqc-bench-synthetic-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark(Description = "5 videos x 2 s, 320x240, MKV, stored zip")]
    public Task<SyntheticDatasetResult> WriteDefaultZip()
        => SyntheticDataset.WriteZipAsync(Path.Combine(_folder, "synthetic.zip"), new SyntheticDatasetOptions());

    [Benchmark(Description = "5 videos x 2 s, 320x240, AVI, deflated zip")]
    public Task<SyntheticDatasetResult> WriteAviDeflatedZip()
        => SyntheticDataset.WriteZipAsync(
            Path.Combine(_folder, "synthetic-avi.zip"),
            new SyntheticDatasetOptions { Containers = [SyntheticContainer.Avi], Storage = [SyntheticStorage.Deflated] });
}
