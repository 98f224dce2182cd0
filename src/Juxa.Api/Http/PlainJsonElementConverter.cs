using System.Text.Json;
using System.Text.Json.Serialization;

namespace Juxa.Api.Http;

/// <summary>
/// Reads a JSON value without <see cref="StorableJsonElementConverter"/>'s checks, for a property whose consumer
/// checks its parts one by one: import rows, where a bad string fails its own row, not the whole import.
/// </summary>
public sealed class PlainJsonElementConverter : JsonConverter<JsonElement>
{
    public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => JsonElement.ParseValue(ref reader);

    public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);
}
