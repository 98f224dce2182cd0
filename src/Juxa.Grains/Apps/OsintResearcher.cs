using Juxa.Llm;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Juxa.Apps;

/// <summary>
/// Writes OSINT research briefs with the configured chat model. The model gets no tools and the
/// server fetches nothing: URLs in the subject or question are text to the model, never requests
/// the server makes (no SSRF surface). Usage is recorded against the installation, when there is one.
/// A provider that fails to answer is <c>502 LLM_PROVIDER_ERROR</c>, as chat's error event: what it said goes to the log only.
/// </summary>
public sealed class OsintResearcher(LlmProvider llm, AppUsageRepository usage, ILogger<OsintResearcher> logger)
{
    public const int MaxSubjectLength = 200;
    public const int MaxQuestionLength = 2000;

    public const string SystemPrompt =
        """
        You are an open-source intelligence (OSINT) research assistant inside Juxa, a CRM for legal teams.
        Write a research brief about the subject that answers the question: what is publicly known or likely,
        which public sources an analyst should check (registries, court records, filings, news, official sites),
        how to verify each claim, and the open questions and risks. Mark every uncertain statement as such.
        You cannot browse the web, open links or fetch documents, and nobody will do so for you: do not claim
        to have visited any URL. Never invent citations. Answer in the language of the question.
        """;

    public async Task<OsintBrief> ResearchAsync(
        Guid workspaceId, Guid? installationId, string subject, string question, CancellationToken cancellationToken = default)
    {
        var client = llm.ChatClient;
        ChatResponse response;
        try
        {
            response = await client.GetResponseAsync(
                [
                    new ChatMessage(ChatRole.System, SystemPrompt),
                    new ChatMessage(ChatRole.User, $"Subject: {subject}\n\nQuestion: {question}"),
                ],
                llm.NewChatOptions(), cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && LlmProvider.IsProviderFailure(e))
        {
            // Not our bug, so not a 500; and the provider's error body can name its account, so the client gets our words.
            logger.LogWarning(e, "OSINT research: the chat provider failed to answer");
            throw LlmProvider.ProviderFailed();
        }

        var prompt = response.Usage?.InputTokenCount ?? 0;
        var completion = response.Usage?.OutputTokenCount ?? 0;
        // Recorded even if the client has gone away: the provider was paid either way.
        await usage.RecordAsync(workspaceId, installationId, AppUsageKinds.OsintResearch, missionId: null, prompt, completion, CancellationToken.None);
        return new OsintBrief(subject, question, response.Text, llm.Model, prompt, completion, llm.Credits(prompt, completion), installationId);
    }
}
