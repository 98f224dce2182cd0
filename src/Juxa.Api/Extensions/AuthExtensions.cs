using Juxa.Api.Authentication;
using Juxa.Api.Authorization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Juxa.Api.Extensions;

public static class AuthExtensions
{
    /// <summary>One authentication scheme per credential kind behind a selector, and one policy per <see cref="Access"/> level.</summary>
    public static IServiceCollection AddJuxaAuth(this IServiceCollection services)
    {
        services.AddAuthentication(JuxaAuthentication.Default)
            .AddPolicyScheme(JuxaAuthentication.Default, "Juxa credentials", options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(JuxaAuthentication.ApiKey, null)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(JuxaAuthentication.Session, null)
            .AddScheme<AuthenticationSchemeOptions, EmbedTokenAuthenticationHandler>(JuxaAuthentication.Embed, null);

        services.AddAuthorization(options =>
        {
            foreach (var access in Access.All)
            {
                options.AddPolicy(access.Name, policy => policy.RequireAuthenticatedUser().AddRequirements(access));
            }
        });
        services.AddSingleton<ApiKeyDecisionCache>();
        services.AddSingleton<IAuthorizationHandler, AccessHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, EnvelopeAuthorizationResultHandler>();
        return services;
    }

    /// <summary>
    /// A bearer token (header, or access_token on hubs) wins over the cookie: it is the more explicit credential. An
    /// Authorization header of another scheme is not one of ours: a proxy that asks for a password (auth_basic on a staging
    /// host) has the browser send <c>Basic …</c> with every request, beside the session cookie, which must still count.
    /// </summary>
    private static string SelectScheme(HttpContext context)
    {
        var token = BearerToken.Read(context.Request);
        if (token is not null && token.StartsWith(Juxa.Security.SecretTokens.EmbedTokenPrefix, StringComparison.Ordinal))
        {
            return JuxaAuthentication.Embed;
        }

        if (token is not null)
        {
            return JuxaAuthentication.ApiKey;
        }

        return context.Request.Cookies.ContainsKey(SessionCookie.Name) ? JuxaAuthentication.Session : JuxaAuthentication.ApiKey;
    }
}
