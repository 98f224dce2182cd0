using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Juxa.Api.Endpoints;
using Juxa.Api.Health;
using Juxa.Api.Http;
using Juxa.Api.LlmDocs;
using Juxa.Api.OpenApi;
using Juxa.Hosting;
using Microsoft.OpenApi;
using Orleans.Dashboard;

namespace Juxa.Api.Extensions;

public static class PipelineExtensions
{
    /// <summary>The middleware, in the order it must run.</summary>
    public static WebApplication UseJuxaPipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<NoStoreMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(EnvelopeStatusCodePages.WriteAsync);
        app.UseRouting();
        // Sign-in endpoints only (SignInThrottle), before their bodies are read; keys have their own limit after authentication.
        app.UseMiddleware<SignInThrottleMiddleware>();
        app.UseAuthentication();
        app.UseMiddleware<RateLimitMiddleware>();
        // After the key's limit: a request these refuse is still one of the key's requests, counted, answered with its
        // RateLimit-* headers, and 429 once the key is over its limit. None of them needs a credential to answer.
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseMiddleware<QueryTextMiddleware>();
        app.UseMiddleware<RepeatedQueryParameterMiddleware>();
        app.UseMiddleware<CsrfProtectionMiddleware>();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Every endpoint the API serves.</summary>
    public static WebApplication MapJuxaEndpoints(this WebApplication app)
    {
        // The document is named "openapi", so this route serves it at /openapi.json as the contract says. An endpoint
        // rather than middleware, so literal routes such as /openapi-llm-tools.json take precedence over the pattern.
        // Its servers entry is where it was fetched from, as /openapi-llm-tools.json's is: a client generated from it
        // (openapi-generator, Postman) then calls this deployment, not a guessed base URL.
        app.MapSwagger("/{documentName}.json", options => options.PreSerializeFilters.Add((document, request) =>
            document.Servers = [new OpenApiServer { Url = $"{request.Scheme}://{request.Host}{request.PathBase}" }]));
        // Only requests under /swagger reach the UI middleware; otherwise it would look at every API request's path.
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/swagger"), swagger => swagger.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint($"/{OpenApiServiceCollectionExtensions.DocumentName}.json", "Juxa CRM API v1");
        }));

        app.MapJuxaHealthChecks();
        // The /api routes, as one group for the conventions every one of them follows.
        var api = app.MapGroup("").AnswerHeadLikeGet().RefuseBodyWhereNoneIsTaken();
        api.MapAuthApi();
        api.MapWorkspaceApi();
        api.MapApiKeysApi();
        api.MapMembersApi();
        api.MapObjectsApi();
        api.MapAttributesApi();
        api.MapRecordsApi();
        api.MapSearchApi();
        api.MapNotesApi();
        api.MapTasksApi();
        api.MapNotificationsApi();
        api.MapListsApi();
        api.MapHandoffApi();
        api.MapEntitlementsApi();
        api.MapAppsApi();
        api.MapOsintApi();
        api.MapMissionsApi();
        api.MapChatApi();
        app.MapJuxaRealtime();
        app.MapJuxaLlmDocs();

        // Cluster-wide: its log stream and grain statistics cover every workspace, so no workspace admin may see it.
        if (OrleansHostingExtensions.JuxaOrleansOptions(app.Configuration).Dashboard)
        {
            app.MapOrleansDashboard(routePrefix: "/dashboard").RequireAccess(Access.PlatformOperator).ExcludeFromDescription();
        }

        return app;
    }
}
