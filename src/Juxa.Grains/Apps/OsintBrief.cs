namespace Juxa.Apps;

/// <summary>A research brief and what it cost.</summary>
public sealed record OsintBrief(
    string Subject,
    string Question,
    string Brief,
    string Model,
    long PromptTokens,
    long CompletionTokens,
    decimal Credits,
    Guid? InstallationId);
