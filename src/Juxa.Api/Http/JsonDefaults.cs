using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Juxa.Api.Http;

/// <summary>
/// The API's JSON: camelCase property names (dictionary keys such as attribute slugs stay as
/// written), enums as camelCase strings, nulls left out. Request bodies may not repeat a key, and
/// their strings must be storable (<see cref="Juxa.Database.StorableText"/>).
/// </summary>
public static class JsonDefaults
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Responses are application/json, never embedded in HTML: keep quotes and non-ASCII text readable.
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        // {"slug":"a","slug":"b"} is a mistake somewhere; taking the last one silently would hide it.
        options.AllowDuplicateProperties = false;
        options.Converters.Add(new StorableStringConverter());
        options.Converters.Add(new StorableJsonElementConverter());
        options.Converters.Add(new UtcDateTimeOffsetConverter());
        return options;
    }
}
