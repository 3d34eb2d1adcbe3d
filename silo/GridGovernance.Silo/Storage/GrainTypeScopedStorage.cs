using Orleans.Storage;

namespace GridGovernance.Silo.Storage;

/// <summary>
/// Wraps the ADO.NET grain storage so that a row is identified by grain type, state name and the key as text.
/// </summary>
/// <remarks>
/// The ADO.NET provider keys a row by state name and key only, so two grain classes that use the same state
/// name and key share a row (dotnet/orleans#8746), and it parses string keys as hex or Guid when it can, so
/// "abc", "ABC" and "0abc" are one row (dotnet/orleans#9706). Here the state name becomes
/// "&lt;grain type&gt;/&lt;state name&gt;" and every key becomes the string "k:&lt;key&gt;", which parses as neither:
/// both collisions are impossible whatever names and keys grain authors choose.
/// </remarks>
public sealed class GrainTypeScopedStorage(IGrainStorage inner) : IGrainStorage
{
    /// <summary>The text prefixed to every key; not a hex digit, so the provider keeps the key as a string.</summary>
    public const string KeyPrefix = "k:";

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(Scope(grainId, stateName), ScopeKey(grainId), grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.WriteStateAsync(Scope(grainId, stateName), ScopeKey(grainId), grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(Scope(grainId, stateName), ScopeKey(grainId), grainState);

    /// <summary>The name stored in <c>graintypestring</c>: "&lt;grain type&gt;/&lt;state name&gt;".</summary>
    public static string Scope(GrainId grainId, string stateName) => $"{grainId.Type}/{stateName}";

    /// <summary>The id the provider sees: same type, key "k:&lt;key&gt;".</summary>
    public static GrainId ScopeKey(GrainId grainId) =>
        GrainId.Create(grainId.Type, IdSpan.Create(KeyPrefix + grainId.Key.ToString()));
}
