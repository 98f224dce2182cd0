using System.Text.Json.Nodes;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Records;

/// <summary>
/// The values in a record's activity entries, in the output form a record read gives (docs/values.md), against the
/// current schema: a select or status value is <c>{id, title}</c> with the option's current title, a personal name
/// has its <c>full_name</c>. Entries keep the stored forms as written (record_activity), so that they stay true to
/// what happened whatever the schema does later; only the reading formats them.
/// <para>
/// A value is formatted by its attribute only if that attribute existed when the entry was written. A value of a
/// deleted attribute, or of one whose slug a later attribute took (perhaps of another type), stays as stored.
/// </para>
/// </summary>
public static class ActivityFormatter
{
    /// <summary>The entry's changes with its values in output form; kinds without record values are returned as they are.</summary>
    public static JsonObject Changes(ObjectDefinition obj, ActivityEntry entry) => entry.Kind switch
    {
        "created" or "deleted" when entry.Changes["values"] is JsonObject values =>
            new JsonObject { ["values"] = Map(values, (slug, value) => Output(obj, slug, value, entry.At)) },
        "updated" => Map(entry.Changes, (slug, change) => change is JsonObject { Count: 2 } oldNew && oldNew.ContainsKey("old") && oldNew.ContainsKey("new")
            ? new JsonObject { ["old"] = Output(obj, slug, oldNew["old"], entry.At), ["new"] = Output(obj, slug, oldNew["new"], entry.At) }
            : change?.DeepClone()),
        _ => entry.Changes,
    };

    private static JsonObject Map(JsonObject source, Func<string, JsonNode?, JsonNode?> map)
    {
        var mapped = new JsonObject();
        foreach (var (key, value) in source)
        {
            mapped[key] = map(key, value);
        }

        return mapped;
    }

    /// <summary>A stored value in output form; null (no value) stays null, as the entry wrote it.</summary>
    private static JsonNode? Output(ObjectDefinition obj, string slug, JsonNode? stored, DateTimeOffset at)
    {
        var attribute = obj.Attributes.FirstOrDefault(a => a.Slug == slug);
        if (stored is null || attribute is null || attribute.CreatedAt > at)
        {
            return stored?.DeepClone();
        }

        try
        {
            return ValueCodec.ToOutput(attribute, stored);
        }
        catch (Exception error) when (error is FormatException or InvalidOperationException)
        {
            // A stored form this attribute cannot read: the feed shows it as written rather than failing the whole page.
            return stored.DeepClone();
        }
    }
}
