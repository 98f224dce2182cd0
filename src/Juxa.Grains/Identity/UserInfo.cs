namespace Juxa.Identity;

/// <summary>A user as the API shows it: never the password hash.</summary>
public sealed record UserInfo(Guid Id, string Email, string? Name, bool IsPlatformOperator, DateTimeOffset CreatedAt);
