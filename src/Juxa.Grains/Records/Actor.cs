namespace Juxa.Records;

/// <summary>Who made a change: a workspace member, or an API key (which acts for the member who created it).</summary>
[GenerateSerializer, Immutable, Alias("juxa.Actor")]
public sealed record Actor(
    [property: Id(0)] string Type,
    [property: Id(1)] Guid Id)
{
    public const string Member = "member";
    public const string ApiKey = "api_key";
}
