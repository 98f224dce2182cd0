using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Records;

/// <summary>PATCH semantics for stored values (records and list entries alike): named attributes change, a null clears one, the rest stay.</summary>
public static class ValuePatch
{
    /// <summary>The attributes whose normalized value differs from the stored one: only they are written, logged and published.</summary>
    public static Dictionary<AttributeDefinition, NormalizedValue> Changed(JsonObject current, IReadOnlyDictionary<AttributeDefinition, NormalizedValue> validated) =>
        validated.Where(v => !JsonNode.DeepEquals(v.Value.Stored, current[v.Key.Slug])).ToDictionary();

    /// <summary>
    /// The merged values, and the activity entry's <c>{slug: {old, new}}</c>. Keys with no live
    /// attribute (<paramref name="isLive"/> false: deleted since the copy was read) are dropped, never written back.
    /// </summary>
    public static (JsonObject Stored, JsonObject Changes) Apply(
        JsonObject current, IReadOnlyDictionary<AttributeDefinition, NormalizedValue> changed, Func<string, bool> isLive)
    {
        var stored = new JsonObject();
        foreach (var (slug, value) in current.Where(p => isLive(p.Key)))
        {
            stored[slug] = value?.DeepClone();
        }

        var changes = new JsonObject();
        foreach (var (attribute, value) in changed)
        {
            changes[attribute.Slug] = new JsonObject { ["old"] = current[attribute.Slug]?.DeepClone(), ["new"] = value.Stored?.DeepClone() };
            if (value.Stored is null)
            {
                stored.Remove(attribute.Slug);
            }
            else
            {
                stored[attribute.Slug] = value.Stored.DeepClone();
            }
        }

        return (stored, changes);
    }
}
