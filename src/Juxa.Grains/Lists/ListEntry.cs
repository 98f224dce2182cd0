using System.Text.Json.Nodes;
using Juxa.Records;

namespace Juxa.Lists;

/// <summary>A <c>list_entries</c> row (values in their stored form) with the record it puts on the list.</summary>
public sealed record ListEntry(
    Guid Id,
    Guid ListId,
    Guid RecordId,
    JsonObject Values,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    RecordRow Record);
