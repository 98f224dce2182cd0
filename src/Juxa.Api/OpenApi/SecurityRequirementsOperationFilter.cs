using Juxa.Api.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Adds each operation's security requirement from its <see cref="AccessRequirement"/>: bearer
/// API keys (with the scopes that grant it) and/or the session cookie, and says in the
/// description what the endpoint needs.
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

        operation.Security ??= [];
        if (access.KeyScopes.Count > 0)
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [.. access.KeyScopes],
            });
        }

        if (access.EmbedScopes.Count > 0)
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(EmbedScheme, context.Document)] = [.. access.EmbedScopes],
            });
        }

        if (access.SessionAllowed)
        {
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [],
            });
        }

        operation.Description = string.IsNullOrEmpty(operation.Description)
            ? $"Requires {access.Description}."
            : $"{operation.Description}\n\nRequires {access.Description}.";
    }
}
