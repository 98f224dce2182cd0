using Juxa.Records;
using Juxa.Records.Query;
using Juxa.Schema;
using Orleans.Concurrency;

namespace Juxa.Workspaces;

/// <summary>
/// One workspace: the single writer of its settings and of its schema (objects, attributes,
/// options). Schema reads hand out immutable, versioned snapshots that callers cache.
/// </summary>
public interface IWorkspaceGrain : IGrainWithGuidKey
{
    /// <summary>How long a schema call that builds an attribute index may take (a concurrent build reads the whole records table).</summary>
    const string AttributeIndexBuildTimeout = "00:30:00";

    /// <summary>The workspace, from the activation's hot copy.</summary>
    Task<WorkspaceInfo> GetAsync();

    /// <summary>Renames the workspace.</summary>
    Task<WorkspaceInfo> RenameAsync(string name);

    /// <summary>The current schema snapshot.</summary>
    [AlwaysInterleave]
    Task<WorkspaceSchema> GetSchemaAsync();

    /// <summary>The current schema version: cheap, so caches can check freshness without copying the schema.</summary>
    [AlwaysInterleave]
    Task<long> GetSchemaVersionAsync();

    /// <summary>Creates a custom object.</summary>
    Task<ObjectDefinition> CreateObjectAsync(ObjectInput input);

    /// <summary>Renames, re-icons, archives or unarchives an object; an archived one takes nothing new (<see cref="ArchivedObjects"/>).</summary>
    Task<ObjectDefinition> UpdateObjectAsync(string slug, ObjectPatch patch);

    /// <summary>Deletes a custom object and every record of it; returns the deleted object's id.</summary>
    Task<Guid> DeleteObjectAsync(string slug, Actor actor);

    /// <summary>Adds an attribute to an object (with <c>isIndexed</c>, once its index is built); an archived object refuses it (409).</summary>
    /// <remarks>Building an index scans the records table, which can outlast Orleans' default 30 s response timeout.</remarks>
    [ResponseTimeout(AttributeIndexBuildTimeout)]
    Task<AttributeDefinition> CreateAttributeAsync(string objectSlug, AttributeInput input);

    /// <summary>Changes an attribute's title, flags or config; <c>isIndexed</c> returns once the index is built or dropped.</summary>
    [ResponseTimeout(AttributeIndexBuildTimeout)]
    Task<AttributeDefinition> UpdateAttributeAsync(string objectSlug, Guid attributeId, AttributePatch patch);

    /// <summary>
    /// Brings this workspace's attribute indexes in line with their flags: builds what a flagged attribute lacks (or a
    /// build left invalid), drops what an unflagged one still has. <see cref="AttributeIndexRepairer"/> calls it.
    /// </summary>
    [ResponseTimeout(AttributeIndexBuildTimeout)]
    Task<AttributeIndexRepair> RepairIndexesAsync();

    /// <summary>Deletes a custom attribute and its values from every record.</summary>
    Task DeleteAttributeAsync(string objectSlug, Guid attributeId);

    /// <summary>Adds a select option or a status; <paramref name="kind"/>, when given, must be the attribute's type.</summary>
    Task<AttributeOption> CreateOptionAsync(string objectSlug, Guid attributeId, OptionInput input, AttributeType? kind);

    /// <summary>Renames, recolours or (de)activates an option.</summary>
    Task<AttributeOption> UpdateOptionAsync(string objectSlug, Guid optionId, AttributeType kind, OptionInput patch);

    /// <summary>Deletes an option that no record uses.</summary>
    Task DeleteOptionAsync(string objectSlug, Guid optionId, AttributeType kind);
}
