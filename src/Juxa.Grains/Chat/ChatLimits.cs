namespace Juxa.Chat;

/// <summary>Fixed limits of the chat API (those an operator may change are in <see cref="ChatSettings"/>).</summary>
public static class ChatLimits
{
    /// <summary>Record ids one <c>juxaContext</c> may name.</summary>
    public const int MaxContextRecords = 20;

    /// <summary>Characters of free text one <c>juxaContext</c> may carry.</summary>
    public const int MaxContextText = 8_000;

    /// <summary>Characters of one record's JSON in the prompt; longer records are cut.</summary>
    public const int MaxContextRecordChars = 4_000;

    /// <summary>Characters a conversation title keeps of the first message.</summary>
    public const int TitleChars = 80;
}
