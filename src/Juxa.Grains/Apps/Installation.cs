namespace Juxa.Apps;

/// <summary>An app installed in a workspace.</summary>
public sealed record Installation(
    Guid Id,
    Guid WorkspaceId,
    AppEntry App,
    Guid? InstalledByMemberId,
    DateTimeOffset InstalledAt);
