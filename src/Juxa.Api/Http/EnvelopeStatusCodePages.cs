using Microsoft.AspNetCore.Diagnostics;

namespace Juxa.Api.Http;

/// <summary>
/// Gives an envelope to every error status that left the pipeline with no body of its own:
/// unknown routes (404), wrong methods (405), refused credentials (401/403) and the like.
/// </summary>
public static class EnvelopeStatusCodePages
{
    public static Task WriteAsync(StatusCodeContext statusContext)
    {
        var context = statusContext.HttpContext;
        var (code, message) = ErrorResponses.ForStatus(context.Response.StatusCode);
        if (context.Items[ErrorResponses.MessageItem] is string specific)
        {
            message = specific;
        }

        return ErrorResponses.WriteAsync(context, context.Response.StatusCode, code, message);
    }
}
