namespace Juxa.Workspaces;

/// <summary>One workspace: the single writer of its settings (and, with the records issue, of its schema).</summary>
public interface IWorkspaceGrain : IGrainWithGuidKey
{
    /// <summary>The workspace, from the activation's hot copy.</summary>
    Task<WorkspaceInfo> GetAsync();

    /// <summary>Renames the workspace.</summary>
    Task<WorkspaceInfo> RenameAsync(string name);
}
