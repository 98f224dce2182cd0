using Juxa.Api.Http;

namespace Juxa.Api.OpenApi;

public static class ErrorResponseExtensions
{
    /// <summary>
    /// Documents the error statuses an endpoint's handler can answer with, each as the error envelope. Those the pipeline
    /// answers for any operation (401/403 from its access, 400/413/415/500/503) are added by the operation filters.
    /// </summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ErrorEnvelope>(status, "application/json");
        }

        return builder;
    }
}
