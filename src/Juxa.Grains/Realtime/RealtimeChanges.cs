using System.Text.Json.Nodes;

namespace Juxa.Realtime;

/// <summary>Which attributes an update changed, for <c>recordUpdated.changedAttributes</c>.</summary>
public static class RealtimeChanges
{
    /// <summary>The slugs whose stored value differs between the two versions (added, removed or changed), in ordinal order.</summary>
    public static string[] Between(JsonObject before, JsonObject after) =>
        before.Select(p => p.Key).Union(after.Select(p => p.Key), StringComparer.Ordinal)
            .Where(slug => !JsonNode.DeepEquals(before[slug], after[slug]))
            .Order(StringComparer.Ordinal)
            .ToArray();
}
