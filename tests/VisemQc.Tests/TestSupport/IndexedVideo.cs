using System.Diagnostics;

namespace VisemQc.Tests.TestSupport;

/// <summary>
/// Test videos whose frames encode their own index: a 4 x 3 grid of large black or white cells, one bit
/// each (12 bits, up to 4095 frames), which survives any codec. Reading a decoded frame's cells gives the
/// index of the frame it really is, so a test can prove that frame N is the N-th frame.
/// </summary>
public static class IndexedVideo
{
    public const int Columns = 4;
    public const int Rows = 3;

    /// <summary>
    /// Encodes frames 0..count-1 with ffmpeg, the raw frames written to its standard input. The output
    /// path's extension picks the container (.mkv, .avi, .mp4); codecArguments are ffmpeg codec options,
    /// such as <c>-c:v libx264 -bf 3 -g 12</c>.
    /// </summary>
    public static byte[] Create(string path, int count, string codecArguments, int width = 160, int height = 96, int fps = 25)
    {
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in $"-v error -y -f rawvideo -pix_fmt gray -s {width}x{height} -r {fps} -i - {codecArguments} -pix_fmt yuv420p {path}".Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var frame = new byte[width * height];
        for (var index = 0; index < count; index++)
        {
            Draw(frame, width, height, index);
            process.StandardInput.BaseStream.Write(frame);
        }

        process.StandardInput.Close();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg could not encode {path}: {error.Result}");
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>Reads the index a decoded gray (or RGB) frame shows.</summary>
    public static int ReadIndex(VideoFrame frame)
    {
        var pixels = frame.Pixels;
        var index = 0;
        for (var bit = 0; bit < Columns * Rows; bit++)
        {
            var (x0, y0, x1, y1) = Cell(bit, frame.Width, frame.Height);
            long sum = 0;
            var n = 0;
            for (var y = y0 + ((y1 - y0) / 4); y < y1 - ((y1 - y0) / 4); y++)
            {
                for (var x = x0 + ((x1 - x0) / 4); x < x1 - ((x1 - x0) / 4); x++)
                {
                    sum += pixels[(y * frame.RowStride) + (x * frame.BytesPerPixel)];
                    n++;
                }
            }

            if (sum / n > 128)
            {
                index |= 1 << bit;
            }
        }

        return index;
    }

    private static void Draw(byte[] frame, int width, int height, int index)
    {
        for (var bit = 0; bit < Columns * Rows; bit++)
        {
            var (x0, y0, x1, y1) = Cell(bit, width, height);
            var value = (index & (1 << bit)) != 0 ? (byte)235 : (byte)16;
            for (var y = y0; y < y1; y++)
            {
                frame.AsSpan((y * width) + x0, x1 - x0).Fill(value);
            }
        }
    }

    private static (int X0, int Y0, int X1, int Y1) Cell(int bit, int width, int height)
    {
        var column = bit % Columns;
        var row = bit / Columns;
        return (column * width / Columns, row * height / Rows, (column + 1) * width / Columns, (row + 1) * height / Rows);
    }
}
