using VisemQc.Tests.TestSupport;

namespace VisemQc.Tests.Docs;

/// <summary>The samples of docs/evaluation.md, run on the built-in sample dataset.</summary>
[Collection(ConsoleTests.Name)]
public sealed class EvaluationDocSnippets : IDisposable
{
    private readonly StringWriter _console = new();
    private readonly TextWriter _originalConsole = Console.Out;

    public EvaluationDocSnippets() => Console.SetOut(_console);

    public void Dispose() => Console.SetOut(_originalConsole);

    [Fact]
    public async Task EvaluationKFold()
    {
        // begin-snippet: evaluation-kfold
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        // The published protocol is 10-fold; the sample has 5 videos, so 5 folds (leave-one-out).
        IReadOnlyList<DatasetFold> folds = DatasetSplits.KFold(dataset, folds: 5, seed: 42);
        foreach (DatasetFold fold in folds)
            Console.WriteLine(fold); // fold 1 of 5: 4 train, 1 test (107)

        TrainTestSplit split = DatasetSplits.TrainTest(dataset, testFraction: 0.4, stratifyByProgressive: true);
        Console.WriteLine(split); // 3 train, 2 test (107, 340): one from each of the two strata of a+b
        // end-snippet

        var lines = _console.ToString().ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.Equal("fold 1 of 5: 4 train, 1 test (107)", lines[0]);
        Assert.Equal("3 train, 2 test (107, 340)", lines[5]);
        Assert.Equal(dataset.Records.Select(r => r.VideoId).Order(StringComparer.Ordinal), folds.SelectMany(f => f.TestIds).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task EvaluationMetrics()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        // begin-snippet: evaluation-metrics
        // Predictions are in percent, like the records; MotilityPrediction.FromFractions converts 0-1 outputs.
        MotilityPrediction[] predictions =
        [
            new("58", 38, 20, 12, 30),
            new("107", 12, 15, 10, 63),
            new("340", 30, 20, 10, 40),
            new("623", 50, 15, 7, 28),
            new("923", 5, 5, 8, 82),
        ];

        MotilityMetrics metrics = MotilityMetrics.Compute(dataset.Records, predictions, MotilityScale.Fraction);
        Console.WriteLine($"3-category MAE {metrics.ThreeCategoryMae:0.000}, r(a+b) {metrics.Progressive.PearsonR:0.00}");
        Console.WriteLine(metrics); // a table per grade, headed "5 videos, MAE and RMSE on the 0-1 scale (fractions)"
        // end-snippet

        var output = _console.ToString().ReplaceLineEndings("\n");
        Assert.StartsWith("3-category MAE 0.023, r(a+b) 1.00\n5 videos, MAE and RMSE on the 0-1 scale (fractions)\n", output, StringComparison.Ordinal);
        Assert.Equal(metrics.ThreeCategoryMae * 100, MotilityMetrics.Compute(dataset.Records, predictions).ThreeCategoryMae, 1e-12);
    }

    [Fact]
    public async Task EvaluationCrossValidation()
    {
        // begin-snippet: evaluation-cross-validation
        await using var dataset = await VisemQcDataset.OpenSampleAsync();
        // Your model: train on the training records (and their videos), predict the test videos.
        // This stand-in predicts the training median of each grade.
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return (sorted[(sorted.Length - 1) / 2] + sorted[sorted.Length / 2]) / 2;
        }

        CrossValidationResult model = await CrossValidation.RunAsync(dataset, async (train, testIds, cancellationToken) =>
        {
            await Task.Yield(); // training would await here, passing cancellationToken on
            return testIds
                .Select(id => new MotilityPrediction(
                    id,
                    Median(train.Select(r => r.RapidProgressive)),
                    Median(train.Select(r => r.SlowProgressive)),
                    Median(train.Select(r => r.NonProgressive)),
                    Median(train.Select(r => r.Immotile))))
                .ToArray();
        }, folds: 5, scale: MotilityScale.Fraction); // 10 folds (the default) on the full dataset; fractions as the published MAEs

        CrossValidationResult zeroR = CrossValidation.ZeroR(dataset, folds: 5, scale: MotilityScale.Fraction); // the same folds

        Console.WriteLine("Median model");
        Console.WriteLine(model);
        Console.WriteLine("ZeroR");
        Console.WriteLine(zeroR);
        // end-snippet

        var output = _console.ToString().ReplaceLineEndings("\n");
        Assert.Contains("5-fold cross-validation of 5 videos (seed 0, not stratified); MAE and RMSE on the 0-1 scale (fractions)", output, StringComparison.Ordinal);
        Assert.Equal(model.Folds.Select(f => f.Fold.TestIds), zeroR.Folds.Select(f => f.Fold.TestIds));
        Assert.Contains(zeroR.ToString(), output, StringComparison.Ordinal);
        Assert.Equal(5, model.Predictions.Count);
        // The table printed in docs/evaluation.md is this run's.
        var markdown = File.ReadAllText(RepositoryRoot.Combine("docs", "evaluation.md")).ReplaceLineEndings("\n");
        Assert.Contains($"```text\n{zeroR}\n```", markdown, StringComparison.Ordinal);
        Assert.Contains($"| {zeroR.Pooled.ThreeCategoryMae:0.0000} | {zeroR.Pooled.FourCategoryMae:0.0000} |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluationCatch()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        // begin-snippet: evaluation-catch
        try
        {
            MotilityMetrics.Compute(dataset.Records, [new MotilityPrediction("623", 50, 15, 7, 28)]);
        }
        catch (VisemQcPredictionException error)
        {
            // Expected exactly one prediction per record (5); got 1, with no prediction for 4 video(s): '58', '107', '340', '923'. ...
            Console.WriteLine(error.Message);
            Console.WriteLine(string.Join(", ", error.MissingVideoIds)); // 58, 107, 340, 923
        }
        // end-snippet

        var output = _console.ToString().ReplaceLineEndings("\n");
        Assert.StartsWith("Expected exactly one prediction per record (5); got 1, with no prediction for 4 video(s): '58', '107', '340', '923'. ", output, StringComparison.Ordinal);
        Assert.EndsWith("\n58, 107, 340, 923\n", output, StringComparison.Ordinal);
    }
}
