using System.Globalization;
using System.Text;

namespace VisemQc;

/// <summary>The kinds of problem an annotation CSV can have. <c>docs/annotations.md</c> lists the rule behind each.</summary>
public enum AnnotationProblemKind
{
    /// <summary>The file is not UTF-8 (or UTF-16 with a byte order mark) text.</summary>
    InvalidEncoding,

    /// <summary>The file has no data rows.</summary>
    NoRecords,

    /// <summary>Broken quoting, such as text after a closing quote or a quote that never closes.</summary>
    MalformedRow,

    /// <summary>A row does not have exactly five fields: ID, a, b, c, d.</summary>
    WrongFieldCount,

    /// <summary>A field is empty.</summary>
    EmptyValue,

    /// <summary>A video ID cannot be a file name: it contains a path separator or a control character.</summary>
    InvalidVideoId,

    /// <summary>A grade is not a number.</summary>
    NotANumber,

    /// <summary>A grade is outside 0-100.</summary>
    OutOfRange,

    /// <summary>a + b + c + d is further from 100 than <see cref="AnnotationOptions.SumTolerance"/>.</summary>
    SumOutOfTolerance,

    /// <summary>A video ID appears on more than one row.</summary>
    DuplicateVideoId,
}

/// <summary>One problem in an annotation CSV: where it is, what was found and what was expected.</summary>
public sealed class AnnotationProblem
{
    /// <summary>Creates a problem, such as for a <see cref="VisemQcFormatException"/> thrown by a test double.</summary>
    /// <param name="kind">Which rule the CSV breaks.</param>
    /// <param name="filePath">The CSV's path or source name.</param>
    /// <param name="line">The 1-based line where the offending row starts; 0 for the whole file.</param>
    /// <param name="column">The 1-based field position, or <see langword="null"/> for the whole row or file.</param>
    /// <param name="rawValue">The raw text of the offending field or row, or <see langword="null"/>.</param>
    /// <param name="description">What is wrong and what to do, without the location.</param>
    public AnnotationProblem(AnnotationProblemKind kind, string filePath, int line, int? column, string? rawValue, string description)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(description);
        Kind = kind;
        FilePath = filePath;
        Line = line;
        Column = column;
        RawValue = rawValue;
        Description = description;
    }

    /// <summary>Which rule the CSV breaks.</summary>
    public AnnotationProblemKind Kind { get; }

    /// <summary>The CSV's path (for a CSV inside a zip, <c>archive.zip!/entry.csv</c>) or the source name given to the reader.</summary>
    public string FilePath { get; }

    /// <summary>The 1-based line where the offending row starts; 0 when the problem concerns the whole file.</summary>
    public int Line { get; }

    /// <summary>The 1-based field position (1 = video ID, 2 = a, 3 = b, 4 = c, 5 = d), or <see langword="null"/> for a problem with the whole row or file.</summary>
    public int? Column { get; }

    /// <summary>The raw text of the offending field (or row, for a row-level problem), or <see langword="null"/>.</summary>
    public string? RawValue { get; }

    /// <summary>What is wrong and what to do, in a sentence or two, without the location.</summary>
    public string Description { get; }

    /// <summary>Formats the problem as <c>file: line L, column C (name): description Found 'raw'.</c></summary>
    /// <returns>A message a person can act on.</returns>
    public override string ToString()
    {
        var text = new StringBuilder(FilePath);
        if (Line > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $": line {Line}");
        }

        if (Column is { } column)
        {
            text.Append(CultureInfo.InvariantCulture, $", column {column} ({ColumnNameOf(column)})");
        }

        text.Append(": ").Append(Description);
        if (RawValue is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $" Found '{RawValue}'.");
        }

        return text.ToString();
    }

    internal static string ColumnNameOf(int column) => column switch
    {
        1 => "video ID",
        2 => "a, rapid progressive",
        3 => "b, slow progressive",
        4 => "c, non-progressive",
        5 => "d, immotile",
        _ => "extra field",
    };
}
