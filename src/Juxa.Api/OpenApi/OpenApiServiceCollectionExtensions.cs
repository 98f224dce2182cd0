using System.Reflection;
using Juxa.Api.Authentication;
using Microsoft.OpenApi;

namespace Juxa.Api.OpenApi;

public static class OpenApiServiceCollectionExtensions
{
    public const string DocumentName = "openapi";

    /// <summary>Swashbuckle's generator for <c>/openapi.json</c>: every route, schema, error and security scheme.</summary>
    public static IServiceCollection AddJuxaOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSingleton<LlmDocs.OpenApiJson>();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Juxa CRM API",
                Version = "v1",
                Description = "The JUXA.IO CRM API. Success responses are {\"data\": …}; errors are {\"error\": {\"code\", \"message\", \"details\"?}}.",
            });
            options.AddSecurityDefinition(SecurityRequirementsOperationFilter.BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key: Authorization: Bearer oc_sk_…",
            });
            options.AddSecurityDefinition(SecurityRequirementsOperationFilter.EmbedScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An app embed token: Authorization: Bearer oc_embed_… (short-lived; scopes from the app manifest, see docs/apps.md)",
            });
            options.AddSecurityDefinition(SecurityRequirementsOperationFilter.CookieScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SessionCookie.Name,
                Description = "The session cookie set by /api/v1/auth/login or /api/v1/auth/signup.",
            });
            // Every GET route also answers HEAD (HeadLikeGet); listing each a second time as HEAD would say nothing new.
            // Otherwise Swashbuckle's default: an operation of no named group belongs to every document.
            options.DocInclusionPredicate((document, operation) =>
                !HttpMethods.IsHead(operation.HttpMethod ?? "") && (operation.GroupName is null || operation.GroupName == document));
            options.OperationFilter<SecurityRequirementsOperationFilter>();
            options.OperationFilter<PipelineErrorsOperationFilter>();
            options.OperationFilter<ResponseAlternativesOperationFilter>();
            options.OperationFilter<EventStreamOperationFilter>();
            options.OperationFilter<RequiredQueryParametersOperationFilter>();
            options.OperationFilter<PagingParametersOperationFilter>();
            options.SupportNonNullableReferenceTypes();
            // The schemas' required lists. Responses: every non-nullable member (value types too, in Swashbuckle 11), since
            // the JSON leaves out nulls and nothing else. Requests: the [Required] members only (RequestBodyRequiredSchemaFilter).
            // That attribute only describes: nothing calls AddValidation, so the handlers' own checks and messages stay the rule.
            options.NonNullableReferenceTypesAsRequired();
            options.SchemaFilter<RequestBodyRequiredSchemaFilter>();
            options.SchemaFilter<RecordQuerySchemaFilter>();
            options.CustomSchemaIds(SchemaId);
            // Record values and activity changes are free-form JSON: describe them as such, not as the DOM types' members.
            // A query's filter and sorts are JSON too, with the contract's shapes, which RecordQuerySchemaFilter gives them.
            options.MapType<System.Text.Json.Nodes.JsonObject>(() => new OpenApiSchema { Type = JsonSchemaType.Object });
            options.MapType<System.Text.Json.Nodes.JsonNode>(() => new OpenApiSchema());
            options.MapType<System.Text.Json.JsonElement>(() => new OpenApiSchema());
            foreach (var xml in new[] { typeof(Program).Assembly, typeof(Juxa.StorageNames).Assembly }.Select(XmlDocumentation))
            {
                if (File.Exists(xml))
                {
                    options.IncludeXmlComments(xml);
                }
            }
        });
        return services;
    }

    /// <summary>Readable, unique schema names for generic envelopes: DataEnvelope&lt;IReadOnlyList&lt;ObjectView&gt;&gt; → DataEnvelopeOfListOfObjectView.</summary>
    private static string SchemaId(Type type)
    {
        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        name = name is "IReadOnlyList" or "IEnumerable" or "List" or "IList" ? "List" : name is "IReadOnlyDictionary" or "Dictionary" ? "Map" : name;
        return name + "Of" + string.Join("And", type.GetGenericArguments().Select(SchemaId));
    }

    private static string XmlDocumentation(Assembly assembly) => Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
}
