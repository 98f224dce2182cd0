using Juxa.Text;

namespace Juxa.Tests.Unit;

public sealed class TextCutTests
{
    [Theory]
    [InlineData("abc", 5, "abc")]
    [InlineData("abcdef", 3, "abc")]
    [InlineData("ab\U0001F600cd", 3, "ab")]
    [InlineData("ab\U0001F600cd", 4, "ab\U0001F600")]
    [InlineData("\U0001F600", 1, "")]
    [InlineData("abc", 0, "")]
    public void A_prefix_never_ends_in_half_a_surrogate_pair(string text, int max, string expected) =>
        Assert.Equal(expected, TextCut.Prefix(text, max));
}
