namespace Juxa.Chat.Events;

/// <summary>Every chat event type, in the order a stream can send them (docs and /llms-full.txt are generated from this list).</summary>
public static class ChatEvents
{
    public static readonly IReadOnlyList<Type> All =
        [typeof(ConversationEvent), typeof(DeltaEvent), typeof(ToolCallEvent), typeof(UsageEvent), typeof(DoneEvent), typeof(ErrorEvent)];

    /// <summary>The SSE <c>event:</c> name of an event type.</summary>
    public static string NameOf(Type type) =>
        ((ChatEvent)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(type)).EventType;
}
