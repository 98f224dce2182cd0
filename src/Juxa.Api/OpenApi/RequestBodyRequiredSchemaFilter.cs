using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Keeps a request body's <c>required</c> list to its <c>[Required]</c> members. Request records declare their
/// members nullable, so that a handler can name a missing field in its VALIDATION_ERROR, and mark the ones it refuses
/// to go without. A non-nullable <see cref="System.Text.Json.JsonElement"/> there (a task's deadline) is optional all
/// the same: its default, Undefined, is how the handler tells "left out" from <c>null</c>. Yet Swashbuckle's
/// <c>NonNullableReferenceTypesAsRequired</c>, right for responses, would list it.
/// </summary>
/// <remarks>The request body types are the endpoints' body parameters, so a new endpoint needs nothing here.</remarks>
public sealed class RequestBodyRequiredSchemaFilter(IApiDescriptionGroupCollectionProvider apiDescriptions, ISerializerDataContractResolver contracts)
    : ISchemaFilter
{
    private readonly Lazy<IReadOnlySet<Type>> _requestBodies = new(() => apiDescriptions.ApiDescriptionGroups.Items
        .SelectMany(group => group.Items)
        .SelectMany(description => description.ParameterDescriptions)
        .Where(parameter => parameter.Source == BindingSource.Body)
        .Select(parameter => parameter.Type)
        .ToHashSet());

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema { Required.Count: > 0 } concrete || !_requestBodies.Value.Contains(context.Type))
        {
            return;
        }

        var marked = contracts.GetDataContractForType(context.Type).ObjectProperties
            .Where(property => property.MemberInfo?.GetCustomAttribute<RequiredAttribute>() is not null)
            .Select(property => property.Name);
        concrete.Required.IntersectWith(marked);
    }
}
