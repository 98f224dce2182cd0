using System.Text.Json;
using System.Text.Json.Serialization;
using Juxa.Database;

namespace Juxa.Api.Http;

/// <summary>Reads request strings, refusing what cannot be stored (<see cref="StorableText"/>); writes them as usual.</summary>
public sealed class StorableStringConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            // Without a message the serializer writes its usual one ("could not be converted"), with the path.
            throw new JsonException();
        }

        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new RequestTextException(StorableText.NotUnicode());
        }

        return text.Contains('\0') ? throw new RequestTextException(StorableText.Nul()) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
