using System.Globalization;

namespace VisemQc.Cli.Terminal;

/// <summary>Sizes, speeds and durations as people read them (decimal units, like curl and the download page).</summary>
internal static class Units
{
    private static readonly string[] ByteUnits = ["B", "kB", "MB", "GB", "TB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1000 && unit < ByteUnits.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {ByteUnits[unit]}");
    }

    public static string Speed(double bytesPerSecond) => $"{Bytes((long)bytesPerSecond)}/s";

    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0.0}s"),
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{duration.TotalSeconds:0}s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}h{duration.Minutes:00}m"),
    };

    public static string Percent(double value) => string.Create(CultureInfo.InvariantCulture, $"{value:0.0#}");
}
