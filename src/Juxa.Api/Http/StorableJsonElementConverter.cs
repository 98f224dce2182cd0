using System.Text.Json;
using System.Text.Json.Serialization;
using Juxa.Database;

namespace Juxa.Api.Http;

/// <summary>
/// Reads free-form request JSON (record values, filters, import rows) and checks every string and key in it
/// (<see cref="StorableText"/>): such JSON is copied into grain calls and jsonb columns, where unstorable text would
/// otherwise fail as a 500. Repeated keys are refused too, as they are for typed bodies
/// (<c>AllowDuplicateProperties = false</c>). Writes elements as they are.
/// </summary>
public sealed class StorableJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var element = JsonElement.ParseValue(ref reader);
        return StorableText.Check(element) is { } problem ? throw new RequestTextException(problem) : element;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
}
