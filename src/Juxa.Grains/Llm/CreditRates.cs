namespace Juxa.Llm;

/// <summary>
/// Credits are what a round of chat costs the workspace, in a unit that does not depend on the
/// provider's price list: <c>credits = promptTokens × PromptPer1k / 1000 + completionTokens × CompletionPer1k / 1000</c>,
/// rounded up to <see cref="Decimals"/> places. Bound from <c>Juxa:Llm:Credits</c>.
/// </summary>
public sealed class CreditRates
{
    /// <summary>Credits per 1000 prompt (input) tokens.</summary>
    public decimal PromptPer1k { get; set; } = 1m;

    /// <summary>Credits per 1000 completion (output) tokens; output usually costs more than input.</summary>
    public decimal CompletionPer1k { get; set; } = 4m;

    /// <summary>Decimal places kept; the rest is rounded up, so a non-empty round never costs 0.</summary>
    public int Decimals { get; set; } = 4;

    public decimal For(long promptTokens, long completionTokens)
    {
        var raw = (promptTokens * PromptPer1k + completionTokens * CompletionPer1k) / 1000m;
        var scale = (decimal)Math.Pow(10, Math.Clamp(Decimals, 0, 8));
        return Math.Ceiling(raw * scale) / scale;
    }
}
