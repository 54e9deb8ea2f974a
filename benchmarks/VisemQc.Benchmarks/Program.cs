using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using VisemQc.Benchmarks;

// dotnet run -c Release --project benchmarks/VisemQc.Benchmarks -- --filter '*'   (BenchmarkDotNet)
// dotnet run -c Release --project benchmarks/VisemQc.Benchmarks -- bytes-read     (bytes read by OpenAsync; --keep keeps the archives)
// dotnet run -c Release --project benchmarks/VisemQc.Benchmarks -- video          (the video modes video-probe, frames, first-frame;
//                                                                               run by benchmarks/video/compare-with-ffmpeg.sh)
switch (args)
{
    case ["bytes-read", .. var rest]:
        return await BytesReadMode.RunAsync(Console.Out, keep: rest.Contains("--keep")).ConfigureAwait(false);
    case ["video-probe" or "frames" or "first-frame", .. var rest]:
        return await VideoBench.RunAsync(args[0], rest, Console.Out, Console.Error).ConfigureAwait(false);
    case ["video"]:
        await Console.Out.WriteLineAsync(VideoBench.Usage).ConfigureAwait(false);
        return 0;
}

// Results go to benchmarks/BenchmarkDotNet.Artifacts wherever the command is run from (--artifacts overrides).
var config = DefaultConfig.Instance.WithArtifactsPath(BenchmarksFolder.ArtifactsPath());
BenchmarkSwitcher.FromAssembly(typeof(OpenDatasetBenchmarks).Assembly).Run(args, config);
return 0;
