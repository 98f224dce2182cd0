using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Juxa.Api.OpenApi;

/// <summary>
/// Marks a query parameter <c>required</c> when its handler parameter carries <c>[Required]</c>. Such parameters are
/// declared nullable, so that the handler can answer a missing one with a <c>400 VALIDATION_ERROR</c> naming it
/// (<c>?q=</c> of a search, <c>?attributeId=</c> of the options list), and ApiExplorer takes a nullable minimal-API
/// parameter for an optional one, whatever its attributes. A client generated from the document would then leave out
/// a value every call needs. As on request bodies, <c>[Required]</c> only describes: nothing calls <c>AddValidation</c>.
/// </summary>
/// <remarks>The attribute sits on the handler's own parameter, so a new endpoint needs nothing here.</remarks>
public sealed class RequiredQueryParametersOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var required = context.MethodInfo?.GetParameters()
            .Where(parameter => parameter.GetCustomAttribute<RequiredAttribute>() is not null)
            .Select(parameter => parameter.Name)
            .ToHashSet(StringComparer.Ordinal) ?? [];
        foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
        {
            if (parameter.In == ParameterLocation.Query && required.Contains(parameter.Name))
            {
                parameter.Required = true;
            }
        }
    }
}
