namespace VisemQc.Download;

/// <summary>A run of blocks [<see cref="Next"/>, <see cref="End"/>) that one connection downloads in order.</summary>
internal sealed class SegmentRun(int start, int end)
{
    public int Start { get; } = start;

    /// <summary>The block being received (every block before it has been received).</summary>
    public int Next { get; set; } = start;

    /// <summary>The block after the last one; lowered when an idle connection takes over the second half.</summary>
    public int End { get; set; } = end;
}

/// <summary>
/// Hands runs of missing blocks to connections. When the queue is empty, an idle connection takes
/// the second half of the largest run still in progress, so all connections finish together.
/// </summary>
internal sealed class SegmentScheduler
{
    private readonly Lock _lock = new();
    private readonly Queue<SegmentRun> _pending;
    private readonly List<SegmentRun> _active = [];

    public SegmentScheduler(IEnumerable<(int Start, int End)> runs) => _pending = new(runs.Select(r => new SegmentRun(r.Start, r.End)));

    public int PendingCount
    {
        get
        {
            lock (_lock)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Splits runs, largest first, until there are at least <paramref name="count"/> (runs of one block are not split).</summary>
    public static List<(int Start, int End)> Split(IReadOnlyList<(int Start, int End)> runs, int count)
    {
        var result = runs.ToList();
        while (result.Count < count)
        {
            int largest = 0;
            for (int i = 1; i < result.Count; i++)
            {
                if (result[i].End - result[i].Start > result[largest].End - result[largest].Start)
                {
                    largest = i;
                }
            }

            var (start, end) = result[largest];
            if (end - start < 2)
            {
                break;
            }

            int middle = start + ((end - start) / 2);
            result[largest] = (start, middle);
            result.Insert(largest + 1, (middle, end));
        }

        return result;
    }

    public bool TryTake(out SegmentRun run)
    {
        lock (_lock)
        {
            if (_pending.TryDequeue(out var next))
            {
                _active.Add(next);
                run = next;
                return true;
            }

            SegmentRun? victim = null;
            foreach (var candidate in _active)
            {
                if (candidate.End - candidate.Next >= 2 && (victim is null || candidate.End - candidate.Next > victim.End - victim.Next))
                {
                    victim = candidate;
                }
            }

            if (victim is null)
            {
                run = null!;
                return false;
            }

            int middle = victim.Next + ((victim.End - victim.Next) / 2);
            run = new SegmentRun(middle, victim.End);
            victim.End = middle;
            _active.Add(run);
            return true;
        }
    }

    /// <summary>Whether <paramref name="block"/> still belongs to <paramref name="run"/> (its tail may have been taken over).</summary>
    public bool Owns(SegmentRun run, int block)
    {
        lock (_lock)
        {
            return block < run.End;
        }
    }

    public int EndOf(SegmentRun run)
    {
        lock (_lock)
        {
            return run.End;
        }
    }

    /// <summary>Called when <paramref name="run"/>'s block <see cref="SegmentRun.Next"/> has been received whole.</summary>
    public void Advance(SegmentRun run)
    {
        lock (_lock)
        {
            run.Next++;
        }
    }

    /// <summary>
    /// Takes <paramref name="run"/> back from a connection that stops: the blocks it has not received
    /// go back to the queue for the connections that go on (from the start of the block in progress).
    /// </summary>
    public void Release(SegmentRun run)
    {
        lock (_lock)
        {
            _active.Remove(run);
            if (run.Next < run.End)
            {
                _pending.Enqueue(new SegmentRun(run.Next, run.End));
            }
        }
    }

    public void Finish(SegmentRun run)
    {
        lock (_lock)
        {
            _active.Remove(run);
        }
    }
}
