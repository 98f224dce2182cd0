using Juxa.Security;

namespace Juxa.Api.Logging;

/// <summary>
/// A log entry's or scope's state with our tokens cut out (<see cref="SecretTokens.Redact"/>): its text, and its
/// structured values for providers that write those too (JSON console, OpenTelemetry).
/// </summary>
public sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly string _text;
    private readonly KeyValuePair<string, object?>[] _values;

    private RedactedLogState(string text, KeyValuePair<string, object?>[] values)
    {
        _text = text;
        _values = values;
    }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>
    /// The redacted state, or null when neither its text nor one of its values holds a token. <paramref name="text"/> is
    /// an entry's formatted message; a scope has none, and its state's text, which a provider writes with every entry in
    /// it, is made of its values (as ASP.NET Core's request scope is) unless it has none, so it is formatted only for a
    /// scope that has no values or holds a token.
    /// </summary>
    public static RedactedLogState? From(object? state, string? text = null)
    {
        var values = state as IEnumerable<KeyValuePair<string, object?>>;
        var holdsToken = values?.Any(v => HoldsToken(v.Value)) == true
            || (text is not null ? SecretTokens.ContainsToken(text) : values is null && HoldsToken(state));
        if (!holdsToken)
        {
            return null;
        }

        return new RedactedLogState(SecretTokens.Redact(text ?? state?.ToString() ?? ""), values?.Select(v => HoldsToken(v.Value)
            ? new KeyValuePair<string, object?>(v.Key, SecretTokens.Redact(v.Value!.ToString()!))
            : v).ToArray() ?? []);
    }

    /// <summary>Values are checked by their text: a token arrives as a string, a <c>PathString</c> or a <c>QueryString</c>.</summary>
    private static bool HoldsToken(object? value) => value?.ToString() is { } text && SecretTokens.ContainsToken(text);

    public override string ToString() => _text;

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
