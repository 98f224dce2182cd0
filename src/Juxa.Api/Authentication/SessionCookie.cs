namespace Juxa.Api.Authentication;

/// <summary>The session cookie: HttpOnly, SameSite=Lax, Secure whenever the request came over https.</summary>
public static class SessionCookie
{
    public const string Name = "juxa_session";

    public static void Append(HttpContext context, string token, DateTimeOffset expiresAt) =>
        context.Response.Cookies.Append(Name, token, Options(context, expiresAt));

    public static void Delete(HttpContext context) =>
        context.Response.Cookies.Delete(Name, Options(context, expiresAt: null));

    private static CookieOptions Options(HttpContext context, DateTimeOffset? expiresAt) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Secure = context.Request.IsHttps,
        Path = "/",
        Expires = expiresAt,
        IsEssential = true,
    };
}
