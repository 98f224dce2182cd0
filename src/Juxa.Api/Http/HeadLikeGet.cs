namespace Juxa.Api.Http;

/// <summary>
/// Lets every GET route of a group answer HEAD too: the contract's <c>integrations:read</c> covers "GET/HEAD". The
/// route's own method metadata gains HEAD, so routing, authentication, the access check, the rate limit and the handler
/// run exactly as for GET; Kestrel sends the status and headers of a HEAD response and drops its body. A GET route that
/// streams (SSE) would keep a HEAD request open and needs its own answer; none of the API's does (chat streams are POSTs).
/// HEAD is left out of <c>/openapi.json</c> (AddJuxaOpenApi): it would repeat every GET operation.
/// </summary>
public static class HeadLikeGet
{
    public static TBuilder AnswerHeadLikeGet<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        // A group convention runs on each endpoint after the Map call added its HttpMethodMetadata, before it is built.
        builder.Add(endpoint =>
        {
            for (var i = 0; i < endpoint.Metadata.Count; i++)
            {
                if (endpoint.Metadata[i] is HttpMethodMetadata { HttpMethods: [var method] } get && HttpMethods.IsGet(method))
                {
                    endpoint.Metadata[i] = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head], get.AcceptCorsPreflight);
                }
            }
        });
        return builder;
    }
}
