using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using VisemQc.Benchmarks;

// dotnet run -c Release --project benchmarks/VisemQc.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/VisemQc.Benchmarks -- bytes-read     (bytes read by OpenAsync; --keep keeps the archives)
if (args is ["bytes-read", .. var rest])
{
    return await BytesReadMode.RunAsync(Console.Out, keep: rest.Contains("--keep")).ConfigureAwait(false);
}

// Results go to benchmarks/BenchmarkDotNet.Artifacts wherever the command is run from (--artifacts overrides).
var config = DefaultConfig.Instance.WithArtifactsPath(BenchmarksFolder.ArtifactsPath());
BenchmarkSwitcher.FromAssembly(typeof(OpenDatasetBenchmarks).Assembly).Run(args, config);
return 0;
