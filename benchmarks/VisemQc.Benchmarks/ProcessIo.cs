using System.Globalization;
using System.Text;

namespace VisemQc.Benchmarks;

/// <summary>
/// The process's read counters from <c>/proc/self/io</c> (Linux): <c>rchar</c>, the bytes returned by
/// every <c>read</c>/<c>pread</c>-like call of every thread on any file (page cache hits included, so it
/// measures what was asked for, not what came from disk), and <c>syscr</c>, the number of such calls.
/// </summary>
internal readonly record struct ProcessIo(long ReadChars, long ReadCalls)
{
    /// <summary>Takes one snapshot with a single read of <c>/proc/self/io</c>; that read counts in the next snapshot.</summary>
    public static ProcessIo Snapshot()
    {
        using var handle = File.OpenHandle("/proc/self/io");
        Span<byte> buffer = stackalloc byte[1024];
        int length = RandomAccess.Read(handle, buffer, 0);
        long readChars = -1;
        long readCalls = -1;
        foreach (string line in Encoding.ASCII.GetString(buffer[..length]).Split('\n'))
        {
            if (line.Split(':', 2, StringSplitOptions.TrimEntries) is [var name, var value])
            {
                if (name == "rchar")
                {
                    readChars = long.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name == "syscr")
                {
                    readCalls = long.Parse(value, CultureInfo.InvariantCulture);
                }
            }
        }

        return readChars >= 0 && readCalls >= 0
            ? new ProcessIo(readChars, readCalls)
            : throw new InvalidOperationException("/proc/self/io has no rchar or syscr line.");
    }

    /// <summary>What was read between <paramref name="before"/> and this snapshot.</summary>
    public ProcessIo Since(ProcessIo before) => new(ReadChars - before.ReadChars, ReadCalls - before.ReadCalls);
}
