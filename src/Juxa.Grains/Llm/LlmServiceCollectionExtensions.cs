using Juxa.Chat;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>
    /// The chat model provider from <c>Juxa:Llm</c>, and the chat services built on it; registered on
    /// API hosts and silos alike (chat grains call them).
    /// </summary>
    public static IServiceCollection AddJuxaLlm(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section);
        services.AddSingleton<LlmProvider>();
        services.AddJuxaChat();
        return services;
    }
}
