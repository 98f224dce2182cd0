using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Juxa.Llm;

public static class LlmServiceCollectionExtensions
{
    /// <summary>The chat model provider from <c>Juxa:Llm</c>; registered on API hosts and silos alike (chat grains call it).</summary>
    public static IServiceCollection AddJuxaLlm(this IServiceCollection services)
    {
        services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section);
        services.AddSingleton<LlmProvider>();
        return services;
    }
}
