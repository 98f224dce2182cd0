using Juxa.Chat.Tools;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Juxa.Chat;

public static class ChatServiceCollectionExtensions
{
    /// <summary>The CRM tools, the chat repository and settings (<c>Juxa:Chat</c>); registered on API hosts and silos alike.</summary>
    public static IServiceCollection AddJuxaChat(this IServiceCollection services)
    {
        services.AddOptions<ChatSettings>().BindConfiguration(ChatSettings.Section);
        services.TryAddSingleton<CrmToolHandlers>();
        services.TryAddSingleton<CrmTools>();
        services.AddSingleton<ChatRepository>();
        services.AddSingleton<ChatContextRenderer>();
        return services;
    }
}
