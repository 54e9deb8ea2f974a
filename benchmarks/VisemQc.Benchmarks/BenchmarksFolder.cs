namespace VisemQc.Benchmarks;

/// <summary>Finds the repository's <c>benchmarks/</c> folder from the running executable.</summary>
internal static class BenchmarksFolder
{
    /// <summary><c>benchmarks/BenchmarkDotNet.Artifacts</c>, or BenchmarkDotNet's default under the current folder when the project is not found.</summary>
    public static string ArtifactsPath()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "VisemQc.Benchmarks.csproj")) && folder.Parent is { } benchmarks)
            {
                return Path.Combine(benchmarks.FullName, "BenchmarkDotNet.Artifacts");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "BenchmarkDotNet.Artifacts");
    }
}
