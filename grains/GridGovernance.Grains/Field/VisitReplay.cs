using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using GridGovernance.Contracts.Common;
using GridGovernance.Contracts.Field;

namespace GridGovernance.Grains.Field;

/// <summary>An accepted visit an entity remembers (compactly: it is in every state write) to answer a replay.</summary>
[GenerateSerializer, Alias("gg.visit-record")]
public sealed record VisitRecord(
    [property: Id(0)] Guid VisitId,
    [property: Id(1)] string Fingerprint,
    [property: Id(2)] Proximity Proximity,
    [property: Id(3)] double? DistanceMetres,
    [property: Id(4)] DateTimeOffset RecordedAt,
    [property: Id(5)] DateTimeOffset? NextVisitDue)
{
    /// <summary>The answer the visit got, rebuilt for a replay and marked as one (not stored).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public VisitResult Replay => new(Outcome.AlreadyApplied, VisitId, Proximity, DistanceMetres, RecordedAt, NextVisitDue);
}

/// <summary>
/// Idempotency of check-ins: the phone's visit id is the key, a fingerprint of the content tells a replay
/// (same answer) from a conflicting reuse of the id (refused, nothing changed).
/// </summary>
internal static class VisitReplay
{
    public static string Fingerprint(VisitCommand command)
    {
        var canonical = string.Create(CultureInfo.InvariantCulture,
            $"{command.Worker.Value:N}|{command.Location.Longitude:R}|{command.Location.Latitude:R}|{command.AccuracyMetres:R}|{command.DeviceTime.UtcTicks}|{command.Note}");
        // 128 bits are plenty to tell a replay from a reused id, and half the bytes in every state write.
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical).AsSpan())[..16]);
    }

    /// <summary>The remembered visit with this id, if any.</summary>
    public static VisitRecord? Find(IReadOnlyList<VisitRecord> remembered, Guid visitId)
    {
        for (var i = remembered.Count - 1; i >= 0; i--)
        {
            if (remembered[i].VisitId == visitId)
            {
                return remembered[i];
            }
        }

        return null;
    }

    /// <summary>Remembers a visit, forgetting the oldest beyond <paramref name="keep"/>.</summary>
    public static void Remember(List<VisitRecord> remembered, VisitRecord record, int keep)
    {
        remembered.Add(record);
        if (remembered.Count > keep)
        {
            remembered.RemoveRange(0, remembered.Count - keep);
        }
    }
}
