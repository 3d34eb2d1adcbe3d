using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GridGovernance.Grains.Calendar;

namespace GridGovernance.Grains.Rules;

/// <summary>
/// The rule parameters in force over time. Every value where the law leaves room (PRACTICE, OPEN) and every LAW
/// threshold that changed (CC-22) lives here, looked up by the date of the event it judges.
/// </summary>
/// <remarks>
/// <para>The base version is the C# defaults of <see cref="RuleSet"/> (documented per rule id in docs/RULES.md).
/// Versions from <c>Rules/rule-book.json</c> (embedded) and then from an operator's file
/// (<see cref="GridRulesOptions.BookPath"/>) are overlaid in <c>effectiveFrom</c> order: a version names only
/// what changes, and everything it does not name carries over from the version before it.</para>
/// <para>An unknown section or rule name, a value of the wrong type or out of range, or a missing or impossible
/// <c>effectiveFrom</c> is refused when the silo starts, naming the file and the version.</para>
/// </remarks>
public sealed class RuleBook
{
    private const string ResourceName = "rules/rule-book.json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly Lazy<RuleBook> LazyDefault = new(() => Load());

    private readonly List<(DateOnly From, RuleSet Rules, string Source)> _versions;

    private RuleBook(List<(DateOnly From, RuleSet Rules, string Source)> versions) => _versions = versions;

    /// <summary>The built-in rules: C# defaults plus the embedded dated changes.</summary>
    public static RuleBook Default => LazyDefault.Value;

    /// <summary>Each version's first day and where it comes from, oldest first.</summary>
    public IReadOnlyList<(DateOnly EffectiveFrom, string Source)> Versions => [.. _versions.Select(v => (v.From, v.Source))];

    /// <summary>The rules in force on <paramref name="day"/> (a local date in China).</summary>
    public RuleSet At(DateOnly day)
    {
        var rules = _versions[0].Rules;
        foreach (var (from, set, _) in _versions)
        {
            if (from > day)
            {
                break;
            }

            rules = set;
        }

        return rules;
    }

    /// <summary>The rules in force at <paramref name="instant"/>, by its local date (+08:00).</summary>
    public RuleSet At(DateTimeOffset instant) => At(WorkingDayCalendar.LocalDate(instant));

    /// <summary>Builds the book from the embedded versions and, when given, an operator's file of further versions.</summary>
    /// <exception cref="RuleBookException">A version is malformed; the message names the file, the version and the field.</exception>
    public static RuleBook Load(string? operatorFile = null)
    {
        var documents = new List<(string Name, string Json)> { (ResourceName, ReadEmbedded()) };
        if (!string.IsNullOrWhiteSpace(operatorFile))
        {
            string text;
            try
            {
                text = File.ReadAllText(operatorFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RuleBookException($"Rule book '{operatorFile}' cannot be read: {ex.Message}", ex);
            }

            documents.Add((operatorFile, text));
        }

        return Parse(documents);
    }

    /// <summary>Builds a book from version documents (for tests and tools); each is a JSON array of versions.</summary>
    public static RuleBook Parse(IEnumerable<(string Name, string Json)> documents)
    {
        var overlays = new List<(DateOnly From, JsonObject Values, string Source, string Where)>();
        foreach (var (name, text) in documents)
        {
            JsonArray array;
            try
            {
                array = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonArray
                    ?? throw new RuleBookException($"Rule book '{name}': the document must be a JSON array of versions.");
            }
            catch (JsonException ex)
            {
                throw new RuleBookException($"Rule book '{name}': not valid JSON ({ex.Message}).", ex);
            }

            for (var i = 0; i < array.Count; i++)
            {
                var where = $"Rule book '{name}', version {i}";
                if (array[i] is not JsonObject version)
                {
                    throw new RuleBookException($"{where}: each version is an object with effectiveFrom, source and rules.");
                }

                foreach (var property in version)
                {
                    if (property.Key is not ("effectiveFrom" or "source" or "rules"))
                    {
                        throw new RuleBookException($"{where}: unknown member '{property.Key}' (expected effectiveFrom, source, rules).");
                    }
                }

                if (version["effectiveFrom"]?.GetValueKind() != JsonValueKind.String
                    || !DateOnly.TryParseExact(version["effectiveFrom"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
                {
                    throw new RuleBookException($"{where}: effectiveFrom must be a date written yyyy-MM-dd.");
                }

                if (version["source"]?.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(version["source"]!.GetValue<string>()))
                {
                    throw new RuleBookException($"{where}: source (the legal basis or decision behind the change) is required.");
                }

                if (version["rules"] is not JsonObject values)
                {
                    throw new RuleBookException($"{where}: rules must be an object of sections (rentals, correction, ...).");
                }

                overlays.Add((from, values, version["source"]!.GetValue<string>(), where));
            }
        }

        // Stable: versions with the same date apply in document order, the operator's after the built-in ones.
        var ordered = overlays.Select((o, i) => (o, i)).OrderBy(x => x.o.From).ThenBy(x => x.i).Select(x => x.o).ToList();
        var current = JsonSerializer.SerializeToNode(new RuleSet(), Json)!.AsObject();
        var versions = new List<(DateOnly, RuleSet, string)> { (DateOnly.MinValue, Validated(new RuleSet(), "built-in defaults"), "built-in defaults (docs/RULES.md)") };
        foreach (var (from, values, source, where) in ordered)
        {
            Overlay(current, values);
            RuleSet rules;
            try
            {
                rules = current.Deserialize<RuleSet>(Json) ?? throw new RuleBookException($"{where}: empty.");
            }
            catch (JsonException ex)
            {
                throw new RuleBookException($"{where}: {ex.Message}", ex);
            }

            var entry = (from, Validated(rules, where), source);
            if (versions[^1].Item1 == from)
            {
                versions[^1] = entry;
            }
            else
            {
                versions.Add(entry);
            }
        }

        return new RuleBook(versions);
    }

    private static void Overlay(JsonObject target, JsonObject changes)
    {
        foreach (var (key, value) in changes)
        {
            if (value is JsonObject nested && target[key] is JsonObject existing)
            {
                Overlay(existing, nested);
            }
            else
            {
                // Names the member exactly as the document does; an unknown one fails deserialisation.
                target[key] = value?.DeepClone();
            }
        }
    }

    private static RuleSet Validated(RuleSet rules, string where)
    {
        var problems = new List<string>();
        foreach (var (name, section) in rules.Sections())
        {
            if (section is null)
            {
                problems.Add($"{name}: a section cannot be null");
                continue;
            }

            var results = new List<ValidationResult>();
            if (!Validator.TryValidateObject(section, new ValidationContext(section), results, validateAllProperties: true))
            {
                problems.AddRange(results.Select(r => $"{name}.{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            }

            if (section is IValidatableObject self)
            {
                problems.AddRange(self.Validate(new ValidationContext(section)).Select(r => $"{name}.{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
            }
        }

        return problems.Count == 0 ? rules : throw new RuleBookException($"{where}: {string.Join("; ", problems.Distinct())}");
    }

    private static string ReadEmbedded()
    {
        using var stream = typeof(RuleBook).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>A rule book that cannot be used; the message names the file, the version and the field at fault.</summary>
public sealed class RuleBookException : Exception
{
    /// <inheritdoc/>
    public RuleBookException(string message)
        : base(message)
    {
    }

    /// <inheritdoc/>
    public RuleBookException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <inheritdoc/>
    public RuleBookException()
    {
    }
}
