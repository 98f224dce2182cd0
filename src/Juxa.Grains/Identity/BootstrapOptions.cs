using Juxa.Security;
using Microsoft.Extensions.Configuration;

namespace Juxa.Identity;

/// <summary>First-start settings, read from the environment names the README documents.</summary>
public sealed record BootstrapOptions(string? ApiKey, string Email, string? Password, string HomeDirectory)
{
    public const string MinimumKeyLengthText = "32";
    public const int MinimumKeyLength = 32;

    public static BootstrapOptions FromConfiguration(IConfiguration configuration) => new(
        ApiKey: Blank(configuration["JUXA_BOOTSTRAP_API_KEY"]),
        Email: Blank(configuration["JUXA_BOOTSTRAP_EMAIL"]) ?? "admin@localhost",
        Password: Blank(configuration["JUXA_BOOTSTRAP_PASSWORD"]),
        HomeDirectory: Path.GetFullPath(Blank(configuration["JUXA_HOME"]) ?? Blank(configuration["Juxa:Home"]) ?? ".juxa"));

    /// <summary>Why <see cref="ApiKey"/> cannot be the first admin key, or null when it can (or is not set).</summary>
    public string? ApiKeyProblem() =>
        ApiKey is not null && (!ApiKey.StartsWith(SecretTokens.ApiKeyPrefix, StringComparison.Ordinal) || ApiKey.Length < MinimumKeyLength)
            ? $"JUXA_BOOTSTRAP_API_KEY must start with '{SecretTokens.ApiKeyPrefix}' and be at least {MinimumKeyLengthText} characters long."
            : null;

    /// <summary>
    /// Why <see cref="Email"/> or <see cref="Password"/> cannot be the first admin's login (the sign-up rules of
    /// <see cref="AccountService"/>); empty when both can. The password is never repeated.
    /// </summary>
    public IEnumerable<string> LoginProblems()
    {
        var errors = new Dictionary<string, string[]>();
        if (AccountService.ValidateEmail(Email, errors) is null)
        {
            yield return $"JUXA_BOOTSTRAP_EMAIL must be an email address, not '{Email}'.";
        }

        if (Password is not null)
        {
            AccountService.ValidatePassword(Password, errors);
            if (errors.ContainsKey("password"))
            {
                yield return $"JUXA_BOOTSTRAP_PASSWORD must be {AccountService.MinPasswordLength} to {AccountService.MaxPasswordLength} characters, as any password (it is the first admin's).";
            }
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
