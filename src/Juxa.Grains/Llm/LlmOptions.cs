using System.ComponentModel.DataAnnotations;

namespace Juxa.Llm;

/// <summary>
/// The chat model provider, bound from <c>Juxa:Llm</c> (environment <c>Juxa__Llm__Endpoint</c>, ...).
/// Any server that speaks the OpenAI chat-completions protocol works: OpenAI, Azure OpenAI (its
/// <c>/openai/v1/</c> endpoint), vLLM, Ollama, LM Studio.
/// </summary>
public sealed class LlmOptions
{
    public const string Section = "Juxa:Llm";

    /// <summary>The OpenAI-compatible base URL, up to and including <c>/v1</c> (e.g. <c>http://localhost:11434/v1</c>). Unset means api.openai.com.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The provider's API key. Local servers that need none may leave it unset.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The model name the provider knows (e.g. <c>gpt-4o-mini</c>, <c>llama3.1</c>).</summary>
    public string? Model { get; set; }

    /// <summary>The most tokens one reply may have; unset leaves it to the provider.</summary>
    [Range(1, int.MaxValue)]
    public int? MaxOutputTokens { get; set; }

    /// <summary>How long the provider may take to start answering (and between chunks) before the call fails.</summary>
    [Range(1, int.MaxValue)]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>How tokens turn into credits (see <see cref="CreditRates"/>).</summary>
    public CreditRates Credits { get; set; } = new();

    /// <summary>
    /// A provider is configured when a model is named and there is somewhere to send it: an endpoint,
    /// or an API key for api.openai.com.
    /// </summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(Model) && (!string.IsNullOrWhiteSpace(Endpoint) || !string.IsNullOrWhiteSpace(ApiKey));
}
