namespace Juxa.Apps;

/// <summary>Model usage of one kind: how many calls, and their tokens and credits.</summary>
public sealed record AppUsage(string Kind, long Calls, long PromptTokens, long CompletionTokens, decimal Credits);
