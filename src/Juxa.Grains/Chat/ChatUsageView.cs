using System.Text.Json.Nodes;

namespace Juxa.Chat;

/// <summary>
/// What one model round (one upstream request) cost: tokens as the provider reported them,
/// credits from <see cref="Llm.CreditRates"/>, and <see cref="Extras"/> (model, finish reason,
/// tool calls, whether the round was interrupted and whether the provider reported usage).
/// </summary>
[GenerateSerializer, Immutable, Alias("juxa.ChatUsageView")]
public sealed record ChatUsageView(
    [property: Id(0)] int Round,
    [property: Id(1)] int PromptTokens,
    [property: Id(2)] int CompletionTokens,
    [property: Id(3)] decimal Credits,
    [property: Id(4)] JsonObject Extras,
    [property: Id(5)] DateTimeOffset At);
