using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GridGovernance.Api.Tests.Infrastructure;
using GridGovernance.Api.Tests.Matrix;
using GridGovernance.Hosting.Security;

namespace GridGovernance.Api.Tests;

/// <summary>
/// Every endpoint gets broken input — malformed JSON, wrong types in every field, coordinates out of range, a
/// huge body, unknown ids — from a caller who would be allowed the valid request: never a 5xx, never a leak of
/// internals, and a refused request never changes anything (no journal row by the fuzzing caller appears).
/// </summary>
public sealed partial class FuzzTests(ApiSystem api)
{
    private static readonly string[] PreferredRoles = [GridRoles.CommunityAdmin, GridRoles.CorrectionOfficer, GridRoles.Operator, GridRoles.GridWorker, GridRoles.CommandCentre, GridRoles.Auditor];

    [Fact]
    public async Task EveryEndpoint_BrokenInput_NeverA5xx_NeverAChange()
    {
        var failures = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(MatrixRows.All, new ParallelOptions { MaxDegreeOfParallelism = 6 }, async (row, _) =>
        {
            var role = PreferredRoles.FirstOrDefault(r => MatrixCallers.Allowed(r, row, inScope: true));
            if (role is null)
            {
                return;
            }

            var officer = "officer-" + Guid.NewGuid().ToString("N")[..8];
            var subject = role == GridRoles.CorrectionOfficer ? officer : "fuzz-" + Guid.NewGuid().ToString("N")[..8];
            var token = MatrixCallers.Token(api, role, officer, subject);
            var actor = role + ":" + subject;
            var valid = await row.Build(MatrixCallers.InScope(api, officer));
            foreach (var (name, request, mustBe4xx) in Mutations(valid))
            {
                var before = await api.JournalRowsByAsync(actor);
                var response = await api.SendAsync(request.Method, request.Path, token, request.Body);
                var where = $"{row.Operation} [{name}] as {role}: {response.Status} {Shorten(response.Body)}";
                if (response.Status >= 500)
                {
                    failures.Add("5xx: " + where);
                }
                else if (mustBe4xx && response.Status is < 400 or >= 500)
                {
                    failures.Add("accepted broken input: " + where);
                }
                else if (response.Status >= 400 && response.ContentType != "application/problem+json")
                {
                    failures.Add("not a problem body: " + where);
                }
                else if (Internals().IsMatch(response.Body))
                {
                    failures.Add("internals in the body: " + where);
                }

                // A refused request changes nothing (a variant that may be valid, like "{}", may be accepted and then act).
                if (response.Status >= 400 && await api.JournalRowsByAsync(actor) is var after && after != before)
                {
                    failures.Add($"refused but changed ({after - before} journal rows by {actor}): " + where);
                }
            }
        });

        Assert.True(failures.IsEmpty, string.Join("\n", failures.OrderBy(f => f, StringComparer.Ordinal)));
    }

