using System.Text.Json;
using System.Text.RegularExpressions;
using Juxa.Text;

namespace Juxa.Missions;

/// <summary>Reads a plan out of the model's answer: JSON <c>{"steps": [...]}</c> or <c>[...]</c> as asked, or else a list of lines.</summary>
public static partial class MissionPlan
{
    public const int MaxStepLength = 300;

    /// <summary>At most <paramref name="maxSteps"/> step titles; never empty (the objective itself is the one-step fallback).</summary>
    public static IReadOnlyList<string> Parse(string? answer, string objective, int maxSteps)
    {
        var steps = FromJson(answer) ?? FromLines(answer);
        var cleaned = steps.Select(s => s.Trim()).Where(s => s.Length > 0).Select(Cut).Take(Math.Max(1, maxSteps)).ToArray();
        return cleaned.Length > 0 ? cleaned : [Cut(objective.Trim())];
    }

    private static IReadOnlyList<string>? FromJson(string? answer)
    {
        if (answer is null)
        {
            return null;
        }

        // Models wrap JSON in prose or code fences: take the outermost object or array.
        foreach (var (open, close) in new[] { ('{', '}'), ('[', ']') })
        {
            var start = answer.IndexOf(open);
            var end = answer.LastIndexOf(close);
            if (start < 0 || end <= start)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(answer[start..(end + 1)]);
                var root = document.RootElement;
                var list = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("steps", out var steps) ? steps : root;
                if (list.ValueKind == JsonValueKind.Array)
                {
                    return list.EnumerateArray().Select(Title).Where(t => t is not null).Select(t => t!).ToArray();
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: try the next shape, then lines.
            }
        }

        return null;
    }

    private static string? Title(JsonElement item) => item.ValueKind switch
    {
        JsonValueKind.String => item.GetString(),
        JsonValueKind.Object when item.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String => title.GetString(),
        _ => null,
    };

    private static IReadOnlyList<string> FromLines(string? answer) =>
        (answer ?? "").Split('\n').Select(line => Bullet().Replace(line, "")).ToArray();

    private static string Cut(string text) => TextCut.Prefix(text, MaxStepLength);

    [GeneratedRegex(@"^\s*(?:[-*•]|\d+[.)])?\s*")]
    private static partial Regex Bullet();
}
