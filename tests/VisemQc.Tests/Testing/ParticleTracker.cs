namespace VisemQc.Tests.Testing;

/// <summary>
/// A deliberately simple sperm tracker, independent of the generator: it sees only decoded frames.
/// Heads are dark blobs (connected pixels below a threshold); blobs are linked frame to frame by
/// nearest neighbour; each track is graded by its straight-line speed over windows of about one turn of
/// an in-place swimmer, and its path speed. Shares are weighted by track length (particle-frames), so a
/// track broken by a collision does not count twice.
/// </summary>
public static class ParticleTracker
{
    private const int DarkThreshold = 110;
    private const int MinArea = 3;
    private const double LinkRadius = 8;

    /// <summary>The estimated shares of grades a, b, c and d, in percent.</summary>
    public static double[] EstimateGrades(IReadOnlyList<byte[]> frames, int width, double frameRate)
    {
        var tracks = Track(frames.Select(f => Detect(f, width)).ToList());
        var window = (int)Math.Round(frameRate / VisemQc.Testing.MotionModel.InPlaceTurnsPerSecond);
        var weights = new double[4];
        foreach (var track in tracks.Where(t => t.Count > window))
        {
            weights[Classify(track, window, frameRate)] += track.Count;
        }

        var total = weights.Sum();
        return weights.Select(w => total == 0 ? 0 : 100 * w / total).ToArray();
    }

    /// <summary>0 = a (fast, straight), 1 = b (slow, straight), 2 = c (moving in place), 3 = d (still).</summary>
    public static int Classify(List<(double X, double Y)> track, int window, double frameRate)
    {
        var straight = Enumerable.Range(0, track.Count - window)
            .Average(t => Distance(track[t], track[t + window])) * frameRate / window;
        var path = Enumerable.Range(0, track.Count - 1)
            .Average(t => Distance(track[t], track[t + 1])) * frameRate;
        return straight switch
        {
            > 45 => 0,
            > 8 => 1,
            _ => path > 12 ? 2 : 3,
        };
    }

    private static List<(double X, double Y)> Detect(byte[] frame, int width)
    {
        var seen = new bool[frame.Length];
        var blobs = new List<(double X, double Y)>();
        var stack = new Stack<int>();
        for (var start = 0; start < frame.Length; start++)
        {
            if (seen[start] || frame[start] >= DarkThreshold)
            {
                continue;
            }

            long sumX = 0, sumY = 0;
            var area = 0;
            stack.Push(start);
            seen[start] = true;
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int x = p % width, y = p / width;
                sumX += x;
                sumY += y;
                area++;
                foreach (var q in (ReadOnlySpan<int>)[p - 1, p + 1, p - width, p + width])
                {
                    if (q < 0 || q >= frame.Length || seen[q] || frame[q] >= DarkThreshold || (Math.Abs((q % width) - x) > 1))
                    {
                        continue;
                    }

                    seen[q] = true;
                    stack.Push(q);
                }
            }

            if (area >= MinArea)
            {
                blobs.Add(((double)sumX / area, (double)sumY / area));
            }
        }

        return blobs;
    }

    private static List<List<(double X, double Y)>> Track(List<List<(double X, double Y)>> detections)
    {
        var finished = new List<List<(double X, double Y)>>();
        var alive = detections[0].Select(d => new List<(double X, double Y)> { d }).ToList();
        for (var t = 1; t < detections.Count; t++)
        {
            var next = detections[t];
            var pairs = new List<(double Distance, int Track, int Detection)>();
            for (var i = 0; i < alive.Count; i++)
            {
                for (var j = 0; j < next.Count; j++)
                {
                    var d = Distance(alive[i][^1], next[j]);
                    if (d <= LinkRadius)
                    {
                        pairs.Add((d, i, j));
                    }
                }
            }

            var trackTaken = new bool[alive.Count];
            var detectionTaken = new bool[next.Count];
            foreach (var (_, i, j) in pairs.OrderBy(p => p.Distance))
            {
                if (!trackTaken[i] && !detectionTaken[j])
                {
                    trackTaken[i] = detectionTaken[j] = true;
                    alive[i].Add(next[j]);
                }
            }

            var continuing = new List<List<(double X, double Y)>>();
            for (var i = 0; i < alive.Count; i++)
            {
                (trackTaken[i] ? continuing : finished).Add(alive[i]);
            }

            for (var j = 0; j < next.Count; j++)
            {
                if (!detectionTaken[j])
                {
                    continuing.Add([next[j]]);
                }
            }

            alive = continuing;
        }

        finished.AddRange(alive);
        return finished;
    }

    private static double Distance((double X, double Y) a, (double X, double Y) b)
        => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));
}
