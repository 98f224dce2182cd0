using System.Text.Json.Nodes;
using Juxa.Lists;
using Juxa.Records.Values;
using Juxa.Schema;

namespace Juxa.Records;

/// <summary>
/// The values in a record's activity entries, in the output form a read gives (docs/values.md), against the current
/// schema: a select or status value is <c>{id, title}</c> with the option's current title, a personal name has its
/// <c>full_name</c>. Record entries are read by the record's object's attributes, list-entry entries by their list's.
/// The table keeps the stored forms as written (record_activity), so that entries stay true to what happened whatever
/// the schema does later; only the reading formats them.
/// <para>
/// A value is formatted by its attribute only if that attribute existed when the entry was written. A value of a
/// deleted attribute (or list), or of one whose slug a later attribute took (perhaps of another type), stays as stored.
/// </para>
/// </summary>
public static class ActivityFormatter
{
    /// <summary>The entry's changes with its values in output form; kinds without values are returned as they are.</summary>
    /// <param name="entry">An entry of a record of <paramref name="obj"/>.</param>
    /// <param name="obj">The record's object, as the schema has it now.</param>
    /// <param name="listAttributes">The attributes of the lists the page's list-entry entries name; a list missing here was deleted.</param>
    public static JsonObject Changes(ActivityEntry entry, ObjectDefinition obj, IReadOnlyDictionary<Guid, IReadOnlyList<AttributeDefinition>> listAttributes)
    {
        var changes = entry.Changes;
        return entry.Kind switch
        {
            RecordActivityKinds.Created or RecordActivityKinds.Deleted when changes["values"] is JsonObject values =>
                Replace(changes, "values", Values(values, obj.Attributes, entry.At)),
            RecordActivityKinds.Updated => OldAndNew(changes, obj.Attributes, entry.At),
            _ when ListActivityKinds.Contains(entry.Kind)
                && changes["values"] is JsonObject values && ListId(changes) is { } listId && listAttributes.TryGetValue(listId, out var attributes) =>
                Replace(changes, "values", entry.Kind == ListActivityKinds.EntryUpdated
                    ? OldAndNew(values, attributes, entry.At)
                    : Values(values, attributes, entry.At)),
            _ => changes,
        };
    }

    /// <summary>The list a list-entry entry names (<c>changes.listId</c>), if it is one.</summary>
    public static Guid? ListId(JsonObject changes) =>
        changes["listId"] is JsonValue id && id.TryGetValue<string>(out var text) && Guid.TryParse(text, out var listId) ? listId : null;

    private static JsonObject Replace(JsonObject changes, string key, JsonObject value)
    {
        var replaced = new JsonObject();
        foreach (var (name, node) in changes)
        {
            replaced[name] = name == key ? value : node?.DeepClone();
        }

        return replaced;
    }

    /// <summary><c>{slug: value}</c>, each value in output form.</summary>
    private static JsonObject Values(JsonObject values, IReadOnlyList<AttributeDefinition> attributes, DateTimeOffset at) =>
        Map(values, (slug, value) => Output(attributes, slug, value, at));

    /// <summary><c>{slug: {old, new}}</c>, both in output form.</summary>
    private static JsonObject OldAndNew(JsonObject changed, IReadOnlyList<AttributeDefinition> attributes, DateTimeOffset at) =>
        Map(changed, (slug, change) => change is JsonObject { Count: 2 } pair && pair.ContainsKey("old") && pair.ContainsKey("new")
            ? new JsonObject { ["old"] = Output(attributes, slug, pair["old"], at), ["new"] = Output(attributes, slug, pair["new"], at) }
            : change?.DeepClone());

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
    private static JsonNode? Output(IReadOnlyList<AttributeDefinition> attributes, string slug, JsonNode? stored, DateTimeOffset at)
    {
        var attribute = attributes.FirstOrDefault(a => a.Slug == slug);
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
