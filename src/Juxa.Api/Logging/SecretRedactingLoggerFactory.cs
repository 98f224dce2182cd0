namespace Juxa.Api.Logging;

/// <summary>
/// The host's logger factory with every logger wrapped in a <see cref="SecretRedactingLogger"/>, so that whatever the
/// log levels (an operator may turn ASP.NET Core up to Debug), no provider ever receives one of our tokens: the
/// request lines, route matching and scopes of ASP.NET Core carry a handoff's consume path and a hub's
/// <c>access_token</c> query as the client sent them.
/// </summary>
public sealed class SecretRedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new SecretRedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The container owns the wrapped factory and disposes it.</summary>
    public void Dispose()
    {
    }
}
