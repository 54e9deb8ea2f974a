using System.Text;

namespace VisemQc.Tests.Annotations;

public sealed class AnnotationCsvTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("visemqc-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly MotilityRecord[] Expected =
    [
        new("623", 12.5, 30.25, 20, 37.25),
        new("923", 0, 5.5, 4.5, 90),
        new("17", 33.3, 33.3, 33.4, 0),
    ];

    [Theory]
    [InlineData("ID,a,b,c,d\n623,12.5,30.25,20,37.25\n923,0,5.5,4.5,90\n17,33.3,33.3,33.4,0\n", ',', true)]
    [InlineData("623,12.5,30.25,20,37.25\n923,0,5.5,4.5,90\n17,33.3,33.3,33.4,0", ',', false)]
    [InlineData("\uFEFFID;Rapid (%);Slow (%);Non (%);Immotile (%)\r\n623;12,5;30,25;20;37,25\r\n923;0;5,5;4,5;90\r\n17;33,3;33,3;33,4;0\r\n", ';', true)]
    [InlineData("623;12.5;30.25;20;37.25\n923;0;5.5;4.5;90\n17;33.3;33.3;33.4;0\n", ';', false)]
    [InlineData("  ID , a , b , c , d \n\n 623 , 12.5 , 30.25 ,20, 37.25\n\"923\",\"0\",5.5,4.5,90 \n17,33.3%,33.3%,33.4%,0%\n\n\n  \n", ',', true)]
    [InlineData("id;a;b;c;d\n623;12,5;30.25;20;37,25\n;;;;\n923;0;5,5;4,5;90\n17;33,3;33,3;33,4;0\n;;;;\n", ';', true)]
    public void Parse_AcceptedDialects_ReadsSameRecords(string text, char separator, bool hadHeader)
    {
        var result = AnnotationCsv.Parse(text);

        Assert.Equal(Expected, result.Records);
        Assert.Equal(separator, result.Separator);
        Assert.Equal(hadHeader, result.HadHeader);
        Assert.True(result.Report.IsValid);
        Assert.Equal(3, result.Report.RowsRead);
    }

    [Fact]
    public void Read_Utf16WithByteOrderMark_ReadsRecords()
    {
        var path = Path.Combine(_folder, "utf16.csv");
        File.WriteAllText(path, "ID;a;b;c;d\r\n623;12,5;30,25;20;37,25\r\n", new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        var result = AnnotationCsv.Read(path);

        Assert.Equal([Expected[0]], result.Records);
    }

    public static TheoryData<string, AnnotationProblemKind, int, int?, string?> Defects => new()
    {
        { "ID,a,b,c,d\n623,12.5,30.25,20\n", AnnotationProblemKind.WrongFieldCount, 2, null, "623,12.5,30.25,20" },
        { "ID,a,b,c,d\n623,12,5,30,25,20,37,25\n", AnnotationProblemKind.WrongFieldCount, 2, null, "623,12,5,30,25,20,37,25" },
        { "ID,a,b,c,d\n1,10,20,30,40\n623,12.5,,20,37.25\n", AnnotationProblemKind.EmptyValue, 3, 3, "" },
        { "ID,a,b,c,d\n,12.5,30.25,20,37.25\n", AnnotationProblemKind.EmptyValue, 2, 1, "" },
        { "ID,a,b,c,d\n623,12.5,30.25,twenty,37.25\n", AnnotationProblemKind.NotANumber, 2, 4, "twenty" },
        { "ID,a,b,c,d\n623,1e400,30,20,37\n", AnnotationProblemKind.NotANumber, 2, 2, "1e400" },
        { "ID;a;b;c;d\n623;12,5;30.2,5;20;37\n", AnnotationProblemKind.NotANumber, 2, 3, "30.2,5" },
        { "ID,a,b,c,d\n623,0.125,0.3,0.2,0.375\n", AnnotationProblemKind.SumOutOfTolerance, 2, null, "623,0.125,0.3,0.2,0.375" },
        { "ID,a,b,c,d\n623,-5,30,20,55\n", AnnotationProblemKind.OutOfRange, 2, 2, "-5" },
        { "ID,a,b,c,d\n623,12.5,130,20,37.5\n", AnnotationProblemKind.OutOfRange, 2, 3, "130" },
        { "ID,a,b,c,d\n623,10,20,30,45\n", AnnotationProblemKind.SumOutOfTolerance, 2, null, "623,10,20,30,45" },
        { "ID,a,b,c,d\n623,10,20,30,40\n\n923,1,1,1,97\n623,10,20,30,40\n", AnnotationProblemKind.DuplicateVideoId, 5, 1, "623" },
        { "ID,a,b,c,d\n../623,10,20,30,40\n", AnnotationProblemKind.InvalidVideoId, 2, 1, "../623" },
        { "ID,a,b,c,d\n", AnnotationProblemKind.NoRecords, 0, null, null },
        { "", AnnotationProblemKind.NoRecords, 0, null, null },
        { "ID,a,b,c,d\n623,\"10\"x,20,30,40\n", AnnotationProblemKind.MalformedRow, 2, null, "623,\"10\"x,20,30,40" },
    };

    [Theory]
    [MemberData(nameof(Defects))]
    public void Read_Defect_ThrowsFormatExceptionWithFileLineColumnAndValue(string text, AnnotationProblemKind kind, int line, int? column, string? raw)
    {
        var path = Path.Combine(_folder, "annotations.csv");
        File.WriteAllText(path, text);

        var error = Assert.Throws<VisemQcFormatException>(() => AnnotationCsv.Read(path));

        Assert.Equal(kind, error.Kind);
        Assert.Equal(path, error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.Equal(column, error.Column);
        Assert.Equal(raw, error.RawValue);
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        Assert.IsType<VisemQcException>(error, exactMatch: false);
    }

    [Fact]
    public void Read_InvalidUtf8_ThrowsWithLineOfBadByte()
    {
        var path = Path.Combine(_folder, "latin1.csv");
        File.WriteAllBytes(path, [.. "ID,a,b,c,d\n623,10,20,30,40\nM"u8, 0xFC, .. "ller,10,20,30,40\n"u8]);

        var error = Assert.Throws<VisemQcFormatException>(() => AnnotationCsv.Read(path));

        Assert.Equal(AnnotationProblemKind.InvalidEncoding, error.Kind);
        Assert.Equal(3, error.Line);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongFieldCountWithCommas_MessageSuggestsSemicolon()
    {
        var error = Assert.Throws<VisemQcFormatException>(() => AnnotationCsv.Parse("623,12,5,30,25,20,37,25\n", "x.csv"));

        Assert.Contains("';' as separator", error.Message, StringComparison.Ordinal);
        Assert.Equal("x.csv: line 1: The row has 8 field(s) separated by ','; expected 5: ID, a, b, c, d. If the grades use decimal commas, the file must use ';' as separator. Found '623,12,5,30,25,20,37,25'.", error.Message);
    }

    [Fact]
    public void Read_BadGrade_MessageNamesColumnAndWhatToDo()
    {
        var error = Assert.Throws<VisemQcFormatException>(() => AnnotationCsv.Parse("ID,a,b,c,d\n623,12.5,30.25,twenty,37.25\n", "visem-qc.csv"));

        Assert.Equal(
            "visem-qc.csv: line 2, column 4 (c, non-progressive): The grade is not a number. Expected a percentage from 0 to 100 with a decimal point, such as 12.5 (decimal commas need the ';' separator). Found 'twenty'.",
            error.Message);
    }

    [Fact]
    public void Read_Lenient_CollectsEveryProblemAndKeepsValidRows()
    {
        const string Text = "ID,a,b,c,d\n623,12.5,30.25,20,37.25\n1,x,20,y,40\n2,10,20,30\n923,0,5.5,4.5,90\n623,1,1,1,97\n3,50,50,50,50\n";

        var result = AnnotationCsv.Parse(Text, "lenient.csv", new AnnotationOptions { Validation = AnnotationValidation.Lenient });

        Assert.Equal(["623", "923"], result.Records.Select(r => r.VideoId));
        Assert.False(result.Report.IsValid);
        Assert.Equal(6, result.Report.RowsRead);
        Assert.Equal(
            [
                (AnnotationProblemKind.NotANumber, 3, (int?)2),
                (AnnotationProblemKind.NotANumber, 3, 4),
                (AnnotationProblemKind.WrongFieldCount, 4, null),
                (AnnotationProblemKind.DuplicateVideoId, 6, 1),
                (AnnotationProblemKind.SumOutOfTolerance, 7, null),
            ],
            result.Report.Problems.Select(p => (p.Kind, p.Line, p.Column)));
        Assert.Contains("lenient.csv: 6 rows, 5 problem(s):", result.Report.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.5, true)]
    [InlineData(double.PositiveInfinity, true)]
    public void Read_SumTolerance_IsConfigurable(double tolerance, bool accepted)
    {
        const string Text = "623,10,20,30,40.4\n";
        var options = new AnnotationOptions { SumTolerance = tolerance };

        if (accepted)
        {
            Assert.Single(AnnotationCsv.Parse(Text, options: options).Records);
        }
        else
        {
            Assert.Equal(AnnotationProblemKind.SumOutOfTolerance, Assert.Throws<VisemQcFormatException>(() => AnnotationCsv.Parse(Text, options: options)).Kind);
        }
    }

    [Fact]
    public void Read_ExplicitHeaderFalse_TreatsFirstRowAsData()
    {
        var error = Assert.Throws<VisemQcFormatException>(() => AnnotationCsv.Parse("ID,a,b,c,d\n1,10,20,30,40\n", options: new AnnotationOptions { HasHeader = false }));

        Assert.Equal(AnnotationProblemKind.NotANumber, error.Kind);
        Assert.Equal(1, error.Line);
    }

    public static TheoryData<AnnotationWriteOptions> Dialects => new()
    {
        new AnnotationWriteOptions(),
        new AnnotationWriteOptions { Separator = ';', DecimalComma = true, WriteByteOrderMark = true, NewLine = "\r\n" },
        new AnnotationWriteOptions { Separator = ';', Header = null },
        new AnnotationWriteOptions { Header = ["video", "rapid", "slow", "non-progressive", "immotile"] },
    };

    [Theory]
    [MemberData(nameof(Dialects))]
    public async Task WriteThenRead_AnyDialect_ReadsBackEqualRecords(AnnotationWriteOptions dialect)
    {
        var random = new Random(20261126);
        var records = Enumerable.Range(0, 65).Select(i => RandomRecord(random, i)).ToList();
        records.Add(new MotilityRecord("id with, comma; and \"quote\"", 100, 0, 0, 0));
        records.Add(new MotilityRecord("=cmd", 1e-7, 0.1 + 0.2, 0, 99.7));
        var path = Path.Combine(_folder, "roundtrip.csv");

        await AnnotationCsv.WriteAsync(path, records, dialect);
        var result = await AnnotationCsv.ReadAsync(path);

        Assert.Equal(records, result.Records);
        Assert.Equal(dialect.Separator, result.Separator);
        Assert.Equal(dialect.Header is not null, result.HadHeader);
    }

    [Fact]
    public void Write_DuplicateIds_Throws()
    {
        MotilityRecord[] records = [new("1", 10, 20, 30, 40), new("1", 10, 20, 30, 40)];

        Assert.Throws<ArgumentException>(() => AnnotationCsv.Format(records));
    }

    [Fact]
    public void Options_BadValues_ThrowNamingThem()
    {
        var records = new[] { new MotilityRecord("1", 10, 20, 30, 40) };
        Assert.Contains("got -1", Assert.Throws<ArgumentOutOfRangeException>(() => AnnotationCsv.Parse("1,10,20,30,40\n", options: new AnnotationOptions { SumTolerance = -1 })).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => AnnotationCsv.Parse("1,10,20,30,40\n", options: new AnnotationOptions { Separator = '\t' }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnnotationCsv.Format(records, new AnnotationWriteOptions { DecimalComma = true }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AnnotationCsv.Format(records, new AnnotationWriteOptions { Header = ["a"] }));
    }

    private static MotilityRecord RandomRecord(Random random, int index)
    {
        // Four random parts of 100 with two decimals, as means over labs would be.
        var cuts = Enumerable.Range(0, 3).Select(_ => Math.Round(random.NextDouble() * 100, 2)).Order().ToArray();
        return new MotilityRecord(
            (100 + (index * 13)).ToString(System.Globalization.CultureInfo.InvariantCulture),
            cuts[0],
            Math.Round(cuts[1] - cuts[0], 2),
            Math.Round(cuts[2] - cuts[1], 2),
            Math.Round(100 - cuts[2], 2));
    }
}
