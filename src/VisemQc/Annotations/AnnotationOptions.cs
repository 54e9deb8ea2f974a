using System.Globalization;

namespace VisemQc;

/// <summary>How annotation CSVs are read and validated. The defaults accept every dialect described in <c>docs/annotations.md</c>.</summary>
public sealed class AnnotationOptions
{
    /// <summary>How far a + b + c + d may be from 100, in percentage points.</summary>
    /// <value>
    /// Default 2.0: the labels are means over several laboratories, and four means rounded to whole
    /// percentages can miss 100 by up to 2. Use 0 to demand exact sums and
    /// <see cref="double.PositiveInfinity"/> to switch the check off.
    /// </value>
    public double SumTolerance { get; set; } = 2.0;

    /// <summary>Whether the first problem throws a <see cref="VisemQcFormatException"/> (<see cref="AnnotationValidation.Strict"/>) or every problem is collected into an <see cref="AnnotationValidationReport"/> (<see cref="AnnotationValidation.Lenient"/>).</summary>
    /// <value>Default <see cref="AnnotationValidation.Strict"/>.</value>
    public AnnotationValidation Validation { get; set; } = AnnotationValidation.Strict;

    /// <summary>The field separator, <c>,</c> or <c>;</c>, or <see langword="null"/> to detect it.</summary>
    /// <value>Default <see langword="null"/>: <c>;</c> when the first non-blank line has one (outside quotes), otherwise <c>,</c>.</value>
    public char? Separator { get; set; }

    /// <summary>Whether the first non-blank row is a header row, or <see langword="null"/> to detect it.</summary>
    /// <value>Default <see langword="null"/>: the first row is a header when none of its grade columns holds a number.</value>
    public bool? HasHeader { get; set; }

    /// <summary>Throws with the bad value when an option is out of range; every entry point calls it.</summary>
    /// <summary>A copy, kept by a dataset so that later changes to these options do not reach it.</summary>
    internal AnnotationOptions Clone() => (AnnotationOptions)MemberwiseClone();

    internal void Validate()
    {
        if (double.IsNaN(SumTolerance) || SumTolerance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(SumTolerance), SumTolerance, $"{nameof(SumTolerance)} is a number of percentage points >= 0 (or PositiveInfinity to switch the check off); got {SumTolerance.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (!Enum.IsDefined(Validation))
        {
            throw new ArgumentOutOfRangeException(nameof(Validation), Validation, $"{nameof(Validation)} is Strict or Lenient; got {Validation}.");
        }

        if (Separator is { } separator && separator is not (',' or ';'))
        {
            throw new ArgumentOutOfRangeException(nameof(Separator), Separator, $"{nameof(Separator)} is ',' or ';' (or null to detect it); got '{separator}'.");
        }
    }
}

/// <summary>What the CSV reader does with a problem.</summary>
public enum AnnotationValidation
{
    /// <summary>Throw a <see cref="VisemQcFormatException"/> at the first problem.</summary>
    Strict,

    /// <summary>Collect every problem into the <see cref="AnnotationValidationReport"/> and return the rows that pass every rule.</summary>
    Lenient,
}
