namespace Juxa.ApiKeys;

/// <summary>How a request presenting an API key was judged.</summary>
[GenerateSerializer, Alias("juxa.ApiKeyOutcome")]
public enum ApiKeyOutcome
{
    Allowed = 0,
    Unknown = 1,
    Revoked = 2,
    Expired = 3,
    RateLimited = 4,
}
