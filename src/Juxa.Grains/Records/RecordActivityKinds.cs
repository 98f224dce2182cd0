namespace Juxa.Records;

/// <summary>
/// The kinds of entries a record's own writes add to its activity feed (docs/records-storage.md). Notes, tasks and
/// list entries add theirs (<see cref="Lists.ListActivityKinds"/>).
/// </summary>
public static class RecordActivityKinds
{
    /// <summary>Changes: <c>{values}</c>, what the record was created with (and <c>source: "import"</c> from an import).</summary>
    public const string Created = "created";

    /// <summary>Changes: <c>{slug: {old, new}}</c> for each attribute that changed.</summary>
    public const string Updated = "updated";

    /// <summary>Changes: <c>{values}</c>, what the record held.</summary>
    public const string Deleted = "deleted";
}
