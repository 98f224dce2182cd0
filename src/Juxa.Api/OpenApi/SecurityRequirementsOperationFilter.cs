using Juxa.Api.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Documents each operation's access from its <see cref="AccessRequirement"/>, the same metadata
/// <see cref="AccessHandler"/> enforces: the credentials and scopes that pass it, its 401 and 403
/// answers, and in the description what the endpoint needs. An endpoint without one (sign-up,
/// log-in) gets no security requirement: anyone may call it.
/// </summary>
public sealed class SecurityRequirementsOperationFilter : IOperationFilter
{
    public const string BearerScheme = "bearerApiKey";
    public const string CookieScheme = "sessionCookie";
    public const string EmbedScheme = "bearerEmbedToken";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var access = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<AccessRequirement>().LastOrDefault();
        if (access is null)
        {
            return;
        }

        // OpenAPI ANDs the scopes inside one requirement object and ORs the objects of the list. Any one of an access
        // level's scopes suffices, so each scope is a requirement of its own: {"bearerApiKey": ["*", "integrations:read"]}
        // would demand a key holding both.
        operation.Security ??= [];
        foreach (var scope in access.KeyScopes)
        {
            operation.Security.Add(Requirement(BearerScheme, scope, context));
        }

        foreach (var scope in access.EmbedScopes)
        {
            operation.Security.Add(Requirement(EmbedScheme, scope, context));
        }

        if (access.SessionAllowed)
        {
            operation.Security.Add(Requirement(CookieScheme, scope: null, context));
        }

        // Derived here rather than trusted to each route's ProducesErrors list: every guarded endpoint can answer
        // 401 (no or a bad credential) and 403 (a credential without this access).
        foreach (var status in new[] { StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden })
        {
            ErrorResponseDocumentation.AddIfMissing(operation, context, status);
        }

        operation.Description = string.IsNullOrEmpty(operation.Description)
            ? $"Requires {access.Description}."
            : $"{operation.Description}\n\nRequires {access.Description}.";
    }

    private static OpenApiSecurityRequirement Requirement(string scheme, string? scope, OperationFilterContext context) => new()
    {
        [new OpenApiSecuritySchemeReference(scheme, context.Document)] = scope is null ? [] : [scope],
    };
}
