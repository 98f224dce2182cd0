namespace Juxa.Tests.Infrastructure.OpenApi;

/// <summary>
/// An HTTP handler that keeps every exchange its clients make, so that a test can drive the API as an integrator
/// would and check each answer against the OpenAPI document afterwards, all at once.
/// </summary>
public sealed class ExchangeRecorder
{
    private readonly List<RecordedExchange> _exchanges = [];

    public IReadOnlyList<RecordedExchange> Exchanges
    {
        get
        {
            lock (_exchanges)
            {
                return [.. _exchanges];
            }
        }
    }

    /// <summary>A client of the real server whose exchanges are recorded here; cookies kept when asked (a browser session).</summary>
    public HttpClient CreateClient(Uri baseAddress, bool cookies = false) =>
        new(new RecordingHandler(this, new SocketsHttpHandler { UseCookies = cookies, CookieContainer = new System.Net.CookieContainer(), AllowAutoRedirect = false }))
        {
            BaseAddress = baseAddress,
        };

    private void Add(RecordedExchange exchange)
    {
        lock (_exchanges)
        {
            _exchanges.Add(exchange);
        }
    }

    private sealed class RecordingHandler(ExchangeRecorder recorder, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            // Buffered, so that the test still reads the body after the recorder did.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            var uri = request.RequestUri!;
            recorder.Add(new RecordedExchange(request.Method, uri.AbsolutePath, uri.PathAndQuery, (int)response.StatusCode,
                body.Length == 0 ? null : response.Content.Headers.ContentType?.MediaType, body));
            return response;
        }
    }
}
