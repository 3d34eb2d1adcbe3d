using System.Collections.Immutable;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Security;
using GridGovernance.Grains.Journal;

namespace GridGovernance.Grains.Security;

/// <summary>State of an <see cref="AccessGrantGrain"/>: every grant the user opened, oldest first.</summary>
[GenerateSerializer, Alias("gg.access-grants-state")]
public sealed class AccessGrantState : JournaledState
{
    [Id(0)] public List<AccessGrant> Grants { get; set; } = [];
}

/// <inheritdoc cref="IAccessGrantGrain"/>
/// <remarks>
/// Reads (<see cref="FindAsync"/>, <see cref="ListAsync"/>) interleave with an open, so they answer from an
/// immutable copy that is replaced only after the write is durable: a grant is never seen before it is stored,
/// and a reader never enumerates a list being changed.
/// </remarks>
[GrainType("access-grants")]
public sealed class AccessGrantGrain(
    [PersistentState(StorageNames.AccessGrantsState, StorageNames.Grid)] IPersistentState<AccessGrantState> state,
    TimeProvider time) : Grain, IAccessGrantGrain
{
    private const string KeyPrefix = "grants:";

    private ImmutableArray<AccessGrant> _committed = [];

    /// <summary>The token subject this grain belongs to.</summary>
    private string Subject => this.GetPrimaryKeyString()[KeyPrefix.Length..];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        state.State.Outbox.Clear();
        _committed = [.. state.State.Grants];
        return Task.CompletedTask;
    }

    public async ValueTask<AccessGrantResult> OpenAsync(AccessGrantRequest request, string role, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var (normal, problem) = AccessGrantRules.Normalize(request);
        if (normal is null)
        {
            return new AccessGrantResult(problem!, null);
        }

        if (_committed.FirstOrDefault(g => g.GrantId == normal.GrantId) is { } existing)
        {
            return Same(existing, normal, role)
                ? new AccessGrantResult(Outcome.Ok, existing)
                : new AccessGrantResult(Outcome.Conflict(AccessGrantRules.IdReusedProblem, "This grant id was already used with other content; nothing was changed.", "grantId"), null);
        }

        var now = time.GetUtcNow();
        var grant = new AccessGrant(normal.GrantId, Subject, role, normal.Kind, normal.Target, normal.Reason, now, now.AddMinutes(normal.Minutes));
        state.State.Grants.Add(grant);
        new EventLog("access-grants", Subject).Append(
            state.State,
            "break-glass-opened",
            actor,
            now,
            normal.Kind == GrantTargetKind.Cell ? normal.Target : null,
            normal.Kind == GrantTargetKind.Community ? normal.Target : null,
            new { grantId = grant.GrantId, subject = grant.Subject, role, kind = grant.Kind, target = grant.Target, reason = grant.Reason, minutes = normal.Minutes, openedAt = grant.OpenedAt, expiresAt = grant.ExpiresAt },
            grant.GrantId.ToString("N"));
        await state.CommitAsync(cancellationToken);
        _committed = [.. state.State.Grants];
        return new AccessGrantResult(Outcome.Ok, grant);
    }

    public ValueTask<AccessGrant?> FindAsync(string role, GrantTargetKind kind, string target, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var found = _committed.Where(g => AccessGrantRules.Covers(g, role, kind, target, now)).MaxBy(g => g.ExpiresAt);
        return ValueTask.FromResult(found);
    }

    public ValueTask<IReadOnlyList<AccessGrant>> ListAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<AccessGrant>>([.. _committed.OrderByDescending(g => g.OpenedAt).ThenByDescending(g => g.GrantId)]);

    /// <summary>A retry: the same id asking for the same thing under the same role (the reason compared trimmed).</summary>
    private static bool Same(AccessGrant grant, AccessGrantRequest request, string role) =>
        grant.Role == role && grant.Kind == request.Kind && grant.Target == request.Target && grant.Reason == request.Reason &&
        grant.ExpiresAt - grant.OpenedAt == TimeSpan.FromMinutes(request.Minutes);
}
