using System.Globalization;

namespace VisemQc.Benchmarks;

/// <summary>
/// CPU time used so far by this process (<see cref="Environment.CpuUsage"/>) and by its child processes that
/// have exited and been waited for (<c>cutime</c> + <c>cstime</c> of <c>/proc/self/stat</c>, Linux, in clock
/// ticks of 10 ms): around a decode, the second is ffmpeg's CPU time, the first the .NET side's. CPU time
/// moves much less than elapsed time on a shared machine, so it shows where time goes when elapsed times
/// are noisy.
/// </summary>
internal readonly record struct ProcessCpu(TimeSpan Self, TimeSpan Children)
{
    /// <summary>USER_HZ: the unit of <c>/proc</c>'s times, 100 on every Linux architecture .NET runs on.</summary>
    private const int TicksPerSecond = 100;

    public static ProcessCpu Snapshot()
    {
        var self = Environment.CpuUsage.TotalTime;
        if (!OperatingSystem.IsLinux())
        {
            return new ProcessCpu(self, TimeSpan.Zero);
        }

        // Fields after the command name, which is in parentheses and may hold spaces: state is field 3,
        // cutime and cstime are fields 16 and 17.
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[16 - 3], CultureInfo.InvariantCulture) + long.Parse(fields[17 - 3], CultureInfo.InvariantCulture);
        return new ProcessCpu(self, TimeSpan.FromSeconds((double)ticks / TicksPerSecond));
    }

    public ProcessCpu Since(ProcessCpu before) => new(Self - before.Self, Children - before.Children);
}
