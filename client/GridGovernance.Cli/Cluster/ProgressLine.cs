using System.Diagnostics;

namespace GridGovernance.Cli.Cluster;

/// <summary>A progress line on stderr for long work: done/total and rate, refreshed at most 4 times a second.</summary>
internal sealed class ProgressLine(string label, int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _lastDraw;
    private int _done;

    public int Done => _done;

    public void Advance()
    {
        var done = Interlocked.Increment(ref _done);
        var now = _clock.ElapsedMilliseconds;
        var last = Interlocked.Read(ref _lastDraw);
        if ((now - last >= 250 || done == total) && Interlocked.CompareExchange(ref _lastDraw, now, last) == last)
        {
            Draw(done);
        }
    }

    public void Finish()
    {
        Draw(_done);
        Console.Error.WriteLine();
    }

    private void Draw(int done)
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        Console.Error.Write($"\r{label}: {done}/{total} ({done / seconds:0}/s)   ");
    }
}
