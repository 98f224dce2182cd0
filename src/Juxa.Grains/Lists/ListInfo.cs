namespace Juxa.Lists;

/// <summary>
/// A <c>lists</c> row, with the slug of the object whose records it holds. <c>CreatedByMemberId</c> is the
/// member who created it (a private list is visible only to them), null once they left the workspace.
/// <c>EntryCount</c> is null where the query did not count entries (inside write transactions).
/// </summary>
public sealed record ListInfo(
    Guid Id,
    Guid WorkspaceId,
    Guid ObjectId,
    string ObjectSlug,
    string Name,
    bool IsPrivate,
    Guid? CreatedByMemberId,
    long? EntryCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
