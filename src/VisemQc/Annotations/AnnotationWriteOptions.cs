namespace VisemQc;

/// <summary>How <see cref="AnnotationCsv"/> writes a CSV. Whatever the options, the reader reads the file back to equal records.</summary>
/// <remarks>The defaults: comma separated, decimal point, a header row, LF line endings, no byte order mark.</remarks>
public sealed class AnnotationWriteOptions
{
    /// <summary>The field separator, <c>,</c> or <c>;</c>.</summary>
    /// <value>Default <c>,</c>.</value>
    public char Separator { get; set; } = ',';

    /// <summary>Whether numbers use a decimal comma (<c>12,5</c>); only with <see cref="Separator"/> <c>;</c>.</summary>
    /// <value>Default <see langword="false"/>: a decimal point.</value>
    public bool DecimalComma { get; set; }

    /// <summary>The header row, or <see langword="null"/> for none. It needs exactly five names.</summary>
    /// <value>Default <c>ID, a, b, c, d</c>.</value>
    public IReadOnlyList<string>? Header { get; set; } = ["ID", "a", "b", "c", "d"];

    /// <summary>The line ending: <c>"\n"</c> or <c>"\r\n"</c>.</summary>
    /// <value>Default <c>"\n"</c>.</value>
    public string NewLine { get; set; } = "\n";

    /// <summary>Whether the file starts with a UTF-8 byte order mark, as Excel likes.</summary>
    /// <value>Default <see langword="false"/>.</value>
    public bool WriteByteOrderMark { get; set; }

    /// <summary>Throws with the bad value when an option is out of range; every entry point calls it.</summary>
    internal void Validate()
    {
        if (Separator is not (',' or ';'))
        {
            throw new ArgumentOutOfRangeException(nameof(Separator), Separator, $"{nameof(Separator)} is ',' or ';'; got '{Separator}'.");
        }

        if (DecimalComma && Separator != ';')
        {
            throw new ArgumentOutOfRangeException(nameof(DecimalComma), DecimalComma, $"A decimal comma needs the ';' separator, or every number would split in two; the separator is '{Separator}'.");
        }

        if (Header is { Count: not 5 })
        {
            throw new ArgumentOutOfRangeException(nameof(Header), Header.Count, $"{nameof(Header)} has five names (ID, a, b, c, d) or is null; got {Header.Count}.");
        }

        if (NewLine is not ("\n" or "\r\n"))
        {
            throw new ArgumentOutOfRangeException(nameof(NewLine), NewLine, $"{nameof(NewLine)} is \"\\n\" or \"\\r\\n\".");
        }
    }
}
