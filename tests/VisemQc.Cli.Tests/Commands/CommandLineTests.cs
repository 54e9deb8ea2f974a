using VisemQc.Cli.Tests.TestSupport;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.Commands;

/// <summary>What every command shares: help with an example, exit codes, one-line errors.</summary>
public sealed class CommandLineTests
{
    public static TheoryData<string> Commands => ["demo", "download", "verify", "info", "frames", "report", "sample"];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Help_EveryCommand_ShowsAnExample(string command)
    {
        using var temp = new TempFolder();
        var outcome = await CliProcess.RunAsync(temp, command, "--help");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains("Example", outcome.Out, StringComparison.Ordinal);
        Assert.Contains($"visemqc {command}", outcome.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_Root_ListsEveryCommand()
    {
        using var temp = new TempFolder();
        var outcome = await CliProcess.RunAsync(temp, "--help");

        Assert.Equal(0, outcome.ExitCode);
        foreach (var command in Commands)
        {
            Assert.Contains(command, outcome.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UnknownOption_ExitsWithUsageCode2_AndPointsToHelp()
    {
        using var temp = new TempFolder();
        var outcome = await CliProcess.RunAsync(temp, "info", "x.zip", "--no-such-option");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("--no-such-option", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("visemqc info --help", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OptionOutOfRange_ExitsWithUsageCode2_NamingTheValue()
    {
        using var temp = new TempFolder();
        var outcome = await CliProcess.RunAsync(temp, "download", "--url", "http://127.0.0.1:9/x.zip", "-o", temp.Combine("x.zip"), "--connections", "99");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("99", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("Connections", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DatasetProblem_ExitsWith1_OneLineWithoutStackTrace_AndTheTraceWithVerbose()
    {
        using var temp = new TempFolder();
        var folder = temp.Combine("bad");
        new DatasetBuilder().Add("visem-qc/visem-qc.csv", "ID,a,b,c,d\n623,12.5,30.25,20,abc\n").WriteFolder(folder);

        var plain = await CliProcess.RunAsync(temp, "info", folder);
        var verbose = await CliProcess.RunAsync(temp, "info", folder, "--verbose");

        Assert.True(plain.ExitCode == 1, plain.ToString());
        var line = Assert.Single(plain.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains("visem-qc.csv", line, StringComparison.Ordinal);
        Assert.Contains("abc", line, StringComparison.Ordinal);
        Assert.Equal(1, verbose.ExitCode);
        Assert.Contains("   at VisemQc.", verbose.Error, StringComparison.Ordinal);
    }
}
