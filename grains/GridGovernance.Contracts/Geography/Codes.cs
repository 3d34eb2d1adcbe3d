using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace GridGovernance.Contracts.Geography;

/// <summary>Code rules shared by district, community and cell codes (GR-03: hierarchical, unique, stable).</summary>
public static partial class Codes
{
    /// <summary>Upper-case letters, digits and hyphens, 1–32 characters, starting with a letter or digit.</summary>
    public static bool IsValid([NotNullWhen(true)] string? code) => code is not null && Pattern().IsMatch(code);

    /// <summary>The problem with a code, or null when it is valid.</summary>
    public static string? Problem(string? code) =>
        IsValid(code) ? null : "a code is 1–32 upper-case letters, digits or hyphens, starting with a letter or digit";

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}

/// <summary>A district (区/街道), e.g. <c>SQ</c> for Shiqi.</summary>
[GenerateSerializer, Immutable, Alias("gg.district-code")]
public readonly record struct DistrictCode([property: Id(0)] string Value)
{
    /// <summary>Parses or throws <see cref="ArgumentException"/>.</summary>
    public static DistrictCode Parse(string value) =>
        Codes.IsValid(value) ? new(value) : throw new ArgumentException(Codes.Problem(value), nameof(value));

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>A community (社区), e.g. <c>SQ-05</c>.</summary>
[GenerateSerializer, Immutable, Alias("gg.community-code")]
public readonly record struct CommunityCode([property: Id(0)] string Value)
{
    /// <summary>Parses or throws <see cref="ArgumentException"/>.</summary>
    public static CommunityCode Parse(string value) =>
        Codes.IsValid(value) ? new(value) : throw new ArgumentException(Codes.Problem(value), nameof(value));

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>A grid cell (网格), e.g. <c>SQ-05-012</c>.</summary>
[GenerateSerializer, Immutable, Alias("gg.cell-code")]
public readonly record struct CellCode([property: Id(0)] string Value)
{
    /// <summary>Parses or throws <see cref="ArgumentException"/>.</summary>
    public static CellCode Parse(string value) =>
        Codes.IsValid(value) ? new(value) : throw new ArgumentException(Codes.Problem(value), nameof(value));

    /// <inheritdoc/>
    public override string ToString() => Value;
}

/// <summary>
/// Each district's holder for entities whose point lies in no cell: a cell grain without a boundary that
/// indexes their deadlines (so nothing goes unswept) and that imports re-locate.
/// </summary>
public static class NoCell
{
    /// <summary>Suffix reserved for the holder; imported codes may not end with it.</summary>
    public const string Suffix = "-NOCELL";

    /// <summary>The holder of a district.</summary>
    public static CellCode For(DistrictCode district) => new(district.Value + Suffix);

    /// <summary>Whether a code is a no-cell holder.</summary>
    public static bool Is(string code) => code.EndsWith(Suffix, StringComparison.Ordinal);
}
