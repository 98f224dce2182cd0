using Juxa.Errors;
using Juxa.Llm;
using Juxa.Tests.Infrastructure;
using Juxa.Tests.Infrastructure.FakeOpenAi;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Juxa.Tests.Chat;

/// <summary>The production chat client against the OpenAI-compatible fake: streaming, usage, tool calls, and no provider at all.</summary>
[Collection(ApiCollection.Name)]
public sealed class LlmProviderTests(ApiFixture api)
{
    private LlmProvider Provider => api.Factory.Services.GetRequiredService<LlmProvider>();

    [Fact]
    public async Task Streams_text_as_it_arrives_then_reports_usage()
    {
        var script = api.Llm.Script(FakeReply.Text("Hel", "lo ", "there").WithUsage(42, 3));

        var texts = new List<string>();
        UsageDetails? usage = null;
        await foreach (var update in Provider.ChatClient.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi " + script.Tag)], Provider.NewChatOptions()))
        {
            if (!string.IsNullOrEmpty(update.Text))
            {
                texts.Add(update.Text);
            }

            usage ??= update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details;
        }

        var request = Assert.Single(script.Requests);
        Assert.Equal(["Hel", "lo ", "there"], texts);
        Assert.Equal(42, usage?.InputTokenCount);
        Assert.Equal(3, usage?.OutputTokenCount);
        Assert.True(request.Stream);
        Assert.Equal(FakeOpenAiServer.Model, request.Model);
        Assert.Equal("Bearer " + FakeOpenAiServer.ApiKey, request.Authorization);
        Assert.Equal(["hi " + script.Tag], request.Contents("user"));
    }

    [Fact]
    public async Task Tool_calls_arrive_with_their_parsed_arguments()
    {
        var script = api.Llm.Script(FakeReply.Tool("search_records", new { query = "acme", limit = 3 }, id: "call_abc"));

        var calls = new List<FunctionCallContent>();
        await foreach (var update in Provider.ChatClient.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, script.Tag)], Provider.NewChatOptions()))
        {
            calls.AddRange(update.Contents.OfType<FunctionCallContent>());
        }

        var call = Assert.Single(calls);
        Assert.Equal("call_abc", call.CallId);
        Assert.Equal("search_records", call.Name);
        Assert.Equal("acme", call.Arguments!["query"]!.ToString());
    }

    [Fact]
    public void Without_a_provider_the_client_is_503_LLM_NOT_CONFIGURED()
    {
        var provider = new LlmProvider(Options.Create(new LlmOptions { Endpoint = "http://localhost:1/v1" }));

        var error = Assert.Throws<JuxaException>(() => provider.ChatClient);

        Assert.False(provider.IsConfigured);
        Assert.Equal(503, error.Status);
        Assert.Equal(ErrorCodes.LlmNotConfigured, error.Code);
        Assert.True(Provider.IsConfigured);
    }

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(1000, 1000, 5)]
    [InlineData(1, 0, 0.001)]
    [InlineData(123, 45, 0.303)]
    public void Credits_follow_the_configured_rates(long prompt, long completion, double expected)
    {
        var rates = new CreditRates { PromptPer1k = 1m, CompletionPer1k = 4m, Decimals = 4 };

        Assert.Equal((decimal)expected, rates.For(prompt, completion));
    }
}
