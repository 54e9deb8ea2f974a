using System.Diagnostics.CodeAnalysis;

namespace VisemQc;

internal static partial class VisemQcThrow
{
    [DoesNotReturn]
    public static void FormatException(AnnotationProblem problem) => throw new VisemQcFormatException(problem);
}
