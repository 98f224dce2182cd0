namespace Juxa.Records.Values;

/// <summary>
/// A written value that cannot be stored for its attribute. The message is meant for the API client
/// as-is ("expected an email address like jane@example.com, got \"jane\""), so it never names internals;
/// the caller adds which attribute it was about (e.g. as a validation detail keyed by the slug).
/// It is a separate type from <c>JuxaException</c> so the codec stays free of HTTP concerns.
/// </summary>
[GenerateSerializer, Alias("juxa.AttributeValueException")]
public sealed class AttributeValueException : Exception
{
    public AttributeValueException(string message)
        : base(message)
    {
    }
}
