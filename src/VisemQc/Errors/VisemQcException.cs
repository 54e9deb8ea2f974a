namespace VisemQc;

/// <summary>
/// The root of the exceptions VisemQc throws on purpose, except the two whose meaning a BCL type already
/// has: <see cref="VisemQcVideoNotFoundException"/> is a <see cref="KeyNotFoundException"/> and
/// <see cref="VisemQcDiskSpaceException"/> an <see cref="IOException"/>, so that generic handlers catch them.
/// </summary>
/// <remarks>
/// Each subclass carries the data needed to act on the problem (file, line and column of a bad CSV
/// value, the archive and entry of a corrupt video, the video ID that was not found), and its
/// <see cref="Exception.Message"/> says what was expected, what was found and what to do next.
/// </remarks>
public class VisemQcException : Exception
{
    /// <summary>Creates the exception with a message and, optionally, the exception that caused it.</summary>
    /// <param name="message">What was expected, what was found and what to do.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    public VisemQcException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
