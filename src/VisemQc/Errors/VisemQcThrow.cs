using System.Diagnostics;

namespace VisemQc;

/// <summary>
/// Throw helpers, one per reason, named <c>ExceptionType_Reason</c>. Keeping the message text here
/// keeps the call sites short and the messages consistent. Split into partial files by concern.
/// </summary>
[StackTraceHidden]
internal static partial class VisemQcThrow
{
}
