using GridGovernance.Contracts;
using GridGovernance.Contracts.CommandCentre;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Geography;
using GridGovernance.Grains.Geography;
using GridGovernance.Grains.Journal;

namespace GridGovernance.Grains.CommandCentre;

/// <summary>A community as the district lists it.</summary>
[GenerateSerializer, Alias("gg.district-community")]
public sealed record DistrictCommunity([property: Id(0)] string Code, [property: Id(1)] string Name);

/// <summary>State of a <see cref="DistrictGrain"/>.</summary>
[GenerateSerializer, Alias("gg.district-state")]
public sealed class DistrictState : JournaledState
{
    [Id(0)] public string Name { get; set; } = "";

    /// <summary>Bumped by every applied import; locators reload when it changes.</summary>
    [Id(1)] public int Version { get; set; }

    [Id(2)] public List<DistrictCommunity> Communities { get; set; } = [];

    [Id(3)] public List<CellBoundary> Cells { get; set; } = [];

    /// <summary>The grid version whose re-location of entities finished; behind <see cref="Version"/> after a failed import.</summary>
    [Id(4)] public int RelocatedVersion { get; set; }

    /// <summary>Codes of every cell ever defined (retired ones included), for a full re-location pass.</summary>
    [Id(5)] public List<string> AllCells { get; set; } = [];
}

/// <inheritdoc cref="IDistrictGrain"/>
[GrainType("district")]
public sealed class DistrictGrain(
    [PersistentState("district", StorageNames.Grid)] IPersistentState<DistrictState> state,
    TimeProvider time) : Grain, IDistrictGrain
{
    /// <summary>Cells defined and entities re-located at once during an import.</summary>
    private const int Parallelism = 16;

    private readonly Dictionary<string, CommunityOverview> _communities = [];

    private DistrictCode Code => new(this.GetPrimaryKeyString()["district:".Length..]);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Outbox.Clear();
        var overviews = await Task.WhenAll(state.State.Communities.Select(c =>
            GrainFactory.Community(new CommunityCode(c.Code)).GetOverviewAsync(cancellationToken).AsTask()));
        foreach (var overview in overviews.OfType<CommunityOverview>())
        {
            _communities[overview.Code.Value] = overview;
        }
    }

    public async ValueTask<GridImportResult> ImportAsync(GridImportRequest request, string actor, CancellationToken cancellationToken = default)
    {
        var import = GridGeoJson.Parse(request.GeoJson ?? "");
        var issues = import.Issues;

        var current = state.State.Cells.ToDictionary(c => c.Code.Value);
        var incoming = import.Cells.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var added = import.Cells.Where(c => !current.ContainsKey(c.Code)).ToList();
        var changed = import.Cells.Where(c => current.TryGetValue(c.Code, out var old) && (old.Community.Value != c.CommunityCode || !old.Wkb.AsSpan().SequenceEqual(c.Wkb))).ToList();
        var retired = current.Keys.Where(code => !incoming.ContainsKey(code)).ToList();

        if (issues.Count > 0 || request.DryRun)
        {
            var outcome = issues.Count > 0
                ? Outcome.Invalid("geoJson", "invalid-grid", $"{issues.Count} problem(s) in the document; nothing was changed.")
                : Outcome.Ok;
            return new GridImportResult(outcome, issues, import.Communities.Count, import.Cells.Count, added.Count, changed.Count, retired.Count, 0, false, state.State.Version);
        }

        // A previous import that did not finish re-locating (a failure, a silo lost) is finished by this one.
        var unfinished = state.State.RelocatedVersion < state.State.Version;
        var version = state.State.Version + 1;
        foreach (var community in import.Communities)
        {
            var cells = import.Cells.Where(c => c.CommunityCode == community.Code).Select(c => new CellCode(c.Code)).ToList();
            await GrainFactory.Community(new CommunityCode(community.Code)).DefineAsync(Code, community.Name, community.Wkb, cells, cancellationToken);
        }

        await ForEachAsync(import.Cells, c => GrainFactory.Cell(new CellCode(c.Code))
            .DefineAsync(new CommunityCode(c.CommunityCode), c.Name, c.Wkb, version, actor, cancellationToken).AsTask());
        await ForEachAsync(retired, code => GrainFactory.Cell(new CellCode(code)).RetireAsync(version, actor, cancellationToken).AsTask());

        var s = state.State;
        s.Name = request.DistrictName ?? (s.Name.Length > 0 ? s.Name : Code.Value);
        s.Version = version;
        s.Communities = [.. import.Communities.Select(c => new DistrictCommunity(c.Code, c.Name)).OrderBy(c => c.Code, StringComparer.Ordinal)];
        s.Cells = [.. import.Cells.Select(c => new CellBoundary(new CellCode(c.Code), new CommunityCode(c.CommunityCode), c.Wkb))];
        s.AllCells = [.. s.AllCells.Union(import.Cells.Select(c => c.Code)).Order(StringComparer.Ordinal)];
        new EventLog("district", Code.Value).Append(s, "grid-imported", actor, time.GetUtcNow(), null, null,
            new { version, communities = import.Communities.Count, cells = import.Cells.Count, added = added.Count, changed = changed.Count, retired = retired.Count }, $"v{version}");
        await state.CommitAsync(cancellationToken);

        // Entities of cells that changed or went away, and those in no cell, are located again on the new grid
        // (all entities when an earlier import did not finish); the version is recorded only when all are done.
        var affected = (unfinished ? s.AllCells : changed.Select(c => c.Code).Concat(retired)).Append(NoCell.For(Code).Value).ToList();
        var members = (await Task.WhenAll(affected.Select(code => GrainFactory.Cell(new CellCode(code)).GetMembersAsync(cancellationToken).AsTask())))
            .SelectMany(m => m).Distinct().ToList();
        await ForEachAsync(members, m => GrainFactory.FieldEntity(m).RelocateAsync(version, actor, cancellationToken).AsTask());

        s.RelocatedVersion = version;
        await state.CommitAsync(cancellationToken);
        return new GridImportResult(Outcome.Ok, [], import.Communities.Count, import.Cells.Count, added.Count, changed.Count, retired.Count, members.Count, true, version);
    }

    public ValueTask<(int Version, IReadOnlyList<CellBoundary> Cells)> GetBoundariesAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<(int, IReadOnlyList<CellBoundary>)>((state.State.Version, state.State.Cells));

    public ValueTask<int> GetVersionAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(state.State.Version);

    public ValueTask CommunityChangedAsync(CommunityOverview overview)
    {
        _communities[overview.Code.Value] = overview;
        return ValueTask.CompletedTask;
    }

    public ValueTask<DistrictOverview> GetOverviewAsync(CancellationToken cancellationToken = default)
    {
        var communities = state.State.Communities
            .Select(c => _communities.TryGetValue(c.Code, out var o) ? o : new CommunityOverview(new CommunityCode(c.Code), c.Name, 0, 0, 0, 0, 0))
            .ToList();
        return ValueTask.FromResult(new DistrictOverview(Code, state.State.Name, state.State.Version, communities, time.GetUtcNow()));
    }

    private static async Task ForEachAsync<T>(IEnumerable<T> items, Func<T, Task> action)
    {
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync();
            try
            {
                await action(item);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}
