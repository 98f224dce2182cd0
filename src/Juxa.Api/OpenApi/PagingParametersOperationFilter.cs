using System.Globalization;
using Juxa.Api.Http;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Documents the bounds of the paging query parameters: <c>?limit</c> 1 to <see cref="Paging.MaxLimit"/>, <c>?offset</c>
/// 0 or more. Every handler that takes them reads them through <see cref="Paging.From"/>, which answers anything else
/// with a 400, so a client generated from the document could learn the bounds only from that 400.
/// </summary>
/// <remarks>The bounds are <see cref="Paging"/>'s own, so a new paged endpoint needs nothing here.</remarks>
public sealed class PagingParametersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && parameter.Schema is OpenApiSchema schema)
            {
                Bound(schema, parameter.Name);
            }
        }
    }

    /// <summary>Sets the bounds on an integer <c>limit</c> or <c>offset</c> schema (a query parameter, or a query body's member).</summary>
    public static void Bound(OpenApiSchema schema, string? name)
    {
        if (schema.Type is not { } type || !type.HasFlag(JsonSchemaType.Integer))
        {
            return;
        }

        switch (name)
        {
            case "limit":
                schema.Minimum = "1";
                schema.Maximum = Paging.MaxLimit.ToString(CultureInfo.InvariantCulture);
                break;
            case "offset":
                schema.Minimum = "0";
                break;
        }
    }
}
