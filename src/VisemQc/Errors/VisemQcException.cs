namespace VisemQc;

/// <summary>
/// The root of every exception VisemQc throws on purpose: catch this type to handle any problem
/// with the dataset, its files or its annotations.
/// </summary>
/// <remarks>
/// Each subclass carries the data needed to act on the problem (file, line and column of a bad CSV
/// value, the archive and entry of a corrupt video, the video ID that was not found), and its
/// <see cref="Exception.Message"/> says what was expected, what was found and what to do next.
/// </remarks>
public abstract class VisemQcException : Exception
{
    /// <summary>Creates the exception with a message and, optionally, the exception that caused it.</summary>
    /// <param name="message">What was expected, what was found and what to do.</param>
    /// <param name="innerException">The underlying cause, or <see langword="null"/>.</param>
    protected VisemQcException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
