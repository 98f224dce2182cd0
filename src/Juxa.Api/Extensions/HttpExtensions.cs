using System.Text.Json.Serialization;
using Juxa.Api.Http;
using Microsoft.AspNetCore.Http.Json;

namespace Juxa.Api.Extensions;

public static class HttpExtensions
{
    public const string DefaultUrl = "http://localhost:3077";

    /// <summary>JSON conventions, the envelope for every error, and the default address.</summary>
    public static WebApplicationBuilder AddJuxaHttp(this WebApplicationBuilder builder)
    {
        // ASPNETCORE_URLS (or --urls) wins; otherwise the documented port.
        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.Configure<JsonOptions>(options =>
        {
            JsonDefaults.Configure(options.SerializerOptions);
            // A field the endpoint does not know is refused (400 VALIDATION_ERROR naming it, UnknownField), not dropped:
            // a misspelt "isRequried" or a field of another endpoint would otherwise be ignored while the call succeeds.
            // Only request binding is strict; JsonDefaults.Options, which also reads stored JSON, is not.
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
        // Binding failures throw, so the exception handler can tell INVALID_JSON from 415 and answer in the envelope.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<JuxaExceptionHandler>();
        builder.Services.AddProblemDetails();
        return builder;
    }
}
