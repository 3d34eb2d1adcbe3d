using System.Globalization;

namespace GridGovernance.Benchmarks.Infrastructure;

/// <summary>A markdown table printed to the console, and the number formats every scenario uses.</summary>
internal sealed class Markdown(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public Markdown Row(params object?[] cells)
    {
        _rows.Add([.. cells.Select(Text)]);
        return this;
    }

    public void Print(string title)
    {
        Console.WriteLine();
        Console.WriteLine("### " + title);
        Console.WriteLine();
        Console.WriteLine("| " + string.Join(" | ", headers) + " |");
        Console.WriteLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in _rows)
        {
            Console.WriteLine("| " + string.Join(" | ", row) + " |");
        }
    }

    /// <summary>Invariant text: whole numbers grouped, fractions to one or two places, NaN as "n/a".</summary>
    public static string Text(object? value) => value switch
    {
        null => "n/a",
        double d when double.IsNaN(d) || double.IsInfinity(d) => "n/a",
        double d when Math.Abs(d) >= 100 => d.ToString("#,0", CultureInfo.InvariantCulture),
        double d when Math.Abs(d) >= 1 => d.ToString("0.0", CultureInfo.InvariantCulture),
        double d => d.ToString("0.00", CultureInfo.InvariantCulture),
        long l => l.ToString("#,0", CultureInfo.InvariantCulture),
        int i => i.ToString("#,0", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Bytes as MiB with one decimal.</summary>
    public static string MiB(double bytes) => (bytes / (1 << 20)).ToString("#,0.0", CultureInfo.InvariantCulture) + " MiB";
}
