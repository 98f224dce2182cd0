using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Apps;
using Juxa.Errors;
using Juxa.Llm;
using Juxa.Missions;
using Juxa.Records;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary>
/// <c>/api/v1/agent-missions</c> (contract §Agent missions; <c>GET /:id</c> and <c>POST /:id/cancel</c> are paths we add).
/// An embed token sees and starts only its own installation's missions.
/// </summary>
public static class MissionsApi
{
    public const int MaxTitleLength = 200;
    public const int MaxObjectiveLength = 4000;
    public const int MaxRecordIds = 20;

    public static IEndpointRouteBuilder MapMissionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/agent-missions").WithTags("Agent missions").RequireAccess(Access.Missions);
        group.MapGet("", ListMissions)
            .WithName("ListAgentMissions").WithSummary("Missions of the workspace, newest first (paginated)")
            .ProducesErrors(400, 401, 403, 429);
        group.MapPost("", StartMission)
            .WithName("StartAgentMission")
            .WithSummary("Start a mission {title, objective, recordIds?, workspaceAppInstallationId?}; it runs in the background (poll GET /:id)")
            .ProducesErrors(400, 401, 403, 415, 429, 503);
        group.MapGet("/{missionId:guid}", GetMission)
            .WithName("GetAgentMission").WithSummary("A mission's case file: status, steps with their tool calls, log and report")
            .ProducesErrors(401, 403, 404, 429);
        group.MapPost("/{missionId:guid}/cancel", CancelMission)
            .WithName("CancelAgentMission").WithSummary("Stop an unfinished mission")
            .ProducesErrors(401, 403, 404, 409, 429);
        return app;
    }

    public static async Task<Ok<DataEnvelope<MissionPage>>> ListMissions(
        Caller caller, int? limit, int? offset, MissionRepository missions, CancellationToken cancellationToken)
    {
        RequireRead(caller);
        var paging = Paging.From(limit, offset);
        var (page, total) = await missions.ListAsync(caller.WorkspaceId, EmbedInstallation(caller), paging.Limit, paging.Offset, cancellationToken);
        return TypedResults.Ok(Envelope.Of(new MissionPage(page, paging.With(total))));
    }

    public static async Task<Created<DataEnvelope<MissionView>>> StartMission(
        StartMissionRequest request, Caller caller, LlmProvider llm, InstallationRepository installations, RecordRepository records, IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        RequireRead(caller);
        var errors = new Dictionary<string, string[]>();
        var title = request.Title?.Trim();
        var objective = request.Objective?.Trim();
        if (string.IsNullOrEmpty(title) || title.Length > MaxTitleLength)
        {
            errors["title"] = [$"title must be 1 to {MaxTitleLength} characters."];
        }

        if (string.IsNullOrEmpty(objective) || objective.Length > MaxObjectiveLength)
        {
            errors["objective"] = [$"objective must be 1 to {MaxObjectiveLength} characters."];
        }

        var recordIds = request.RecordIds?.Distinct().ToArray() ?? [];
        if (recordIds.Length > MaxRecordIds)
        {
            errors["recordIds"] = [$"recordIds may name at most {MaxRecordIds} records."];
        }
        else
        {
            foreach (var recordId in recordIds)
            {
                if (await records.ObjectOfAsync(caller.WorkspaceId, recordId) is null)
                {
                    errors["recordIds"] = [$"Record {recordId} was not found in this workspace."];
                    break;
                }
            }
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The mission is invalid.", errors);
        }

        var installationId = await AppAttribution.ResolveAsync(caller, request.WorkspaceAppInstallationId, installations, cancellationToken);
        if (!llm.IsConfigured)
        {
            throw LlmProvider.NotConfigured();
        }

        var id = Guid.CreateVersion7();
        var mission = await grains.GetGrain<IMissionGrain>(id).StartAsync(new NewMission(
            caller.WorkspaceId, installationId, RecordsApi.Actor(caller), caller.MemberId, title!, objective!, recordIds));
        return TypedResults.Created($"/api/v1/agent-missions/{id}", Envelope.Of(mission));
    }

    public static async Task<Ok<DataEnvelope<MissionView>>> GetMission(Guid missionId, Caller caller, IGrainFactory grains)
    {
        RequireRead(caller);
        return TypedResults.Ok(Envelope.Of(Visible(caller, await grains.GetGrain<IMissionGrain>(missionId).GetAsync(caller.WorkspaceId))));
    }

    public static async Task<Ok<DataEnvelope<MissionView>>> CancelMission(Guid missionId, Caller caller, IGrainFactory grains)
    {
        RequireRead(caller);
        var grain = grains.GetGrain<IMissionGrain>(missionId);
        Visible(caller, await grain.GetAsync(caller.WorkspaceId));
        return TypedResults.Ok(Envelope.Of(await grain.CancelAsync(caller.WorkspaceId)));
    }

    /// <summary>Missions read CRM data with their tools: a caller that may not read the CRM may not run them.</summary>
    private static void RequireRead(Caller caller)
    {
        if (!AccessHandler.Allows(Access.Read, caller))
        {
            throw JuxaException.Forbidden("Agent missions read CRM data: this credential also needs " + Access.Read.Description +
                (caller.Kind == CallerKind.Embed ? " (for an embed token: crm:read or crm:write)." : "."));
        }
    }

    private static Guid? EmbedInstallation(Caller caller) => caller.Kind == CallerKind.Embed ? caller.InstallationId : null;

    /// <summary>Another installation's mission is, to an embed token, as if it did not exist.</summary>
    private static MissionView Visible(Caller caller, MissionView mission) =>
        caller.Kind != CallerKind.Embed || mission.WorkspaceAppInstallationId == caller.InstallationId ? mission : throw JuxaException.NotFound("Mission");
}

/// <summary>
/// A mission. <c>recordIds</c> (at most 20) are records of this workspace the agent should start from;
/// <c>workspaceAppInstallationId</c> must be the UUID of an app installation of this workspace (400 otherwise).
/// </summary>
public sealed record StartMissionRequest([property: Required] string? Title, [property: Required] string? Objective, IReadOnlyList<Guid>? RecordIds, string? WorkspaceAppInstallationId);

public sealed record MissionPage(IReadOnlyList<MissionSummary> Missions, Pagination Pagination);
