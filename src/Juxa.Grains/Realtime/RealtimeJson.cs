using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Juxa.Realtime;

/// <summary>
/// Turns an event's <c>data</c> into JSON with the API's conventions (camelCase, enums as
/// camelCase strings, nulls left out), so that a DTO pushed over the hub looks exactly like the
/// same DTO returned by the REST API.
/// </summary>
public static class RealtimeJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>
    /// An object as the REST API returns it, plus <c>change</c> (<c>created</c>, <c>updated</c>, ...): the data of an event
    /// kind that stands for several changes, such as <c>taskChanged</c>.
    /// </summary>
    public static JsonObject WithChange(object view, string change)
    {
        var data = JsonSerializer.SerializeToNode(view, view.GetType(), Options)!.AsObject();
        data["change"] = change;
        return data;
    }

    /// <summary>A detached copy for a node (the caller keeps its own), or the value serialized to a node.</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonSerializer.SerializeToNode(element, Options),
        _ => JsonSerializer.SerializeToNode(value, value.GetType(), Options),
    };
}
