using System.Text.Json;

namespace Juxa.Records;

/// <summary>
/// One record: its single writer (so concurrent PATCHes never lose updates) and its hot copy
/// (so single-record reads need no query). Every call names the caller's workspace and object;
/// a record of another workspace or object answers 404 exactly like a missing one.
/// </summary>
public interface IRecordGrain : IGrainWithGuidKey
{
    /// <summary>The record in its output form.</summary>
    Task<RecordView> GetAsync(Guid workspaceId, string objectSlug);

    /// <summary>Creates the record with this grain's id.</summary>
    Task<RecordView> CreateAsync(Guid workspaceId, string objectSlug, JsonElement values, Actor actor);

    /// <summary>Merges the given attribute values into the record.</summary>
    Task<RecordView> UpdateAsync(Guid workspaceId, string objectSlug, JsonElement values, Actor actor);

    /// <summary>Deletes the record, and every reference to it from other records and list entries; its activity stays.</summary>
    Task DeleteAsync(Guid workspaceId, string objectSlug, Actor actor);

    /// <summary>Forgets the copy of the row: it changed without this grain (a record it referenced was deleted), so the next call reads it again.</summary>
    Task InvalidateAsync();
}