    /// <summary>The broken variants of a valid request: (name, request, whether it must be refused with a 4xx).</summary>
    private static IEnumerable<(string Name, MatrixRequest Request, bool MustBe4xx)> Mutations(MatrixRequest valid)
    {
        if (valid.Body is not null)
        {
            yield return ("truncated JSON", valid with { Body = "{\"a\":" }, true);
            yield return ("not JSON", valid with { Body = "definitely not json" }, true);
            yield return ("JSON array instead of an object", valid with { Body = "[1,2,3]" }, true);
            yield return ("empty object", valid with { Body = "{}" }, false);
            var node = JsonSerializer.SerializeToNode(valid.Body, ApiSystem.Json)!;
            foreach (var (path, replacement) in WrongTypes(node, ""))
            {
                yield return ($"wrong type at {path}", valid with { Body = Replace(node, path, replacement).ToJsonString() }, true);
            }

            foreach (var path in StringLeaves(node, ""))
            {
                yield return ($"control character at {path}", valid with { Body = Replace(node, path, JsonValue.Create("a\u0000b")).ToJsonString() }, true);
            }

            foreach (var path in Leaves(node, "").Where(p => Regex.IsMatch(p, "(longitude|latitude)$", RegexOptions.IgnoreCase)))
            {
                yield return ($"out of range at {path}", valid with { Body = Replace(node, path, JsonValue.Create(999.5)).ToJsonString() }, true);
            }

            if (node is JsonObject)
            {
                var huge = node.DeepClone().AsObject();
                huge["padding"] = new string('x', 3 << 20);
                yield return ("3 MB body", valid with { Body = huge.ToJsonString() }, false);
            }
        }

        var pathOnly = valid.Path.Split('?')[0];
        if (valid.Method != HttpMethod.Put && GuidInPath().IsMatch(pathOnly))
        {
            yield return ("unknown id", valid with { Path = GuidInPath().Replace(pathOnly, Guid.NewGuid().ToString("N"), 1) + valid.Path[pathOnly.Length..] }, true);
        }

        var query = valid.Path.IndexOf('?', StringComparison.Ordinal);
        if (query > 0)
        {
            var broken = Regex.Replace(valid.Path[query..], "=([^&]*)", "=%00zz%7B");
            yield return ("garbage query values", valid with { Path = valid.Path[..query] + broken }, false);
            var far = Regex.Replace(valid.Path[query..], "(longitude|latitude)=([^&]*)", "$1=999.5", RegexOptions.IgnoreCase);
            if (far != valid.Path[query..])
            {
                yield return ("coordinates out of range in the query", valid with { Path = valid.Path[..query] + far }, true);
            }
        }
    }

    /// <summary>Each leaf or member replaced by a value of another JSON type.</summary>
    private static IEnumerable<(string Path, JsonNode Replacement)> WrongTypes(JsonNode node, string path)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var child = path.Length == 0 ? key : path + "." + key;
                    if (value is null)
                    {
                        continue;
                    }

                    yield return (child, value switch
                    {
                        JsonObject or JsonArray => JsonValue.Create("not-an-object"),
                        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(12345),
                        JsonValue v when v.GetValueKind() == JsonValueKind.Number => JsonValue.Create("not-a-number"),
                        _ => JsonValue.Create("not-a-boolean"),
                    });
                    foreach (var inner in WrongTypes(value, child))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonArray array when array.Count > 0 && array[0] is { } first:
                foreach (var inner in WrongTypes(first, path + "[0]"))
                {
                    yield return inner;
                }

                break;
        }
    }

    private static IEnumerable<string> Leaves(JsonNode node, string path) => node switch
    {
        JsonObject obj => obj.Where(p => p.Value is not null).SelectMany(p => Leaves(p.Value!, path.Length == 0 ? p.Key : path + "." + p.Key)),
        JsonArray array when array.Count > 0 && array[0] is { } first => Leaves(first, path + "[0]"),
        _ => [path],
    };

    private static IEnumerable<string> StringLeaves(JsonNode node, string path) => node switch
    {
        JsonObject obj => obj.Where(p => p.Value is not null).SelectMany(p => StringLeaves(p.Value!, path.Length == 0 ? p.Key : path + "." + p.Key)),
        JsonArray array when array.Count > 0 && array[0] is { } first => StringLeaves(first, path + "[0]"),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [path],
        _ => [],
    };

    private static JsonNode Replace(JsonNode original, string path, JsonNode replacement)
    {
        var copy = original.DeepClone();
        JsonNode current = copy;
        var parts = Regex.Split(path, @"\.|(?=\[)").Where(p => p.Length > 0).ToArray();
        for (var i = 0; i < parts.Length; i++)
        {
            var last = i == parts.Length - 1;
            if (parts[i].StartsWith('['))
            {
                var index = int.Parse(parts[i].Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture);
                if (last)
                {
                    current.AsArray()[index] = replacement.DeepClone();
                }
                else
                {
                    current = current.AsArray()[index]!;
                }
            }
            else if (last)
            {
                current.AsObject()[parts[i]] = replacement.DeepClone();
            }
            else
            {
                current = current.AsObject()[parts[i]]!;
            }
        }

        return copy;
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";

    [GeneratedRegex("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}")]
    private static partial Regex GuidInPath();

    [GeneratedRegex(@"Exception|StackTrace|\bat GridGovernance\.|Orleans\.|Npgsql\.|System\.", RegexOptions.CultureInvariant)]
    private static partial Regex Internals();
}
