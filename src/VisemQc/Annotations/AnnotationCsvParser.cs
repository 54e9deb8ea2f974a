using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;

namespace VisemQc.Annotations;

/// <summary>
/// Reads one annotation CSV into records, applying the rules of <c>docs/annotations.md</c>. Columns are
/// taken by position (ID, a, b, c, d) since the real header is unknown. One instance per read.
/// </summary>
internal sealed class AnnotationCsvParser
{
    private const int FieldCount = 5;

    private readonly string _sourceName;
    private readonly AnnotationOptions _options;
    private readonly List<AnnotationProblem> _problems = [];
    private readonly List<AnnotationProblem> _malformed = [];

    private AnnotationCsvParser(string sourceName, AnnotationOptions options)
    {
        _sourceName = sourceName;
        _options = options;
    }

    private bool Strict => _options.Validation == AnnotationValidation.Strict;

    public static AnnotationReadResult Parse(ReadOnlySpan<byte> bytes, string sourceName, AnnotationOptions options)
    {
        options.Validate();
        var parser = new AnnotationCsvParser(sourceName, options);
        return parser.TryDecode(bytes, out var text)
            ? parser.ParseText(text)
            : parser.Result([], options.Separator ?? ',', hadHeader: false, rowsRead: 0);
    }

    public static AnnotationReadResult Parse(string text, string sourceName, AnnotationOptions options)
    {
        options.Validate();
        return new AnnotationCsvParser(sourceName, options).ParseText(text);
    }

