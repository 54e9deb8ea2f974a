using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VisemQc;

internal static partial class VisemQcThrow
{
    private const int IdsNamedInMessages = 5;

    [DoesNotReturn]
    public static void PredictionException_Mismatch(
        int? foldIndex,
        int foldCount,
        int expectedCount,
        int receivedCount,
        IReadOnlyList<string> missing,
        IReadOnlyList<string> unexpected,
        IReadOnlyList<string> duplicates)
    {
        var problems = new List<string>(3);
        if (missing.Count > 0)
        {
            problems.Add($"no prediction for {missing.Count} video(s): {NameIds(missing)}");
        }

        if (unexpected.Count > 0)
        {
            problems.Add(foldIndex is null
                ? $"{unexpected.Count} prediction(s) for videos without a record: {NameIds(unexpected)}"
                : $"{unexpected.Count} prediction(s) for videos outside the fold's test set: {NameIds(unexpected)}");
        }

        if (duplicates.Count > 0)
        {
            problems.Add($"more than one prediction for {duplicates.Count} video(s): {NameIds(duplicates)}");
        }

        var message = foldIndex is { } index
            ? string.Create(CultureInfo.InvariantCulture, $"Fold {index + 1} of {foldCount}: the train-and-predict function must return exactly one prediction per test video ID ({expectedCount}); it returned {receivedCount}, with {string.Join("; ", problems)}. Predict every ID of the testIds argument, once, and nothing else.")
            : string.Create(CultureInfo.InvariantCulture, $"Expected exactly one prediction per record ({expectedCount}); got {receivedCount}, with {string.Join("; ", problems)}. Pass the records of exactly the videos you predicted, for example fold.TestIds.Select(id => dataset[id]).");
        throw new VisemQcPredictionException(foldIndex, missing, unexpected, duplicates, message);
    }

    [DoesNotReturn]
    public static void PredictFunctionReturnedNull(int foldIndex, int foldCount) => throw new InvalidOperationException(
        string.Create(CultureInfo.InvariantCulture, $"Fold {foldIndex + 1} of {foldCount}: the train-and-predict function returned null (or a null task); expected a list with one {nameof(MotilityPrediction)} per test video ID."));

    [DoesNotReturn]
    public static void NullPrediction(int foldIndex, int foldCount, int index) => throw new InvalidOperationException(
        string.Create(CultureInfo.InvariantCulture, $"Fold {foldIndex + 1} of {foldCount}: the train-and-predict function returned a null prediction at index {index}; expected one {nameof(MotilityPrediction)} per test video ID."));

    [DoesNotReturn]
    public static void NullElement(string paramName, int index, string what) => throw new ArgumentException(
        string.Create(CultureInfo.InvariantCulture, $"Expected {what}s; element {index} is null. Remove the null element."),
        paramName);

    [DoesNotReturn]
    public static void DuplicateRecordId(string paramName, string videoId) => throw new ArgumentException(
        $"Expected one record per video ID; '{videoId}' occurs more than once. Remove the duplicate record (a dataset's records have unique IDs).",
        paramName);

    [DoesNotReturn]
    public static void TooFewRecords(string paramName, int needed, int found, string purpose) => throw new ArgumentException(
        string.Create(CultureInfo.InvariantCulture, $"{purpose} needs at least {needed} record(s); got {found}."),
        paramName);

    [DoesNotReturn]
    public static void FoldCountAboveVideoCount(string paramName, int foldCount, int videoCount) => throw new ArgumentOutOfRangeException(
        paramName,
        foldCount,
        string.Create(CultureInfo.InvariantCulture, $"{paramName} is {foldCount}, but only {videoCount} videos were given: every test fold needs at least one video. Use from 2 to {videoCount} folds ({videoCount} is leave-one-out)."));

    private static string NameIds(IReadOnlyList<string> ids)
        => ids.Count <= IdsNamedInMessages
            ? string.Join(", ", ids.Select(id => $"'{id}'"))
            : $"{string.Join(", ", ids.Take(IdsNamedInMessages).Select(id => $"'{id}'"))} and {ids.Count - IdsNamedInMessages} more";
}
