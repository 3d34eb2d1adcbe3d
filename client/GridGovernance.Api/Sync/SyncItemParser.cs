using System.Text.Json;
using GridGovernance.Api.Problems;
using GridGovernance.Contracts.Common;

namespace GridGovernance.Api.Sync;

/// <summary>
/// Reads a sync body: the envelope must be sound (else the whole batch is refused and nothing is applied), while each
/// item is read and checked on its own, so that one malformed item is rejected by itself and the rest still apply.
/// </summary>
public static class SyncItemParser
{
    /// <summary>The longest device id.</summary>
    public const int MaxDeviceId = 100;

    /// <summary>The longest note or grade reason.</summary>
    public const int MaxText = 500;

    /// <summary>An item as read: its entity and fields, or why it was rejected before reaching a grain.</summary>
    /// <param name="Index">Its position in the batch.</param>
    /// <param name="Item">The item, when it could be read.</param>
    /// <param name="Entity">Its target, when valid.</param>
    /// <param name="Rejection">The result, when the item is rejected already.</param>
    public sealed record Parsed(int Index, SyncItem? Item, EntityRef Entity, SyncItemResult? Rejection);

    /// <summary>A batch whose envelope is sound.</summary>
    /// <param name="DeviceId">The phone.</param>
    /// <param name="Items">Its items, in order.</param>
    public sealed record Batch(string DeviceId, IReadOnlyList<Parsed> Items);

    /// <summary>Reads the envelope and each item; on an unsound envelope, <paramref name="problem"/> says why (field and detail).</summary>
    public static Batch? Read(JsonDocument document, JsonSerializerOptions options, out (string Field, string Detail)? problem)
    {
        problem = null;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = ("", "The body must be a JSON object { deviceId, items }.");
            return null;
        }

        if (!TryGet(root, "deviceId", out var device) || device.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(device.GetString()) || device.GetString()!.Length > MaxDeviceId || device.GetString()!.Any(char.IsControl))
        {
            problem = ("deviceId", $"deviceId is required (plain text of at most {MaxDeviceId} characters).");
            return null;
        }

        if (!TryGet(root, "items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() == 0)
        {
            problem = ("items", "items is required: an array of 1 to " + BatchSync.MaxItems + " items.");
            return null;
        }

        if (items.GetArrayLength() > BatchSync.MaxItems)
        {
            problem = ("items", $"At most {BatchSync.MaxItems} items per batch; send the rest in another batch.");
            return null;
        }

        var parsed = new List<Parsed>(items.GetArrayLength());
        var index = 0;
        foreach (var element in items.EnumerateArray())
        {
            parsed.Add(ReadItem(index++, element, options));
        }

        return new Batch(device.GetString()!.Trim(), parsed);
    }

    private static Parsed ReadItem(int index, JsonElement element, JsonSerializerOptions options)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Rejected(index, null, "Each item must be a JSON object.", null);
        }

        SyncItem? item;
        try
        {
            item = element.Deserialize<SyncItem>(options);
        }
        catch (JsonException ex)
        {
            Guid? id = TryGet(element, "itemId", out var raw) && raw.ValueKind == JsonValueKind.String && raw.TryGetGuid(out var g) ? g : null;
            var field = ex.Path is { Length: > 2 } path ? path[2..] : null;
            return new Parsed(index, null, default, new SyncItemResult(index, id, null, SyncStatus.Rejected, ProblemTypes.InvalidRequest,
                field is null ? "The item is not valid JSON for its type." : $"{field} has the wrong type or an unknown value.", field, null));
        }

        if (item is null)
        {
            return Rejected(index, null, "Each item must be a JSON object.", null);
        }

        if (Check(item) is { } invalid)
        {
            return Rejected(index, item, invalid.Detail, invalid.Field);
        }

