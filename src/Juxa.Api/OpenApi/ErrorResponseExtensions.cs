using Juxa.Api.Http;

namespace Juxa.Api.OpenApi;

public static class ErrorResponseExtensions
{
    /// <summary>Documents the error statuses an endpoint can answer with, each as the error envelope.</summary>
    public static RouteHandlerBuilder ProducesErrors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses)
        {
            builder.Produces<ErrorEnvelope>(status, "application/json");
        }

        return builder.Produces<ErrorEnvelope>(StatusCodes.Status500InternalServerError, "application/json");
    }
}
