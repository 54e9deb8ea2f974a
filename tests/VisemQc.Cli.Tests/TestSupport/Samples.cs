using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.TestSupport;

/// <summary>Datasets for the command-line tests.</summary>
public static class Samples
{
    /// <summary>Copies the built-in sample (5 videos, MKV and AVI, stored and deflated) into <paramref name="temp"/>.</summary>
    public static async Task<string> BuiltInZipAsync(TempFolder temp, string name = "sample.zip")
    {
        await using var sample = await VisemQcDataset.OpenSampleAsync(new VisemQcDatasetOptions { CacheDirectory = temp.Combine("cache") });
        var path = temp.Combine(name);
        File.Copy(sample.Path, path);
        return path;
    }
}
