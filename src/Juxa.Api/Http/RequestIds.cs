using System.Diagnostics;

namespace Juxa.Api.Http;

/// <summary>The request id a client can quote: the W3C trace id when tracing is on, else the connection's identifier.</summary>
public static class RequestIds
{
    public const string Header = "X-Request-Id";

    public static string Current(HttpContext context) => Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
}
