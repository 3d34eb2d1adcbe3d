namespace GridGovernance.Contracts.Geography;

/// <summary>One problem found in an imported GeoJSON FeatureCollection.</summary>
/// <param name="Feature">Zero-based index of the feature in <c>features</c>, or −1 for the document itself.</param>
/// <param name="Code">The feature's code, when it has one.</param>
/// <param name="Problem">A stable slug: <c>invalid-json</c>, <c>not-a-feature-collection</c>, <c>missing-property</c>,
/// <c>unknown-kind</c>, <c>invalid-property</c> (a name over 200 characters or with control characters), <c>invalid-code</c> (not 1–32 upper-case letters, digits, hyphens, or ending in the reserved -NOCELL), <c>not-a-polygon</c>, <c>coordinates-out-of-range</c>, <c>invalid-geometry</c>,
/// <c>duplicate-code</c>, <c>unknown-community</c>, <c>cell-outside-community</c>, <c>cells-overlap</c>.</param>
/// <param name="Detail">A sentence for a person, naming the field or the other feature at fault.</param>
[GenerateSerializer, Immutable, Alias("gg.grid-import-issue")]
public sealed record GridImportIssue(int Feature, string? Code, string Problem, string Detail);
