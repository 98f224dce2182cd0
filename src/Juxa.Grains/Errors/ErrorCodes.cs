namespace Juxa.Errors;

/// <summary>The closed set of error codes a client can see in <c>{"error":{"code"}}</c>. Documented in docs/api.md ("Envelope and errors").</summary>
public static class ErrorCodes
{
    public const string ValidationError = "VALIDATION_ERROR";
    public const string InvalidJson = "INVALID_JSON";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Conflict = "CONFLICT";
    public const string Gone = "GONE";
    public const string HandoffConsumed = "HANDOFF_CONSUMED";
    public const string HandoffExpired = "HANDOFF_EXPIRED";
    public const string RateLimited = "RATE_LIMITED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string LlmNotConfigured = "LLM_NOT_CONFIGURED";
    public const string LlmProviderError = "LLM_PROVIDER_ERROR";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string InternalError = "INTERNAL_ERROR";
}
