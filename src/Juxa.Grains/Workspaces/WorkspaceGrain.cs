using Juxa.Errors;

namespace Juxa.Workspaces;

/// <summary>Holds the workspace row; the <c>workspaces</c> table is the source of truth.</summary>
public sealed class WorkspaceGrain(WorkspaceRepository workspaces, TimeProvider time) : Grain, IWorkspaceGrain
{
    public const int MaxNameLength = 200;

    private WorkspaceInfo? _workspace;

    public override async Task OnActivateAsync(CancellationToken cancellationToken) =>
        _workspace = await workspaces.GetAsync(this.GetPrimaryKey(), cancellationToken);

    public Task<WorkspaceInfo> GetAsync() => Task.FromResult(Current());

    public async Task<WorkspaceInfo> RenameAsync(string name)
    {
        Current();
        var trimmed = ValidateName(name);
        _workspace = await workspaces.RenameAsync(this.GetPrimaryKey(), trimmed, time.GetUtcNow())
            ?? throw JuxaException.NotFound("Workspace");
        return _workspace;
    }

    /// <summary>A workspace name: 1 to 200 characters once trimmed.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            throw JuxaException.Validation("name", $"name must be 1 to {MaxNameLength} characters.");
        }

        return trimmed;
    }

    private WorkspaceInfo Current()
    {
        if (_workspace is null)
        {
            DeactivateOnIdle();
            throw JuxaException.NotFound("Workspace");
        }

        return _workspace;
    }
}
