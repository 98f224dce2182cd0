namespace Juxa.Tests.Infrastructure.FakeOpenAi;

/// <summary>A tool call the fake model makes: its id, the function's name and the JSON arguments.</summary>
public sealed record FakeToolCall(string Id, string Name, string ArgumentsJson);
