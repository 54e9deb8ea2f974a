using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Dataset;

public sealed class VisemQcDatasetOptionsTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(nameof(VisemQcDatasetOptions.MaxSearchDepth))]
    [InlineData(nameof(VisemQcDatasetOptions.MaxConcurrentDecodes))]
    [InlineData(nameof(VisemQcDatasetOptions.ThreadsPerDecode))]
    [InlineData(nameof(VisemQcDatasetOptions.BufferedFrames))]
    public async Task OpenAsync_OptionOutOfRange_ThrowsNamingTheOptionAndValue(string option)
    {
        var path = DatasetBuilder.Standard().WriteFolder(_temp.Combine("extracted"));
        var options = new VisemQcDatasetOptions();
        typeof(VisemQcDatasetOptions).GetProperty(option)!.SetValue(options, 0);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => VisemQcDataset.OpenAsync(path, options));

        Assert.Equal(option, error.ParamName);
        Assert.Equal(0, error.ActualValue);
    }

    [Fact]
    public async Task OpenAsync_EmptyFfmpegFolder_ThrowsArgumentException()
    {
        var path = DatasetBuilder.Standard().WriteFolder(_temp.Combine("extracted"));

        var error = await Assert.ThrowsAsync<ArgumentException>(() => VisemQcDataset.OpenAsync(path, new VisemQcDatasetOptions { FfmpegFolder = "" }));

        Assert.Equal(nameof(VisemQcDatasetOptions.FfmpegFolder), error.ParamName);
    }

    [Fact]
    public async Task OpenAsync_OptionsChangedAfterOpening_DoNotChangeTheOpenDataset()
    {
        var path = DatasetBuilder.Standard().WriteFolder(_temp.Combine("extracted"));
        var options = new VisemQcDatasetOptions { CacheDirectory = _temp.Combine("cache") };

        await using var dataset = await VisemQcDataset.OpenAsync(path, options);
        options.MaxConcurrentDecodes = 0;

        Assert.NotNull(dataset.Decoder.Tools);
        Assert.Equal(3, dataset.Records.Count);
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new VisemQcDatasetOptions();

        Assert.Equal((4, 4, false), (options.MaxSearchDepth, options.BufferedFrames, options.PersistProbes));
        Assert.Null(options.FfmpegFolder);
        Assert.Null(options.ThreadsPerDecode);
        Assert.Equal(Math.Max(1, Environment.ProcessorCount / 2), options.MaxConcurrentDecodes);
    }
}
