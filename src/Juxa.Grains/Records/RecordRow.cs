using System.Text.Json.Nodes;

namespace Juxa.Records;

/// <summary>A <c>records</c> row with values in their stored form (docs/records-storage.md).</summary>
public sealed record RecordRow(
    Guid Id,
    Guid WorkspaceId,
    Guid ObjectId,
    JsonObject Values,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
