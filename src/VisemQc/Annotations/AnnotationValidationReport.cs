using System.Text;

namespace VisemQc;

/// <summary>Every problem found in an annotation CSV by a lenient read, in file order.</summary>
public sealed class AnnotationValidationReport
{
    internal AnnotationValidationReport(string filePath, IReadOnlyList<AnnotationProblem> problems, int rowsRead)
    {
        FilePath = filePath;
        Problems = problems;
        RowsRead = rowsRead;
    }

    /// <summary>The CSV's path or source name.</summary>
    public string FilePath { get; }

    /// <summary>The problems, in file order; empty when the file is valid.</summary>
    public IReadOnlyList<AnnotationProblem> Problems { get; }

    /// <summary>The number of data rows read (header and blank lines not counted), valid or not.</summary>
    public int RowsRead { get; }

    /// <summary>Whether the file breaks no rule.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>A summary line followed by one line per problem.</summary>
    /// <returns>The report as text.</returns>
    public override string ToString()
    {
        if (IsValid)
        {
            return $"{FilePath}: {RowsRead} rows, no problems.";
        }

        var text = new StringBuilder($"{FilePath}: {RowsRead} rows, {Problems.Count} problem(s):");
        foreach (var problem in Problems)
        {
            text.AppendLine().Append("  ").Append(problem);
        }

        return text.ToString();
    }
}

/// <summary>What a CSV read returns: the records, and the problems found on the way.</summary>
public sealed class AnnotationReadResult
{
    internal AnnotationReadResult(IReadOnlyList<MotilityRecord> records, AnnotationValidationReport report, char separator, bool hadHeader)
    {
        Records = records;
        Report = report;
        Separator = separator;
        HadHeader = hadHeader;
    }

    /// <summary>The records of the rows that pass every rule, in file order. After a strict read that is every row.</summary>
    public IReadOnlyList<MotilityRecord> Records { get; }

    /// <summary>The problems found; always empty after a strict read, which throws instead.</summary>
    public AnnotationValidationReport Report { get; }

    /// <summary>The field separator used: the detected one, or the one from <see cref="AnnotationOptions.Separator"/>.</summary>
    public char Separator { get; }

    /// <summary>Whether the file had a header row.</summary>
    public bool HadHeader { get; }
}
