using System.Reflection;

namespace VisemQc.Tests.Packaging;

/// <summary>The exceptions a caller catches can also be made by a caller (a test double of the dataset factory throws them).</summary>
public sealed class ExceptionShapeTests
{
    public static TheoryData<Type> PublicExceptions()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(VisemQcException).Assembly.GetExportedTypes().Where(t => typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            data.Add(type);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PublicExceptions))]
    public void PublicException_HasOnePublicConstructor_EndingWithMessageAndInnerException(Type type)
    {
        var constructor = Assert.Single(type.GetConstructors(BindingFlags.Public | BindingFlags.Instance));
        var parameters = constructor.GetParameters();
        Assert.Equal(("message", typeof(string)), (parameters[^2].Name, parameters[^2].ParameterType));
        Assert.Equal(("innerException", typeof(Exception)), (parameters[^1].Name, parameters[^1].ParameterType));
        if (type == typeof(VisemQcException))
        {
            // The root has no data to make a message from, so its message is required; it is the one type others derive from.
            Assert.True(parameters[^1].HasDefaultValue, "VisemQcException: innerException is optional");
            return;
        }

        Assert.True(parameters[^2].HasDefaultValue && parameters[^1].HasDefaultValue, $"{type.Name}: message and innerException are optional");
        Assert.True(type.IsSealed, $"{type.Name} is sealed");
    }

    [Fact]
    public void Constructors_WithoutMessage_SayWhatTheDataSays()
    {
        var notFound = new VisemQcVideoNotFoundException("999", "visem-qc.zip");
        var integrity = new VisemQcIntegrityException("visem-qc.zip", ["visem-qc/videos/623.mkv"], expectedCrc32: 1, actualCrc32: 2);
        var format = new VisemQcFormatException(new AnnotationProblem(AnnotationProblemKind.NotANumber, "a.csv", 2, 3, "x", "A grade is not a number."));
        var prediction = new VisemQcPredictionException(foldIndex: null, missingVideoIds: ["623"]);

        Assert.IsType<KeyNotFoundException>(notFound, exactMatch: false);
        Assert.Contains("'999'", notFound.Message, StringComparison.Ordinal);
        Assert.Contains("visem-qc/videos/623.mkv", integrity.Message, StringComparison.Ordinal);
        Assert.Equal([], integrity.BadBlocks);
        Assert.Equal("a.csv: line 2, column 3 (b, slow progressive): A grade is not a number. Found 'x'.", format.Message);
        Assert.Equal((2, 3), (format.Line, format.Column));
        Assert.Equal(["623"], prediction.MissingVideoIds);
        Assert.Empty(prediction.DuplicateVideoIds);
        Assert.Contains("1 missing", prediction.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Indexer_UnknownId_IsCaughtAsKeyNotFoundException()
    {
        await using var dataset = await VisemQcDataset.OpenSampleAsync();

        var error = Assert.ThrowsAny<KeyNotFoundException>(() => dataset["no-such-video"]);

        Assert.Equal("no-such-video", Assert.IsType<VisemQcVideoNotFoundException>(error).VideoId);
    }
}
