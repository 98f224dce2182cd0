using System.ClientModel;
using System.Text.Json;
using Juxa.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using OpenAI;

namespace Juxa.Llm;

/// <summary>
/// The one <see cref="IChatClient"/> Juxa talks to, built from <see cref="LlmOptions"/> with the
/// OpenAI-compatible client. Without a configured provider, <see cref="ChatClient"/> refuses with
/// <c>503 LLM_NOT_CONFIGURED</c>: nothing ever pretends to be a model.
/// </summary>
public sealed class LlmProvider
{
    /// <summary>What a client is told when the model provider failed (chat's error event, a mission's error); the details go to the log only.</summary>
    public const string FailedMessage = "The model provider failed to answer. Try again later.";

    private readonly Lazy<IChatClient>? _client;

    public LlmProvider(IOptions<LlmOptions> options)
    {
        Options = options.Value;
        if (Options.IsConfigured)
        {
            _client = new Lazy<IChatClient>(() => Create(Options));
        }
    }

    public LlmOptions Options { get; }

    public bool IsConfigured => _client is not null;

    /// <summary>The model replies come from (also sent as <see cref="ChatOptions.ModelId"/>).</summary>
    public string Model => Options.Model ?? "";

    /// <summary>The chat client, or <c>503 LLM_NOT_CONFIGURED</c> when no provider is set.</summary>
    public IChatClient ChatClient => _client?.Value ?? throw NotConfigured();

    /// <summary>Options for one request: the model and the output limit; callers add tools.</summary>
    public ChatOptions NewChatOptions() => new() { ModelId = Model, MaxOutputTokens = Options.MaxOutputTokens };

    public decimal Credits(long promptTokens, long completionTokens) => Options.Credits.For(promptTokens, completionTokens);

    /// <summary>
    /// Whether <paramref name="e"/>, thrown by a model call its caller did not cancel, is the provider failing to answer: an error
    /// status, a connection that failed or broke, an answer that is not a completion (a proxy's HTML page), or the network
    /// timeout, which the client reports as a cancellation. The client retries a timeout or a failed connection, and when every
    /// attempt threw it reports them together as an <see cref="AggregateException"/> ("Retry failed after 4 tries").
    /// </summary>
    public static bool IsProviderFailure(Exception e) => e is AggregateException attempts
        ? attempts.Flatten().InnerExceptions.All(IsProviderFailure)
        : e is ClientResultException or HttpRequestException or JsonException or InvalidDataException or TimeoutException or OperationCanceledException;

    /// <summary>A model answer a request waits for (OSINT research) that the provider failed to give: 502, its details in the log only.</summary>
    public static JuxaException ProviderFailed() => new(502, ErrorCodes.LlmProviderError, FailedMessage);

    public static JuxaException NotConfigured() => new(503, ErrorCodes.LlmNotConfigured,
        "No chat model provider is configured. Set Juxa__Llm__Endpoint, Juxa__Llm__Model (and Juxa__Llm__ApiKey if the provider needs one).");

    private static IChatClient Create(LlmOptions options)
    {
        var clientOptions = new OpenAIClientOptions { NetworkTimeout = TimeSpan.FromSeconds(Math.Max(1, options.TimeoutSeconds)) };
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            clientOptions.Endpoint = new Uri(options.Endpoint);
        }

        // Local servers (Ollama, vLLM, LM Studio) need no key, but the client requires a non-empty credential.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey;
        return new OpenAIClient(new ApiKeyCredential(key), clientOptions).GetChatClient(options.Model).AsIChatClient();
    }
}
