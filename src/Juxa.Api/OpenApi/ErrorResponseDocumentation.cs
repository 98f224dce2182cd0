using Juxa.Api.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>Adds an error status to an operation's responses, as the error envelope, for the filters that derive statuses from the pipeline.</summary>
internal static class ErrorResponseDocumentation
{
    /// <summary>Leaves a status the route documents itself (its own description, say) as it is.</summary>
    public static void AddIfMissing(OpenApiOperation operation, OperationFilterContext context, int status)
    {
        var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        operation.Responses ??= [];
        if (operation.Responses.ContainsKey(key))
        {
            return;
        }

        operation.Responses[key] = new OpenApiResponse
        {
            Description = ReasonPhrases.GetReasonPhrase(status),
            Content = new Dictionary<string, IOpenApiMediaType>
            {
                ["application/json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(ErrorEnvelope), context.SchemaRepository) },
            },
        };
    }
}
