using VisemQc.Archive;

namespace VisemQc.Tests.Archive;

public sealed class ZipEntryNameTests
{
    [Theory]
    [InlineData("visem-qc/videos/623.mkv")]
    [InlineData("visem-qc/")]
    [InlineData("visem-qc/videos/")]
    [InlineData("623.mkv")]
    [InlineData("visem-qc/semen_analysis_data.csv")]
    [InlineData("a/.hidden")]
    [InlineData("a/b..c")]
    [InlineData("notes-é.txt")]
    public void IsSafe_RelativePath_ReturnsTrue(string name)
    {
        Assert.True(ZipEntryName.IsSafe(name));
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    [InlineData("..")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x")]
    [InlineData("C:x")]
    [InlineData("a/b:stream")]
    [InlineData("a\\b")]
    [InlineData("..\\x")]
    [InlineData("a//b")]
    [InlineData("a//")]
    [InlineData("./a")]
    [InlineData("a/./b")]
    [InlineData("a/.../b")]
    [InlineData("a/.. /b")]
    [InlineData("a/\0b")]
    [InlineData("a/b\n")]
    [InlineData("a/\u0085b")]
    public void IsSafe_NameThatCouldEscapeOrMislead_ReturnsFalse(string name)
    {
        Assert.False(ZipEntryName.IsSafe(name));
    }

    [Fact]
    public void IsSafe_Null_ThrowsArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => ZipEntryName.IsSafe(null!));
    }
}
