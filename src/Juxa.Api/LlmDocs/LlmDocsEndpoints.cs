using Juxa.Chat.Tools;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Juxa.Api.LlmDocs;

/// <summary>
/// <c>/openapi-llm-tools.json</c>, <c>/llms.txt</c> and <c>/llms-full.txt</c>: anonymous, like
/// <c>/openapi.json</c>, and generated at request time from the running code (see docs/llm-universal-integration.md).
/// </summary>
public static class LlmDocsEndpoints
{
    public static IEndpointRouteBuilder MapJuxaLlmDocs(this IEndpointRouteBuilder app)
    {
        app.MapGet("/openapi-llm-tools.json", ToolsDocument).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/llms.txt", Overview).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/llms-full.txt", Full).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    public static async Task<ContentHttpResult> ToolsDocument(HttpRequest request, OpenApiJson openApi) =>
        TypedResults.Text(LlmToolsDocument.Build(await openApi.GetAsync(), Origin(request)).ToJsonString(), "application/json; charset=utf-8");

    public static async Task<ContentHttpResult> Overview(HttpRequest request, OpenApiJson openApi) =>
        TypedResults.Text(LlmsText.Overview(await openApi.GetAsync(), Origin(request)), "text/plain; charset=utf-8");

    public static async Task<ContentHttpResult> Full(HttpRequest request, OpenApiJson openApi, CrmTools tools) =>
        TypedResults.Text(LlmsText.Full(await openApi.GetAsync(), Origin(request), tools), "text/plain; charset=utf-8");

    /// <summary>Where this server was reached, so generated links and <c>servers</c> work as given.</summary>
    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}";
}