    /// <summary>Parses a grade: invariant decimal point, or a decimal comma when the separator is <c>;</c>; an optional trailing <c>%</c>.</summary>
    internal static bool TryParseGrade(ReadOnlySpan<char> text, char separator, out double value)
    {
        const NumberStyles Styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        text = text.Trim();
        if (text.EndsWith('%'))
        {
            text = text[..^1].TrimEnd();
        }

        if (separator == ';' && text.Contains(',') && !text.Contains('.') && text.Length <= 64)
        {
            Span<char> withPoint = stackalloc char[text.Length];
            text.CopyTo(withPoint);
            withPoint.Replace(',', '.');
            return double.TryParse(withPoint, Styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
        }

        return double.TryParse(text, Styles, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private bool TryDecode(ReadOnlySpan<byte> bytes, out string text)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            text = Encoding.Unicode.GetString(bytes[2..]);
            return true;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            text = Encoding.BigEndianUnicode.GetString(bytes[2..]);
            return true;
        }

        var chars = new char[bytes.Length];
        var status = Utf8.ToUtf16(bytes, chars, out var bytesRead, out var charsWritten, replaceInvalidSequences: false);
        if (status == OperationStatus.Done)
        {
            text = new string(chars, 0, charsWritten);
            return true;
        }

        var line = bytes[..bytesRead].Count((byte)'\n') + 1;
        Report(new AnnotationProblem(
            AnnotationProblemKind.InvalidEncoding,
            _sourceName,
            line,
            column: null,
            rawValue: $"0x{bytes[bytesRead]:X2} at byte {bytesRead}",
            "The file is not UTF-8 text. Save it as UTF-8 (with or without a byte order mark), for example with 'CSV UTF-8' in a spreadsheet program."));
        text = "";
        return false;
    }

    private AnnotationReadResult ParseText(string text)
    {
        var separator = _options.Separator ?? DetectSeparator(text);
        var csvOptions = new CsvReaderOptions
        {
            Separator = separator,
            HasHeader = false,
            TrackLineNumbers = true,
            TrimWhitespace = true,
            TrimInsideQuotes = true,
            SkipEmptyLines = true,
            FieldCountMismatch = CsvFieldCountHandling.Allow,
            MalformedData = CsvMalformedDataHandling.Skip,
            OnMalformedRecord = OnMalformedRecord,
        };

        var records = new List<MotilityRecord>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var rowsRead = 0;
        bool? hadHeader = _options.HasHeader;
        var firstRow = true;
        using var reader = CsvReader.FromText(text, csvOptions);
        var fields = new string[FieldCount];
        while (reader.Read())
        {
            FlushMalformed();
            var line = checked((int)reader.LineNumber);
            if (IsBlankRow(reader))
            {
                continue;
            }

            if (firstRow)
            {
                firstRow = false;
                hadHeader ??= LooksLikeHeader(reader, separator);
                if (hadHeader.Value)
                {
                    continue;
                }
            }

            rowsRead++;
            if (reader.FieldCount != FieldCount)
            {
                Report(WrongFieldCount(reader, line, separator));
                continue;
            }

            for (var i = 0; i < FieldCount; i++)
            {
                fields[i] = reader.GetString(i);
            }

            if (TryReadRecord(fields, line, separator, firstLineOfId) is { } record)
            {
                records.Add(record);
            }
        }

        FlushMalformed();
        if (rowsRead == 0)
        {
            Report(new AnnotationProblem(
                AnnotationProblemKind.NoRecords,
                _sourceName,
                line: 0,
                column: null,
                rawValue: null,
                "The file has no data rows. Expected one row per video: ID, a, b, c, d."));
        }

        return Result(records, separator, hadHeader ?? false, rowsRead);
    }

    private MotilityRecord? TryReadRecord(string[] fields, int line, char separator, Dictionary<string, int> firstLineOfId)
    {
        var problemsBefore = _problems.Count;
        var id = fields[0];
        if (id.Length == 0)
        {
            Report(Problem(AnnotationProblemKind.EmptyValue, line, 1, id, "The video ID is empty. Expected the video's file name without extension, such as 623."));
        }
        else if (!IsValidVideoId(id))
        {
            Report(Problem(AnnotationProblemKind.InvalidVideoId, line, 1, id, "A video ID is a file name without extension: no '/', '\\' or control characters, and not '.' or '..'."));
        }

        Span<double> grades = stackalloc double[4];
        for (var i = 0; i < grades.Length; i++)
        {
            var column = i + 2;
            var raw = fields[column - 1];
            if (raw.Length == 0)
            {
                Report(Problem(AnnotationProblemKind.EmptyValue, line, column, raw, "The grade is empty. Expected a percentage from 0 to 100; fill it in, or remove the row if the video has no grades."));
            }
            else if (!TryParseGrade(raw, separator, out grades[i]))
            {
                var hint = separator == ';'
                    ? "Expected a percentage from 0 to 100 with a decimal point or comma, such as 12.5 or 12,5."
                    : "Expected a percentage from 0 to 100 with a decimal point, such as 12.5 (decimal commas need the ';' separator).";
                Report(Problem(AnnotationProblemKind.NotANumber, line, column, raw, "The grade is not a number. " + hint));
            }
            else if (grades[i] is < 0 or > 100)
            {
                Report(Problem(AnnotationProblemKind.OutOfRange, line, column, raw, "The grade is outside 0-100. Grades are percentages (not fractions or counts) from 0 to 100."));
            }
        }

        if (_problems.Count != problemsBefore)
        {
            return null;
        }

        var sum = grades[0] + grades[1] + grades[2] + grades[3];
        if (Math.Abs(sum - 100) > _options.SumTolerance)
        {
            Report(Problem(
                AnnotationProblemKind.SumOutOfTolerance,
                line,
                null,
                string.Join(separator, fields),
                string.Create(CultureInfo.InvariantCulture, $"a + b + c + d is {sum:0.###}, expected 100 ± {_options.SumTolerance:0.###}. Check the row, or raise {nameof(AnnotationOptions)}.{nameof(AnnotationOptions.SumTolerance)} if such sums are expected.")));
            return null;
        }

        if (firstLineOfId.TryGetValue(id, out var firstLine))
        {
            Report(Problem(AnnotationProblemKind.DuplicateVideoId, line, 1, id, string.Create(CultureInfo.InvariantCulture, $"The video ID is already on line {firstLine}. Each video has one row; remove or rename one of them.")));
            return null;
        }

        firstLineOfId.Add(id, line);
        return new MotilityRecord(id, grades[0], grades[1], grades[2], grades[3]);
    }

    private AnnotationProblem WrongFieldCount(CsvReader reader, int line, char separator)
    {
        var raw = Encoding.UTF8.GetString(reader.RawRecord).TrimEnd('\r', '\n');
        var hint = separator == ',' && reader.FieldCount is > FieldCount and <= 2 * FieldCount - 1
            ? " If the grades use decimal commas, the file must use ';' as separator."
            : string.Empty;
        var description = string.Create(CultureInfo.InvariantCulture, $"The row has {reader.FieldCount} field(s) separated by '{separator}'; expected 5: ID, a, b, c, d.{hint}");
        return Problem(AnnotationProblemKind.WrongFieldCount, line, null, raw, description);
    }

    private void OnMalformedRecord(CsvMalformedRecord malformed) => _malformed.Add(Problem(
        AnnotationProblemKind.MalformedRow,
        checked((int)malformed.LineNumber),
        null,
        malformed.RawRecord.TrimEnd('\r', '\n'),
        $"The row's quoting is broken ({malformed.Reason}). Quote a whole field (\"like this\") and double any quote inside it."));

    private void FlushMalformed()
    {
        foreach (var problem in _malformed)
        {
            Report(problem);
        }

        _malformed.Clear();
    }

    private AnnotationProblem Problem(AnnotationProblemKind kind, int line, int? column, string? raw, string description)
        => new(kind, _sourceName, line, column, raw, description);

    private void Report(AnnotationProblem problem)
    {
        _problems.Add(problem);
        if (Strict)
        {
            VisemQcThrow.FormatException(problem);
        }
    }

    private AnnotationReadResult Result(List<MotilityRecord> records, char separator, bool hadHeader, int rowsRead)
        => new(records, new AnnotationValidationReport(_sourceName, _problems.ToArray(), rowsRead), separator, hadHeader);

    private static bool IsBlankRow(CsvReader reader)
    {
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (!reader.IsEmpty(i))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksLikeHeader(CsvReader reader, char separator)
    {
        for (var i = 1; i < Math.Min(reader.FieldCount, FieldCount); i++)
        {
            if (TryParseGrade(reader.GetString(i), separator, out _))
            {
                return false;
            }
        }

        return reader.FieldCount > 1;
    }

    internal static bool IsValidVideoId(string id)
        => id is not ("." or "..")
           && id.AsSpan().IndexOfAny('/', '\\') < 0
           && !id.Any(char.IsControl);

    /// <summary><c>;</c> when the first non-blank line has one outside quotes, otherwise <c>,</c>.</summary>
    internal static char DetectSeparator(ReadOnlySpan<char> text)
    {
        var inQuotes = false;
        var lineHasContent = false;
        foreach (var c in text)
        {
            switch (c)
            {
                case '"':
                    inQuotes = !inQuotes;
                    lineHasContent = true;
                    break;
                case ';' when !inQuotes:
                    return ';';
                case '\n' when !inQuotes && lineHasContent:
                    return ',';
                default:
                    lineHasContent |= !char.IsWhiteSpace(c) && c != '\uFEFF';
                    break;
            }
        }

        return ',';
    }
}
