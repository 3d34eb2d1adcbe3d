using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace GridGovernance.Hosting.Database;

/// <summary>One numbered SQL file of <c>deploy/sql</c>, e.g. <c>0002_orleans_persistence.sql</c>.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script text with line endings normalised, so a checkout on any OS agrees.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(
        SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>Parses <c>NNNN_name.sql</c>; returns null for a file that is not a migration.</summary>
    public static Migration? FromFile(string fileName, string sql)
    {
        var match = FileNamePattern().Match(fileName);
        return match.Success
            ? new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups[2].Value, sql)
            : null;
    }

    /// <summary>The migrations shipped in this assembly (from <c>deploy/sql</c>), in order.</summary>
    public static IReadOnlyList<Migration> Embedded()
    {
        var assembly = typeof(Migration).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("migrations/", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var migration = FromFile(resource["migrations/".Length..], reader.ReadToEnd())
                ?? throw new InvalidOperationException($"Embedded SQL file '{resource}' is not named NNNN_name.sql.");
            list.Add(migration);
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
        {
            if (list[i].Version == list[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations share version {list[i].Version}: {list[i - 1].Name} and {list[i].Name}.");
            }
        }

        return list;
    }

    [GeneratedRegex(@"^(\d{4})_([a-z0-9_]+)\.sql$")]
    private static partial Regex FileNamePattern();
}