        var kind = item.Entity!.Kind == SyncEntityKind.Property ? EntityKind.RentalProperty : EntityKind.MonitoredPerson;
        return new Parsed(index, item, new EntityRef(kind, item.Entity.Id), null);
    }

    /// <summary>What the gateway checks before any grain is called (the grains check the rest and name their field).</summary>
    private static (string Field, string Detail)? Check(SyncItem item)
    {
        if (item.ItemId == Guid.Empty)
        {
            return ("itemId", "itemId is required: a UUID the phone generates once per item.");
        }

        if (item.Type is not { } type || !Enum.IsDefined(type))
        {
            return ("type", "type is visit, tenancy, move-out, tenant-report or inspection.");
        }

        if (item.Entity is null)
        {
            return ("entity", "entity is required: { kind: property|person, id }.");
        }

        if (item.Entity.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            return ("entity.kind", "entity.kind is property or person.");
        }

        if (item.Entity.Id == Guid.Empty)
        {
            return ("entity.id", "entity.id is required.");
        }

        if (kind == SyncEntityKind.Person && type != SyncItemType.Visit)
        {
            return ("type", "Only visits are synced for a person.");
        }

        if (item.DeviceTime is null)
        {
            return ("deviceTime", "deviceTime is required: the phone's clock when the item was recorded.");
        }

        if (item.Gps is { } gps)
        {
            if (gps.Longitude is not { } longitude || !double.IsFinite(longitude) || longitude is < -180 or > 180)
            {
                return ("gps.longitude", "gps.longitude is required, between -180 and 180.");
            }

            if (gps.Latitude is not { } latitude || !double.IsFinite(latitude) || latitude is < -90 or > 90)
            {
                return ("gps.latitude", "gps.latitude is required, between -90 and 90.");
            }

            if (gps.AccuracyMetres is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0))
            {
                return ("gps.accuracyMetres", "gps.accuracyMetres must be a finite number ≥ 0.");
            }
        }
        else if (type is SyncItemType.Visit or SyncItemType.Inspection)
        {
            return ("gps", "A visit or inspection needs its GPS fix: gps { longitude, latitude, accuracyMetres }.");
        }

        if (item.Note is { Length: > MaxText })
        {
            return ("note", $"note is at most {MaxText} characters.");
        }

        return type switch
        {
            SyncItemType.Tenancy when item.MoveInAt is null => ("moveInAt", "moveInAt is required for a tenancy."),
            SyncItemType.MoveOut or SyncItemType.TenantReport when item.TenancyId is null || item.TenancyId == Guid.Empty => ("tenancyId", "tenancyId is required."),
            SyncItemType.MoveOut when item.MovedOutAt is null => ("movedOutAt", "movedOutAt is required for a move-out."),
            SyncItemType.TenantReport when item.ReportKind is not { } report || !Enum.IsDefined(report) => ("reportKind", "reportKind is arrival or departure."),
            SyncItemType.Inspection when item.VisitId == Guid.Empty => ("visitId", "visitId, when given, must be a non-empty UUID."),
            SyncItemType.Inspection => ChecklistProblem(item.Checklist),
            _ => null,
        };
    }

    /// <summary>
    /// An inspection's checklist as the HTTP inspection endpoint requires it: present, with all four answers (a missing
    /// answer is not "not found") and a complete small place when one is given. Checked here by hand: the bodies'
    /// annotations sit on constructor parameters, which only the framework's own validation reads.
    /// </summary>
    private static (string Field, string Detail)? ChecklistProblem(Endpoints.ChecklistBody? checklist)
    {
        const string Answers = "eBikesInCommonAreas, flammableGoodsWithLiving, grillesWithoutEscapeWindow and exitsBlocked (true when found)";
        if (checklist is null)
        {
            return ("checklist", $"checklist is required for an inspection: {Answers}, smallPlace and vulnerable when there are any.");
        }

        (string Name, object? Value)[] required =
        [
            ("eBikesInCommonAreas", checklist.EBikesInCommonAreas), ("flammableGoodsWithLiving", checklist.FlammableGoodsWithLiving),
            ("grillesWithoutEscapeWindow", checklist.GrillesWithoutEscapeWindow), ("exitsBlocked", checklist.ExitsBlocked),
        ];
        if (checklist.SmallPlace is { } place)
        {
            required =
            [
                .. required,
                ("smallPlace.type", place.Type), ("smallPlace.areaSquareMetres", place.AreaSquareMetres), ("smallPlace.sleepingInside", place.SleepingInside),
                ("smallPlace.extinguishers", place.Extinguishers), ("smallPlace.emergencyLighting", place.EmergencyLighting),
            ];
        }

        foreach (var (name, value) in required)
        {
            if (value is null)
            {
                return ("checklist." + name, $"checklist.{name} is required: every answer of the checklist must be given ({Answers}); a missing answer is not a pass.");
            }
        }

        return null;
    }

    private static Parsed Rejected(int index, SyncItem? item, string detail, string? field) =>
        new(index, item, default, new SyncItemResult(index, item?.ItemId, item?.Type, SyncStatus.Rejected, ProblemTypes.InvalidRequest, detail, field, null));

    /// <summary>A property by its camelCase name (the wire's), or by any casing.</summary>
    private static bool TryGet(JsonElement element, string name, out JsonElement value)
    {
        if (element.TryGetProperty(name, out value))
        {
            return true;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                value = property.Value;
                return true;
            }
        }

        return false;
    }
}
