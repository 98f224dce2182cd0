namespace Juxa.Api.Authentication;

/// <summary>Claim types every Juxa principal carries. <see cref="Caller"/> reads them back.</summary>
public static class JuxaClaims
{
    public const string Kind = "juxa:kind";
    public const string Workspace = "juxa:workspace";
    public const string Member = "juxa:member";
    public const string User = "juxa:user";
    public const string ApiKey = "juxa:api_key";
    public const string Session = "juxa:session";
    public const string Scope = "juxa:scope";
    public const string Admin = "juxa:admin";
    public const string PlatformOperator = "juxa:platform_operator";
    public const string Installation = "juxa:installation";
}
