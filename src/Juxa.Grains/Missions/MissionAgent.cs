using System.Text;
using System.Text.Json;
using Juxa.Chat.Tools;
using Juxa.Llm;
using Juxa.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Juxa.Missions;

/// <summary>
/// The model's side of a mission: plan it, carry out one step with the read-only CRM tools, write the
/// final report. It keeps no state; <see cref="MissionGrain"/> stores every result before asking for the
/// next, which is what lets a mission resume where it stopped. Tool calls run here, one round at a time,
/// through <see cref="CrmTools.InvokeAsync"/> with a read-only scope: a write tool the model might name
/// does not exist for it.
/// </summary>
public sealed class MissionAgent(LlmProvider llm, CrmTools tools, IOptions<MissionOptions> options)
{
    /// <summary>Results longer than this are cut before they are stored and fed to later steps.</summary>
    public const int MaxResultChars = 16_000;

    /// <summary>Receives each model call's tokens as soon as the call returns.</summary>
    public delegate Task UsageSink(long promptTokens, long completionTokens);

    /// <summary>Receives each tool call as soon as it has run.</summary>
    public delegate Task ToolCallSink(MissionToolCall call);

    public async Task<IReadOnlyList<string>> PlanAsync(MissionBrief brief, UsageSink usage, CancellationToken cancellationToken)
    {
        var max = options.Value.MaxSteps;
        var answer = await AskAsync(brief,
            $"Plan this mission as at most {max} concrete steps, each one a piece of research in the CRM. " +
            """Answer with JSON only, in this shape: {"steps": ["first step", "second step"]}""",
            usage, cancellationToken);
        return MissionPlan.Parse(answer, brief.Objective, max);
    }

    public async Task<MissionStepOutcome> RunStepAsync(
        MissionBrief brief, MissionStep step, IReadOnlyList<MissionStep> done, UsageSink usage, ToolCallSink toolCall, CancellationToken cancellationToken)
    {
        var client = llm.ChatClient;
        var chatOptions = llm.NewChatOptions();
        chatOptions.Tools = [.. tools.ReadOnly(brief.Tools)];
        List<ChatMessage> messages =
        [
            new(ChatRole.System, SystemPrompt(brief)),
            new(ChatRole.User, Findings(done) + $"Now carry out step {step.Position}: {step.Title}\nUse the tools as needed, then answer with your findings for this step."),
        ];
        var calls = new List<MissionToolCall>();
        for (var round = 1; ; round++)
        {
            if (round > options.Value.MaxToolRoundsPerStep)
            {
                // Enough lookups: this round must answer in text.
                chatOptions.Tools = null;
            }

            var response = await client.GetResponseAsync(messages, chatOptions, cancellationToken);
            await usage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
            messages.AddRange(response.Messages);
            var requested = response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().ToArray();
            if (requested.Length == 0 || chatOptions.Tools is null)
            {
                return new MissionStepOutcome(Cut(response.Text), calls);
            }

            foreach (var request in requested)
            {
                var arguments = JsonSerializer.Serialize(request.Arguments ?? new Dictionary<string, object?>());
                var result = request.Exception is not null
                    ? CrmTools.UnreadableArguments()
                    : await tools.InvokeAsync(brief.Tools with { CanWrite = false }, request.Name, arguments, cancellationToken);
                var call = new MissionToolCall(request.Name, arguments, result.Succeeded);
                calls.Add(call);
                await toolCall(call);
                messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(request.CallId, result.Json)]));
            }
        }
    }

    public async Task<string> ReportAsync(MissionBrief brief, IReadOnlyList<MissionStep> done, UsageSink usage, CancellationToken cancellationToken) =>
        Cut(await AskAsync(brief,
            Findings(done) + "All steps are done. Write the mission's final report: a short summary, the findings step by step, and the recommended next actions.",
            usage, cancellationToken));

    private async Task<string> AskAsync(MissionBrief brief, string instruction, UsageSink usage, CancellationToken cancellationToken)
    {
        var response = await llm.ChatClient.GetResponseAsync(
            [new ChatMessage(ChatRole.System, SystemPrompt(brief)), new ChatMessage(ChatRole.User, instruction)], llm.NewChatOptions(), cancellationToken);
        await usage(response.Usage?.InputTokenCount ?? 0, response.Usage?.OutputTokenCount ?? 0);
        return response.Text;
    }

    private static string SystemPrompt(MissionBrief brief)
    {
        var prompt = new StringBuilder()
            .AppendLine("You are Juxa's agent, working through a mission (a case file) in a legal team's CRM workspace.")
            .AppendLine($"Mission: {brief.Title}")
            .AppendLine($"Objective: {brief.Objective}");
        if (brief.RecordIds.Count > 0)
        {
            prompt.AppendLine($"Records in scope (ids for get_record): {string.Join(", ", brief.RecordIds)}");
        }

        return prompt
            .Append("You can only read CRM data, with the tools search_records, get_record and list_tasks. ")
            .Append("You cannot change anything, browse the web or open links. Say what you could not find rather than guess.")
            .ToString();
    }

    private static string Findings(IReadOnlyList<MissionStep> done)
    {
        if (done.Count == 0)
        {
            return "";
        }

        var findings = new StringBuilder("Findings so far:\n");
        foreach (var step in done)
        {
            findings.AppendLine($"{step.Position}. {step.Title}: {step.Result}");
        }

        return findings.AppendLine().ToString();
    }

    private static string Cut(string text) => text.Length <= MaxResultChars ? text : TextCut.Prefix(text, MaxResultChars) + " …(truncated)";
}
