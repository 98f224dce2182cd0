namespace Juxa.Realtime;

/// <summary>
/// SignalR group names, in one place for the grains (which address events to groups) and the hub
/// (which puts connections in them). Object groups include the workspace id: slugs such as
/// <c>people</c> exist in every workspace.
/// </summary>
public static class RealtimeGroups
{
    public static string Workspace(Guid workspaceId) => $"workspace:{workspaceId}";

    public static string User(Guid memberId) => $"user:{memberId}";

    public static string Record(Guid recordId) => $"record:{recordId}";

    public static string Object(Guid workspaceId, string slug) => $"object:{workspaceId}:{slug}";

    /// <summary>The groups a workspace event goes to: the workspace's, and its object's and record's when it names them.</summary>
    public static string[] For(RealtimeEvent e)
    {
        var groups = new List<string>(3) { Workspace(e.WorkspaceId) };
        if (!string.IsNullOrEmpty(e.Object))
        {
            groups.Add(Object(e.WorkspaceId, e.Object));
        }

        if (e.RecordId is { } recordId)
        {
            groups.Add(Record(recordId));
        }

        return [.. groups];
    }
}
