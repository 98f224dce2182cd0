namespace Juxa.Database;

/// <summary>JSON text that cannot be taken as it is (<see cref="StorableText"/>).</summary>
/// <param name="Code"><c>VALIDATION_ERROR</c> for unstorable text, <c>INVALID_JSON</c> for a repeated key.</param>
/// <param name="Message">What is wrong, for the caller.</param>
/// <param name="RelativePath">Where inside the checked value (<c>.title</c>, <c>[2].name</c>); empty when at the value itself.</param>
public sealed record StorableTextProblem(string Code, string Message, string RelativePath);
