using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridGovernance.Api.Problems;

/// <summary>
/// Strings in request bodies are plain text: control characters other than tab and line breaks are refused (a NUL,
/// for one, cannot be stored in PostgreSQL text or jsonb), so such input is a 400 naming the field, never a failed write.
/// </summary>
public sealed class PlainTextConverter : JsonConverter<string>
{
    /// <inheritdoc/>
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is not null && text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')))
        {
            throw new JsonException("Text must not contain control characters.");
        }

        return text;
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
