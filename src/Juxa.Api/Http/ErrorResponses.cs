using Juxa.Errors;

namespace Juxa.Api.Http;

/// <summary>Writes the error envelope. Every error a client sees goes through here.</summary>
public static class ErrorResponses
{
    /// <summary>A message a handler left for the status-code page (for example why a credential was refused).</summary>
    public const string MessageItem = "juxa.error.message";

    public static Task WriteAsync(HttpContext context, int status, string code, string message, IReadOnlyDictionary<string, string[]>? details = null)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorEnvelope(new ErrorBody(code, message, details)), JsonDefaults.Options, "application/json; charset=utf-8");
    }

    /// <summary>The code and default message for a status that reached the client with no body of its own.</summary>
    public static (string Code, string Message) ForStatus(int status) => status switch
    {
        400 => (ErrorCodes.ValidationError, "The request is invalid."),
        401 => (ErrorCodes.Unauthorized, "Authentication is required: send 'Authorization: Bearer oc_sk_…' or sign in."),
        403 => (ErrorCodes.Forbidden, "You are not allowed to do this."),
        404 => (ErrorCodes.NotFound, "No such resource."),
        405 => (ErrorCodes.MethodNotAllowed, "This method is not allowed on this resource."),
        409 => (ErrorCodes.Conflict, "The request conflicts with the current state."),
        413 => (ErrorCodes.PayloadTooLarge, "The request body is too large."),
        415 => (ErrorCodes.UnsupportedMediaType, "Send the body as application/json."),
        429 => (ErrorCodes.RateLimited, "Too many requests."),
        503 => (ErrorCodes.ServiceUnavailable, "The service is not available right now."),
        >= 500 => (ErrorCodes.InternalError, "Something went wrong on our side."),
        _ => (ErrorCodes.ValidationError, "The request could not be processed."),
    };
}
