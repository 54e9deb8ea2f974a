using VisemQc.Video;

namespace VisemQc.Testing;

/// <summary>
/// Draws one synthetic microscopy video frame by frame (8-bit gray): a bright, uneven, slightly noisy
/// background with a vignette, and dark sperm heads with fainter tails that move as their grade says
/// (<see cref="MotionModel"/>). Particles bounce off the edges so that every one stays in view.
/// </summary>
internal sealed class SyntheticVideoRenderer
{
    private const byte HeadValue = 55;
    private const byte TailValue = 120;

    private readonly int _width;
    private readonly int _height;
    private readonly int _frameRate;
    private readonly byte[] _background;
    private readonly Particle[] _particles;
    private SplitMix64 _noise;

    public SyntheticVideoRenderer(MotilityRecord record, int width, int height, int frameRate, int particleCount, ulong seed)
    {
        _width = width;
        _height = height;
        _frameRate = frameRate;
        var random = new SplitMix64(seed);
        _background = Background(width, height, ref random);
        _particles = Place(GradeCounts(record, particleCount), width, height, ref random);
        _noise = new SplitMix64(random.Next());
    }

    /// <summary>How many particles of each grade (a, b, c, d) a record gets: largest remainders of its proportions.</summary>
    public static int[] GradeCounts(MotilityRecord record, int particleCount)
    {
        double[] shares = [record.RapidProgressive, record.SlowProgressive, record.NonProgressive, record.Immotile];
        var total = shares.Sum();
        var exact = shares.Select(s => total > 0 ? s / total * particleCount : 0).ToArray();
        var counts = exact.Select(e => (int)Math.Floor(e)).ToArray();
        foreach (var grade in Enumerable.Range(0, 4).OrderByDescending(g => exact[g] - counts[g]).ThenBy(g => g).Take(particleCount - counts.Sum()))
        {
            counts[grade]++;
        }

        return counts;
    }

    /// <summary>Draws the next frame into <paramref name="frame"/> (width × height bytes) and moves the particles.</summary>
    public void Render(Span<byte> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            // Sensor noise of ±3 grey levels.
            var value = _background[i] + (int)(_noise.Next() % 7) - 3;
            frame[i] = (byte)Math.Clamp(value, 0, 255);
        }

        foreach (var particle in _particles)
        {
            DrawTail(frame, particle);
        }

        foreach (var particle in _particles)
        {
            DrawHead(frame, particle.X, particle.Y);
        }

