using System.Text.Json;
using System.Text.Json.Serialization;

namespace Juxa.Api.Http;

/// <summary>
/// Reads request timestamps as UTC: <c>2030-01-01T00:00:00+01:00</c> is the instant <c>2029-12-31T23:00:00Z</c>.
/// Npgsql writes only UTC values to <c>timestamptz</c>, so an offset kept as given would fail at the database.
/// </summary>
public sealed class UtcDateTimeOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
