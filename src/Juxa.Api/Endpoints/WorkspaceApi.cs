using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>/api/v1/workspace</c>: the caller's own workspace.</summary>
public static class WorkspaceApi
{
    public static IEndpointRouteBuilder MapWorkspaceApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspace").WithTags("Workspace");

        group.MapGet("", GetWorkspace)
            .WithName("GetWorkspace").WithSummary("Get the caller's workspace")
            .RequireAccess(Access.Read).ProducesErrors(401, 403, 429);

        group.MapPatch("", UpdateWorkspace)
            .WithName("UpdateWorkspace").WithSummary("Rename the workspace (admin)")
            .RequireAccess(Access.Admin).ProducesErrors(400, 401, 403, 429);

        return app;
    }

    public static async Task<Ok<DataEnvelope<WorkspaceInfo>>> GetWorkspace(Caller caller, IGrainFactory grains) =>
        TypedResults.Ok(Envelope.Of(await grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId).GetAsync()));

    public static async Task<Ok<DataEnvelope<WorkspaceInfo>>> UpdateWorkspace(UpdateWorkspaceRequest request, Caller caller, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IWorkspaceGrain>(caller.WorkspaceId);
        return TypedResults.Ok(Envelope.Of(request.Name is null ? await grain.GetAsync() : await grain.RenameAsync(request.Name)));
    }
}

/// <summary>Fields to change; absent fields stay as they are.</summary>
public sealed record UpdateWorkspaceRequest(string? Name);
