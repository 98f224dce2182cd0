using System.ComponentModel.DataAnnotations;
using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Http;
using Juxa.Api.OpenApi;
using Juxa.Apps;
using Juxa.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.Endpoints;

/// <summary><c>POST /api/v1/apps/osint-research</c> (contract §Embed token auth): a research brief from the configured chat model.</summary>
public static class OsintApi
{
    public static IEndpointRouteBuilder MapOsintApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/apps/osint-research", Research).WithTags("Apps")
            .WithName("OsintResearch")
            .WithSummary("Write an OSINT research brief {subject, question, workspaceAppInstallationId?}; the server fetches no URL")
            .RequireAccess(Access.OsintResearch).ProducesErrors(400, 401, 403, 415, 429, 502, 503);
        return app;
    }

    public static async Task<Ok<DataEnvelope<OsintBrief>>> Research(
        OsintResearchRequest request, Caller caller, InstallationRepository installations, OsintResearcher researcher, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var subject = request.Subject?.Trim();
        var question = request.Question?.Trim();
        if (string.IsNullOrEmpty(subject) || subject.Length > OsintResearcher.MaxSubjectLength)
        {
            errors["subject"] = [$"subject must be 1 to {OsintResearcher.MaxSubjectLength} characters: a person, a company, a domain..."];
        }

        if (string.IsNullOrEmpty(question) || question.Length > OsintResearcher.MaxQuestionLength)
        {
            errors["question"] = [$"question must be 1 to {OsintResearcher.MaxQuestionLength} characters."];
        }

        if (errors.Count > 0)
        {
            throw JuxaException.Validation("The research request is invalid.", errors);
        }

        var installationId = await AppAttribution.ResolveAsync(caller, request.WorkspaceAppInstallationId, installations, cancellationToken);
        return TypedResults.Ok(Envelope.Of(await researcher.ResearchAsync(caller.WorkspaceId, installationId, subject!, question!, cancellationToken)));
    }
}

/// <summary>What to research. <c>workspaceAppInstallationId</c> attributes usage to an installation (embed tokens: always their own).</summary>
public sealed record OsintResearchRequest([property: Required] string? Subject, [property: Required] string? Question, string? WorkspaceAppInstallationId);