        for (var i = 0; i < _particles.Length; i++)
        {
            _particles[i] = Move(_particles[i]);
        }
    }

    private Particle Move(Particle p)
    {
        var dt = 1.0 / _frameRate;
        switch (p.Grade)
        {
            case 0:
            case 1:
                var speed = p.Grade == 0 ? MotionModel.RapidSpeed : MotionModel.SlowSpeed;
                var heading = p.Heading + (p.Turn * dt);
                var x = p.X + (Math.Cos(heading) * speed * dt);
                var y = p.Y + (Math.Sin(heading) * speed * dt);
                if (x < Margin || x > _width - Margin)
                {
                    heading = Math.PI - heading;
                    x = Math.Clamp(x, Margin, _width - Margin);
                }

                if (y < Margin || y > _height - Margin)
                {
                    heading = -heading;
                    y = Math.Clamp(y, Margin, _height - Margin);
                }

                return p with { X = x, Y = y, Heading = heading };
            case 2:
                var angle = p.Phase + (2 * Math.PI * MotionModel.InPlaceTurnsPerSecond * dt);
                return p with
                {
                    Phase = angle,
                    X = p.CenterX + (MotionModel.InPlaceRadius * Math.Cos(angle)),
                    Y = p.CenterY + (MotionModel.InPlaceRadius * Math.Sin(angle)),
                    Heading = angle + (Math.PI / 2),
                };
            default:
                return p;
        }
    }

    private const double Margin = 6;

    private void DrawHead(Span<byte> frame, double cx, double cy)
    {
        // An ellipse of about 5 x 4 pixels, darkest in the middle.
        for (var y = (int)Math.Floor(cy - 2.5); y <= (int)Math.Ceiling(cy + 2.5); y++)
        {
            for (var x = (int)Math.Floor(cx - 3); x <= (int)Math.Ceiling(cx + 3); x++)
            {
                if ((uint)x >= (uint)_width || (uint)y >= (uint)_height)
                {
                    continue;
                }

                var dx = (x - cx) / 2.6;
                var dy = (y - cy) / 2.1;
                var d = (dx * dx) + (dy * dy);
                if (d <= 1)
                {
                    var index = (y * _width) + x;
                    frame[index] = (byte)Math.Min(frame[index], HeadValue + (int)(d * 40));
                }
            }
        }
    }

    private void DrawTail(Span<byte> frame, Particle p)
    {
        for (var step = 4; step <= 12; step++)
        {
            var wave = Math.Sin((step * 0.9) + (p.Phase * 3)) * 1.2;
            var x = (int)Math.Round(p.X - (Math.Cos(p.Heading) * step) - (Math.Sin(p.Heading) * wave));
            var y = (int)Math.Round(p.Y - (Math.Sin(p.Heading) * step) + (Math.Cos(p.Heading) * wave));
            if ((uint)x < (uint)_width && (uint)y < (uint)_height)
            {
                var index = (y * _width) + x;
                frame[index] = (byte)Math.Min(frame[index], TailValue);
            }
        }
    }

    private static byte[] Background(int width, int height, ref SplitMix64 random)
    {
        // Smooth unevenness from a coarse random grid, bilinearly interpolated, plus a vignette.
        const int Cell = 32;
        var gridWidth = (width / Cell) + 2;
        var gridHeight = (height / Cell) + 2;
        var grid = new double[gridWidth * gridHeight];
        for (var i = 0; i < grid.Length; i++)
        {
            grid[i] = (random.Next() % 25) - 12.0;
        }

        var background = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var gx = (double)x / Cell;
                var gy = (double)y / Cell;
                int x0 = (int)gx, y0 = (int)gy;
                double fx = gx - x0, fy = gy - y0;
                var smooth = (grid[(y0 * gridWidth) + x0] * (1 - fx) * (1 - fy))
                             + (grid[(y0 * gridWidth) + x0 + 1] * fx * (1 - fy))
                             + (grid[((y0 + 1) * gridWidth) + x0] * (1 - fx) * fy)
                             + (grid[((y0 + 1) * gridWidth) + x0 + 1] * fx * fy);
                var nx = ((2.0 * x) / width) - 1;
                var ny = ((2.0 * y) / height) - 1;
                var vignette = 18 * ((nx * nx) + (ny * ny));
                background[(y * width) + x] = (byte)Math.Clamp(182 + smooth - vignette, 0, 255);
            }
        }

        return background;
    }

    private static Particle[] Place(int[] counts, int width, int height, ref SplitMix64 random)
    {
        // Spread the particles out: each at least 14 pixels from the others when there is room.
        var particles = new List<Particle>();
        for (var grade = 0; grade < counts.Length; grade++)
        {
            for (var n = 0; n < counts[grade]; n++)
            {
                double x = 0, y = 0;
                for (var attempt = 0; attempt < 200; attempt++)
                {
                    x = Margin + 4 + (random.NextInt(1000) / 1000.0 * (width - (2 * Margin) - 8));
                    y = Margin + 4 + (random.NextInt(1000) / 1000.0 * (height - (2 * Margin) - 8));
                    var (px, py) = (x, y);
                    if (particles.All(p => Math.Abs(p.X - px) + Math.Abs(p.Y - py) > 14))
                    {
                        break;
                    }
                }

                var heading = random.NextInt(3600) / 3600.0 * 2 * Math.PI;
                var turn = ((random.NextInt(1000) / 1000.0) - 0.5) * 0.6;
                var phase = random.NextInt(3600) / 3600.0 * 2 * Math.PI;
                particles.Add(new Particle(grade, x, y, heading, turn, phase, x - (MotionModel.InPlaceRadius * Math.Cos(phase)), y - (MotionModel.InPlaceRadius * Math.Sin(phase))));
            }
        }

        return [.. particles];
    }

    private readonly record struct Particle(int Grade, double X, double Y, double Heading, double Turn, double Phase, double CenterX, double CenterY);
}
