namespace Juxa.Api.Logging;

/// <summary>A logger that hands its entries and scopes on with our tokens cut out (<see cref="RedactedLogState"/>).</summary>
public sealed class SecretRedactingLogger(ILogger inner) : ILogger
{
    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    /// <summary>ASP.NET Core opens a scope per request that holds its path, which a provider with scopes on writes with every entry.</summary>
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull =>
        RedactedLogState.From(state) is { } redacted ? inner.BeginScope(redacted) : inner.BeginScope(state);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Formatting costs something, so only entries that some provider will write are looked at.
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        if (RedactedLogState.From(state, formatter(state, exception)) is { } redacted)
        {
            inner.Log(logLevel, eventId, redacted, exception, static (s, _) => s.ToString());
        }
        else
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
