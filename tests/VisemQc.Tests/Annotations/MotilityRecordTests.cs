namespace VisemQc.Tests.Annotations;

public sealed class MotilityRecordTests
{
    [Fact]
    public void Progressive_And_Motile_AreSumsOfGrades()
    {
        var record = new MotilityRecord("623", 12.5, 30, 20.25, 37.25);

        Assert.Equal(42.5, record.Progressive);
        Assert.Equal(62.75, record.Motile);
        Assert.Equal(100, record.Total);
    }

    [Fact]
    public void Equals_SameIdAndGrades_AreEqual()
    {
        var a = new MotilityRecord("623", 12.5, 30, 20, 37.5);
        var b = new MotilityRecord("623", 12.5, 30, 20, 37.5);

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, new MotilityRecord("623", 12.5, 30, 20, 37.4));
        Assert.NotEqual(a, new MotilityRecord("923", 12.5, 30, 20, 37.5));
    }

    [Fact]
    public void ToString_ListsIdGradesAndProgressive()
    {
        var record = new MotilityRecord("623", 12.5, 30, 20, 37.5);

        Assert.Equal("623: a 12.5%, b 30%, c 20%, d 37.5% (a+b 42.5%)", record.ToString());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(100.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Constructor_GradeOutsidePercentRange_Throws(double grade)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MotilityRecord("1", 10, grade, 10, 10));
        Assert.Equal("SlowProgressive", error.ParamName);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData(" 623")]
    public void Constructor_BlankOrPaddedId_Throws(string id)
    {
        Assert.ThrowsAny<ArgumentException>(() => new MotilityRecord(id, 10, 20, 30, 40));
    }
}
