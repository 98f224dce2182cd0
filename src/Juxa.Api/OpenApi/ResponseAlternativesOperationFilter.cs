using System.Globalization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Documents a status that an endpoint answers with more than one body type as <c>oneOf</c> those types. ApiExplorer
/// keeps a single type per status, the last one declared: <c>QueryRecords</c>, whose handler returns
/// <c>Results&lt;Ok&lt;…RecordPage&gt;, Ok&lt;…RecordView&gt;, Created&lt;…RecordView&gt;&gt;</c>, was documented as answering
/// 200 with one record, while a query answers a page of them (and only assert mode the record it found).
/// </summary>
/// <remarks>The types come from the handler's own return type (its typed results' metadata), so a new endpoint needs nothing here.</remarks>
public sealed class ResponseAlternativesOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var alternatives = context.ApiDescription.ActionDescriptor.EndpointMetadata
            .OfType<IProducesResponseTypeMetadata>()
            .Where(metadata => metadata.Type is not null && metadata.Type != typeof(void))
            .GroupBy(metadata => metadata.StatusCode, metadata => metadata.Type!)
            .Select(status => (Status: status.Key, Types: status.Distinct().ToList()))
            .Where(status => status.Types.Count > 1);
        foreach (var (status, types) in alternatives)
        {
            if (operation.Responses?.GetValueOrDefault(status.ToString(CultureInfo.InvariantCulture)) is not OpenApiResponse { Content: { } content })
            {
                continue;
            }

            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Schema = new OpenApiSchema { OneOf = types.Select(type => context.SchemaGenerator.GenerateSchema(type, context.SchemaRepository)).ToList() };
            }
        }
    }
}
