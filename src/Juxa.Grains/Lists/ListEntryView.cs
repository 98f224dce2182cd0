using System.Text.Json.Nodes;
using Juxa.Records;

namespace Juxa.Lists;

/// <summary>
/// An entry as the lists API returns it and <c>listEntryChanged</c> pushes it: the record it puts on the list (as the
/// records API returns it) and the entry's own values in output form.
/// </summary>
public sealed record ListEntryView(
    Guid Id, Guid ListId, Guid RecordId, RecordView Record, JsonObject Values, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static ListEntryView From(ListEntryContext context, ListEntry entry) => new(
        entry.Id, entry.ListId, entry.RecordId, RecordFormatter.ToView(context.Object, entry.Record),
        ListEntryFormatter.Values(context.Attributes, entry.Values), entry.CreatedAt, entry.UpdatedAt);
}
