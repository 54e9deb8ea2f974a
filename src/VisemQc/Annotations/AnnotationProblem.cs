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
/// <param name="Kind">Which rule the CSV breaks.</param>
/// <param name="FilePath">The CSV's path (for a CSV inside a zip, <c>archive.zip!/entry.csv</c>) or the source name given to the reader.</param>
/// <param name="Line">The 1-based line where the offending row starts; 0 when the problem concerns the whole file.</param>
/// <param name="Column">The 1-based field position (1 = video ID, 2 = a, 3 = b, 4 = c, 5 = d), or <see langword="null"/> for a problem with the whole row or file.</param>
/// <param name="RawValue">The raw text of the offending field (or row, for a row-level problem), or <see langword="null"/>.</param>
/// <param name="Description">What is wrong and what to do, in a sentence or two, without the location.</param>
public sealed record AnnotationProblem(
    AnnotationProblemKind Kind,
    string FilePath,
    int Line,
    int? Column,
    string? RawValue,
    string Description)
{
    /// <summary>The name of the field at <see cref="Column"/> (<c>video ID</c>, <c>a (rapid progressive)</c>, ...), or <see langword="null"/>.</summary>
    public string? ColumnName => Column is { } column ? ColumnNameOf(column) : null;

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
