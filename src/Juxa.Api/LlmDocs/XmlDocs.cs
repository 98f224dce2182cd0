using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Juxa.Api.LlmDocs;

/// <summary>
/// Reads the summaries the compiler writes from the code's doc comments (the same files Swashbuckle
/// reads), so generated documentation says what the code says. Missing files give empty text.
/// </summary>
public static partial class XmlDocs
{
    private static readonly Lazy<Dictionary<string, string>> Summaries = new(Load);

    public static string Summary(Type type) => Summaries.Value.GetValueOrDefault("T:" + type.FullName!.Replace('+', '.'), "");

    private static Dictionary<string, string> Load()
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(XmlDocs).Assembly, typeof(Juxa.StorageNames).Assembly })
        {
            var file = Path.Combine(AppContext.BaseDirectory, assembly.GetName().Name + ".xml");
            if (!File.Exists(file))
            {
                continue;
            }

            foreach (var member in XDocument.Load(file).Descendants("member"))
            {
                if (member.Attribute("name")?.Value is { } name && member.Element("summary") is { } summary)
                {
                    summaries[name] = Text(summary);
                }
            }
        }

        return summaries;
    }

    /// <summary>The summary as plain text: <c>&lt;c&gt;</c> becomes backticks, references their last name, whitespace one space.</summary>
    private static string Text(XElement summary)
    {
        var parts = summary.Nodes().Select(node => node switch
        {
            XText text => text.Value,
            XElement { Name.LocalName: "c" } code => "`" + code.Value + "`",
            XElement { Name.LocalName: "see" } see => see.Attribute("cref")?.Value.Split('.', ':').Last() ?? see.Attribute("langword")?.Value ?? see.Value,
            XElement other => other.Value,
            _ => "",
        });
        return Whitespace().Replace(string.Concat(parts), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
