using System.Text.Json;
using System.Text.Json.Serialization;

namespace Juxa.Api.Http;

/// <summary>Reads request strings, refusing a NUL character (<see cref="StorableText"/>); writes them as usual.</summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return text is not null && text.Contains('\0') ? throw StorableText.Nul() : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
