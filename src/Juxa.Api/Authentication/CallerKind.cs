namespace Juxa.Api.Authentication;

/// <summary>Which credential a request came with.</summary>
public enum CallerKind
{
    Session,
    ApiKey,
}
