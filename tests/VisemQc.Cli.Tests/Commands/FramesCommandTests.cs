using System.Buffers.Binary;
using System.IO.Compression;
using VisemQc.Cli.Tests.TestSupport;
using VisemQc.Tests.TestSupport;

namespace VisemQc.Cli.Tests.Commands;

public sealed class FramesCommandTests
{
    [Trait(Requires.Key, Requires.Ffmpeg)]
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Frames_WritesPngsWhosePixelsAreTheLibrarysFrames(bool gray)
    {
        using var temp = new TempFolder();
        var zip = await Samples.BuiltInZipAsync(temp);
        await using var dataset = await VisemQcDataset.OpenAsync(zip, new VisemQcDatasetOptions { CacheDirectory = temp.Combine("cache") });
        var id = dataset.VideoIds[1];
        string[] args = ["frames", zip, id, "--start", "5", "--count", "3", "--stride", "7", "--size", "160x120", "-o", "out", .. gray ? new[] { "--gray" } : []];

        var outcome = await CliProcess.RunAsync(temp, args);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var options = new FrameReadOptions { StartFrame = 5, MaxFrames = 3, Stride = 7, Width = 160, Height = 120, PixelFormat = gray ? VideoPixelFormat.Gray8 : VideoPixelFormat.Rgb24 };
        var expected = new List<(int Index, byte[] Pixels)>();
        await foreach (var frame in dataset.ReadFramesAsync(id, options))
        {
            using (frame)
            {
                var rows = frame.ToArray();

                expected.Add((frame.Index, rows));
            }
        }

        Assert.Equal([5, 12, 19], expected.Select(e => e.Index));
        Assert.Equal(expected.Select(e => $"{id}-{e.Index:D5}.png"), Directory.GetFiles(temp.Combine("out")).Select(Path.GetFileName).Order());
        foreach (var (index, pixels) in expected)
        {
            var (width, height, colourType, decoded) = DecodePng(File.ReadAllBytes(temp.Combine("out", $"{id}-{index:D5}.png")));
            Assert.Equal((160, 120, gray ? 0 : 2), (width, height, colourType));
            Assert.True(pixels.AsSpan().SequenceEqual(decoded), $"The pixels of frame {index} differ from the library's.");
        }
    }

    [Fact]
    public async Task Frames_UnknownVideo_ExitsWith1_NamingTheVideo()
    {
        using var temp = new TempFolder();
        var zip = await Samples.BuiltInZipAsync(temp);

        var outcome = await CliProcess.RunAsync(temp, "frames", zip, "no-such-video", "-o", "out");

        Assert.True(outcome.ExitCode == 1, outcome.ToString());
        Assert.Contains("no-such-video", outcome.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("160")]
    [InlineData("0x120")]
    [InlineData("axb")]
    public async Task Frames_BadSize_ExitsWithUsageCode2(string size)
    {
        using var temp = new TempFolder();

        var outcome = await CliProcess.RunAsync(temp, "frames", "x.zip", "1", "--size", size, "-o", "out");

        Assert.True(outcome.ExitCode == 2, outcome.ToString());
        Assert.Contains("WIDTHxHEIGHT", outcome.Error, StringComparison.Ordinal);
    }

    /// <summary>Reads a PNG as the encoder writes it: 8-bit, filter type 0 on every row, checking each chunk's CRC.</summary>
    private static (int Width, int Height, int ColourType, byte[] Pixels) DecodePng(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0, colourType = -1;
        using var idat = new MemoryStream();
        for (int offset = 8; offset < png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(offset + 4, length + 4)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length)));
            if (type == "IHDR")
            {
                (width, height, colourType) = (BinaryPrimitives.ReadInt32BigEndian(data), BinaryPrimitives.ReadInt32BigEndian(data[4..]), data[9]);
                Assert.Equal(8, data[8]);
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        int rowBytes = width * (colourType == 0 ? 1 : 3);
        var pixels = new byte[rowBytes * height];
        for (int y = 0; y < height; y++)
        {
            Assert.Equal(0, raw[y * (rowBytes + 1)]);
            raw.AsSpan((y * (rowBytes + 1)) + 1, rowBytes).CopyTo(pixels.AsSpan(y * rowBytes));
        }

        return (width, height, colourType, pixels);
    }
}
