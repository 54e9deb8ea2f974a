namespace VisemQc;

/// <summary>
/// An annotation CSV breaks one of the rules in <c>docs/annotations.md</c>: a row with the wrong
/// number of fields, an empty or non-numeric value, a grade outside 0-100, grades that do not add
/// up to 100 within the tolerance, or a duplicate video ID.
/// </summary>
/// <remarks>
/// <see cref="Problem"/> locates the problem, as the entry a lenient read puts into its
/// <see cref="AnnotationValidationReport"/>. A <see cref="VisemQcException"/>: the BCL's type for bad
/// data, <see cref="InvalidDataException"/>, is sealed and cannot be a base.
/// </remarks>
public sealed class VisemQcFormatException : VisemQcException
{
    /// <summary>Creates the exception for a problem found in a CSV.</summary>
    /// <param name="problem">The problem, with its location and kind.</param>
    /// <param name="message">The message, or <see langword="null"/> for the problem's own text (<see cref="AnnotationProblem.ToString"/>).</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcFormatException(AnnotationProblem problem, string? message = null, Exception? innerException = null)
        : base(message ?? problem?.ToString() ?? string.Empty, innerException)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
    }

    /// <summary>The problem found, with its location and kind.</summary>
    public AnnotationProblem Problem { get; }

    /// <summary>What kind of rule the CSV breaks.</summary>
    public AnnotationProblemKind Kind => Problem.Kind;

    /// <summary>
    /// The CSV's path: a file-system path, or <c>archive.zip!/entry/name.csv</c> for a CSV inside a zip,
    /// or the source name given to the reader.
    /// </summary>
    public string FilePath => Problem.FilePath;

    /// <summary>The 1-based line of the file where the offending row starts (0 when the problem concerns the whole file).</summary>
    public int Line => Problem.Line;

    /// <summary>The 1-based column (field position: 1 = video ID, 2 = a, 3 = b, 4 = c, 5 = d), or <see langword="null"/> when the problem concerns the whole row.</summary>
    public int? Column => Problem.Column;

    /// <summary>The raw text of the offending value, or <see langword="null"/> when the problem concerns the whole row or file.</summary>
    public string? RawValue => Problem.RawValue;
}
