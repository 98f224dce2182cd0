namespace Juxa.Lists;

/// <summary>
/// Who is looking at lists: every list query is scoped to <see cref="WorkspaceId"/> and filtered to
/// what this viewer may see. A private list is visible to its creator only (an API key acts as the
/// member who created the key, so it sees that member's private lists); a private list whose creator
/// left the workspace is visible to admins, so it can be made public or deleted rather than lost.
/// Everything a viewer may see, it may also change (given write access).
/// </summary>
public sealed record ListViewer(Guid WorkspaceId, Guid? MemberId, bool IsAdmin);
