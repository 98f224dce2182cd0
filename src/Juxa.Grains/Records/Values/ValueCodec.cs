using System.Text.Json;
using System.Text.Json.Nodes;
using Juxa.Schema;

namespace Juxa.Records.Values;

/// <summary>
/// The single gateway between attribute values as clients write and read them and as they are stored
/// (docs/records-storage.md, docs/values.md). Writes are lenient and normalised once, here, so storage,
/// uniqueness and queries only ever see one canonical form per type.
/// </summary>
public static class ValueCodec
{
    /// <summary>
    /// Validates and normalises a written value. Null, blank strings, empty lists and object forms whose
    /// fields are all null or blank mean "no value". A list is accepted by every attribute: a multiselect keeps its distinct elements (first
    /// occurrence wins, "distinct" by <see cref="NormalizedValue.UniqueKeys"/>), a single-valued attribute
    /// accepts a list of at most one value, as Attio does.
    /// </summary>
    /// <exception cref="AttributeValueException">The value does not fit the attribute; the message is for the client.</exception>
    public static NormalizedValue Normalize(AttributeDefinition attribute, JsonElement written)
    {
        var items = written.ValueKind == JsonValueKind.Array ? written.EnumerateArray().ToList() : [written];
        var multiselect = IsMultiselect(attribute);
        if (!multiselect && items.Count > 1)
        {
            throw new AttributeValueException($"this attribute holds a single value, but a list of {items.Count} values was given");
        }

        var elements = new List<JsonNode>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (written.ValueKind == JsonValueKind.Array && items[i].ValueKind == JsonValueKind.Array)
            {
                throw new AttributeValueException("lists of lists are not values; give a flat list");
            }

            JsonNode? element;
            try
            {
                element = WriteForms.Parse(attribute, items[i]);
            }
            catch (AttributeValueException e) when (items.Count > 1)
            {
                throw new AttributeValueException($"item {i + 1}: {e.Message}");
            }

            if (element is not null && keys.Add(StoredForms.UniqueKey(attribute.Type, element)))
            {
                elements.Add(element);
            }
        }

        if (elements.Count == 0)
        {
            return NormalizedValue.None;
        }

        return Facts(attribute.Type, multiselect ? new JsonArray([.. elements]) : elements[0]);
    }

    /// <summary>
    /// The output form: a multiselect is always a list (empty when there is no value) so clients never
    /// branch on shape; a single value is the value or null. Select and status resolve to
    /// <c>{"id", "title"}</c> with the option's current title (null if the option was deleted).
    /// </summary>
    public static JsonNode? ToOutput(AttributeDefinition attribute, JsonNode? stored)
    {
        var elements = Elements(stored);
        if (IsMultiselect(attribute))
        {
            return new JsonArray([.. elements.Select(e => StoredForms.Output(attribute, e))]);
        }

        return elements.Count == 0 ? null : StoredForms.Output(attribute, elements[0]);
    }

    /// <summary>
    /// Recomputes references, unique keys and search terms from an already-stored value, for rebuilding
    /// indexes; it does not validate against the current schema (an archived option stays describable).
    /// <see cref="NormalizedValue.Stored"/> is a copy.
    /// </summary>
    public static NormalizedValue Describe(AttributeDefinition attribute, JsonNode? stored) =>
        stored is null ? NormalizedValue.None : Facts(attribute.Type, stored.DeepClone());

    /// <summary>Status is single-valued whatever the flag says: a record is in one stage of a pipeline.</summary>
    private static bool IsMultiselect(AttributeDefinition attribute) =>
        attribute.IsMultiselect && attribute.Type != AttributeType.Status;

    /// <summary>
    /// The elements of a stored value, whichever shape it has. Both shapes are read because the multiselect
    /// flag of an attribute can change after values were stored under the other shape.
    /// </summary>
    private static List<JsonNode> Elements(JsonNode? stored) => stored switch
    {
        null => [],
        JsonArray array => [.. array.OfType<JsonNode>()],
        _ => [stored],
    };

    private static NormalizedValue Facts(AttributeType type, JsonNode stored)
    {
        var elements = Elements(stored);
        return new NormalizedValue(
            stored,
            type == AttributeType.RecordReference ? [.. elements.Select(StoredForms.Reference).Distinct()] : [],
            [.. elements.Select(e => StoredForms.UniqueKey(type, e)).Distinct()],
            [.. elements.SelectMany(e => StoredForms.SearchTerms(type, e)).Where(t => t.Length > 0).Distinct()],
            type == AttributeType.ActorReference ? [.. elements.Select(StoredForms.Actor).Distinct()] : []);
    }
}
