using System.Text.Json;
using System.Text.Json.Nodes;

namespace GridGovernance.Api.Audit;

/// <summary>
/// What the audit trail withholds from callers who may not see monitored people's location data (CC-31; auditors are
/// not a correction role): in a person's journal, the <c>from</c>/<c>to</c> of <c>location-changed</c> (home points)
/// and <c>home-linked</c> (the property they live at), and any point (an object with longitude and latitude)
/// anywhere in a person's payload. The row stays, so who changed what and when is still auditable; a withheld
/// payload says so with <c>"locationWithheld": true</c>.
/// </summary>
public static class JournalRedaction
{
    /// <summary>The event types whose <c>from</c>/<c>to</c> are location data.</summary>
    public static IReadOnlySet<string> LocationEvents { get; } = new HashSet<string>(StringComparer.Ordinal) { "location-changed", "home-linked" };

    /// <summary>The payload as a caller without location rights may see it (unchanged for anything but a person).</summary>
    public static JsonElement Redact(string entityType, string eventType, JsonElement payload)
    {
        if (entityType != "person" || payload.ValueKind != JsonValueKind.Object || JsonNode.Parse(payload.GetRawText()) is not JsonObject node)
        {
            return payload;
        }

        var withheld = false;
        if (LocationEvents.Contains(eventType))
        {
            withheld |= node.Remove("from") | node.Remove("to");
        }

        withheld |= RemovePoints(node);
        if (!withheld)
        {
            return payload;
        }

        node["locationWithheld"] = true;
        return JsonSerializer.SerializeToElement(node);
    }

    /// <summary>Removes every point (an object with longitude and latitude) under <paramref name="node"/>; true when one was.</summary>
    private static bool RemovePoints(JsonNode? node)
    {
        var removed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (IsPoint(value))
                    {
                        obj.Remove(name);
                        removed = true;
                    }
                    else
                    {
                        removed |= RemovePoints(value);
                    }
                }

                break;
            case JsonArray array:
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (IsPoint(array[i]))
                    {
                        array.RemoveAt(i);
                        removed = true;
                    }
                    else
                    {
                        removed |= RemovePoints(array[i]);
                    }
                }

                break;
        }

        return removed;
    }

    private static bool IsPoint(JsonNode? node) =>
        node is JsonObject obj && obj.Any(p => string.Equals(p.Key, "longitude", StringComparison.OrdinalIgnoreCase)) && obj.Any(p => string.Equals(p.Key, "latitude", StringComparison.OrdinalIgnoreCase));
}
