using System.Diagnostics;

namespace GridGovernance.Benchmarks.Infrastructure;

/// <summary>
/// What a load run measured: operations per second and their latencies (milliseconds) in the measured window, and
/// <c>Attempts</c>, the operations finished including the warm-up (to divide whole-run costs by).
/// </summary>
internal sealed record LoadResult(int Concurrency, long Count, double PerSecond, Latencies Latencies, long Errors, string? FirstError, long Attempts)
{
    public bool MadeProgress => Count > Errors;
}

/// <summary>Sorted latencies in milliseconds and their percentiles.</summary>
internal sealed class Latencies(IEnumerable<double> milliseconds)
{
    private readonly double[] _sorted = [.. milliseconds.Order()];

    public int Count => _sorted.Length;

    public double P50 => Percentile(0.50);

    public double P95 => Percentile(0.95);

    public double P99 => Percentile(0.99);

    public double Max => _sorted.Length == 0 ? double.NaN : _sorted[^1];

    public double Percentile(double p) => _sorted.Length == 0 ? double.NaN : _sorted[Math.Min(_sorted.Length - 1, (int)(p * _sorted.Length))];
}

/// <summary>
/// A closed loop: <c>concurrency</c> callers, each running the operation again as soon as it answers. Latencies and
/// errors count only inside the measured window, after the warm-up.
/// </summary>
internal static class ClosedLoop
{
    /// <summary>Runs <paramref name="operation"/> (caller index, its random; true when it succeeded) in a loop.</summary>
    public static async Task<LoadResult> RunAsync(int concurrency, TimeSpan warmup, TimeSpan duration, Func<int, Random, Task<bool>> operation)
    {
        var latencies = new List<double>[concurrency];
        long errors = 0;
        long attempts = 0;
        string? firstError = null;
        var measuring = false;
        var stop = false;
        var tasks = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            var mine = latencies[i] = new List<double>(1 << 14);
            while (!Volatile.Read(ref stop))
            {
                var started = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await operation(i, random);
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or OrleansException or TimeoutException)
                {
                    ok = false;
                    Interlocked.CompareExchange(ref firstError, ex.GetType().Name + ": " + ex.Message, null);
                }

                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Interlocked.Increment(ref attempts);
                if (Volatile.Read(ref measuring))
                {
                    mine.Add(elapsed);
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }
        })).ToList();

        await Task.Delay(warmup);
        var clock = Stopwatch.StartNew();
        Volatile.Write(ref measuring, true);
        await Task.Delay(duration);
        Volatile.Write(ref measuring, false);
        var seconds = clock.Elapsed.TotalSeconds;
        Volatile.Write(ref stop, true);
        await Task.WhenAll(tasks);

        var all = new Latencies(latencies.SelectMany(l => l));
        return new LoadResult(concurrency, all.Count, all.Count / seconds, all, errors, firstError, Interlocked.Read(ref attempts));
    }
}
