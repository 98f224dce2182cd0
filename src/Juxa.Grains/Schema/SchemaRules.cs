using System.Text.RegularExpressions;
using Juxa.Errors;
using Juxa.Text;

namespace Juxa.Schema;

/// <summary>What makes a slug, a name or an attribute definition acceptable.</summary>
public static partial class SchemaRules
{
    public const int MaxNameLength = 100;

    /// <summary>Names that records already use for system fields; an attribute may not shadow them.</summary>
    public static readonly IReadOnlySet<string> ReservedAttributeSlugs = new HashSet<string>(StringComparer.Ordinal)
    {
        "id", "object", "values", "created_at", "updated_at", "createdat", "updatedat", "record_id", "workspace_id", "created_by",
    };

    /// <summary>A slug: lower-case letters, digits and underscores, starting with a letter, at most 63 characters.</summary>
    public static string Slug(string? slug, string field)
    {
        if (slug is null || !SlugPattern().IsMatch(slug))
        {
            throw JuxaException.Validation(field, $"{field} must be 1 to 63 lower-case letters, digits or underscores, starting with a letter.");
        }

        return slug;
    }

    public static string Name(string? name, string field)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaxNameLength)
        {
            throw JuxaException.Validation(field, $"{field} must be 1 to {MaxNameLength} characters.");
        }

        if (DisplayNames.Refusal(trimmed, field) is { } refusal)
        {
            throw JuxaException.Validation(field, refusal);
        }

        return trimmed;
    }

    public static string? Optional(string? value, string field, int maxLength)
    {
        var trimmed = value?.Trim();
        if (trimmed is { Length: > 0 } && trimmed.Length > maxLength)
        {
            throw JuxaException.Validation(field, $"{field} must be at most {maxLength} characters.");
        }

        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }

    /// <summary>Checks the type-specific rules of an attribute definition against the schema it joins.</summary>
    public static AttributeConfig Config(AttributeType type, AttributeConfig? config, bool isMultiselect, bool isUnique, WorkspaceSchema schema)
    {
        config ??= AttributeConfig.Empty;
        RefuseInapplicable(type, config);
        if (isMultiselect && type is AttributeType.Status or AttributeType.Checkbox or AttributeType.PersonalName)
        {
            throw JuxaException.Validation("isMultiselect", $"{type.Name()} attributes cannot be multiselect.");
        }

        if (isUnique && type is AttributeType.Checkbox or AttributeType.Select or AttributeType.Status or AttributeType.Rating or AttributeType.Location)
        {
            throw JuxaException.Validation("isUnique", $"{type.Name()} attributes cannot be unique.");
        }

        switch (type)
        {
            case AttributeType.RecordReference:
                if (config.TargetObject is null || schema.Object(config.TargetObject) is null)
                {
                    throw JuxaException.Validation("config.targetObject", "record-reference attributes need config.targetObject, the slug of an existing object.");
                }

                break;
            case AttributeType.Currency:
                var code = (config.CurrencyCode ?? "USD").ToUpperInvariant();
                if (!CurrencyPattern().IsMatch(code))
                {
                    throw JuxaException.Validation("config.currencyCode", "config.currencyCode must be a 3-letter ISO 4217 code.");
                }

                return config with { CurrencyCode = code };
            case AttributeType.Rating:
                if (config.MaxRating is < 1 or > 10)
                {
                    throw JuxaException.Validation("config.maxRating", "config.maxRating must be between 1 and 10.");
                }

                return config with { MaxRating = config.MaxRating ?? 5 };
        }

        return config;
    }

    /// <summary>
    /// The config a PATCH gives an existing attribute: checked as a new one's (<see cref="Config"/>), and a
    /// record-reference attribute keeps its target object. Its stored values name records of that object, and what
    /// follows them (filters across the reference, related records, the stripping of references to a deleted record)
    /// goes by the attribute's target: retargeted, they could no longer be written back, and deleting the record they
    /// name would leave them naming nothing. So the target is fixed once created, like the type.
    /// </summary>
    public static AttributeConfig ConfigChange(AttributeDefinition attribute, AttributeConfig? config, bool isUnique, WorkspaceSchema schema)
    {
        var changed = Config(attribute.Type, config, attribute.IsMultiselect, isUnique, schema);
        if (attribute.Type == AttributeType.RecordReference && changed.TargetObject != attribute.Config.TargetObject)
        {
            throw JuxaException.Validation("config.targetObject",
                $"config.targetObject is fixed once the attribute is created: '{attribute.Slug}' references {attribute.Config.TargetObject} records, " +
                $"and its values name them. Add a new attribute to reference {changed.TargetObject} records.");
        }

        return changed;
    }

    /// <summary>
    /// The options an attribute of <paramref name="type"/> is given, and the field that gave them: select attributes take
    /// <c>options</c>, status attributes <c>statuses</c>, the other types neither. A field given to a type that does not take
    /// it is refused (400 naming the field and the type), even empty, as a config key is: taken as the other kind, or
    /// dropped, it would not do what the client meant.
    /// </summary>
    public static (IReadOnlyList<OptionInput>? Inputs, string Field) Options(AttributeType type, IReadOnlyList<OptionInput>? options, IReadOnlyList<OptionInput>? statuses)
    {
        if (options is not null && type != AttributeType.Select)
        {
            throw Inapplicable("options", type);
        }

        if (statuses is not null && type != AttributeType.Status)
        {
            throw Inapplicable("statuses", type);
        }

        return type == AttributeType.Status ? (statuses, "statuses") : (options, "options");
    }

    private static JuxaException Inapplicable(string field, AttributeType type) =>
        JuxaException.Validation(field, $"{field} does not apply to {type.Name()} attributes; " + type switch
        {
            AttributeType.Select => "they take options.",
            AttributeType.Status => "they take statuses.",
            _ => "only select attributes take options, and only status attributes take statuses.",
        });

    /// <summary>Each config key belongs to one type; set on another, it would be stored and never used.</summary>
    private static void RefuseInapplicable(AttributeType type, AttributeConfig config)
    {
        var applicable = type switch
        {
            AttributeType.RecordReference => "targetObject",
            AttributeType.Currency => "currencyCode",
            AttributeType.Rating => "maxRating",
            _ => null,
        };
        (string Key, bool Set)[] keys = [("currencyCode", config.CurrencyCode is not null), ("targetObject", config.TargetObject is not null), ("maxRating", config.MaxRating is not null)];
        foreach (var (key, set) in keys)
        {
            if (set && key != applicable)
            {
                throw JuxaException.Validation($"config.{key}", $"config.{key} does not apply to {type.Name()} attributes; "
                    + (applicable is null ? "they take no config." : $"they take only config.{applicable}."));
            }
        }
    }

    // \z, not $: .NET's $ also matches before a final '\n', and a slug with one was stored and then broke its Location header.
    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,62}\z")]
    private static partial Regex SlugPattern();

    [GeneratedRegex(@"^[A-Z]{3}\z")]
    private static partial Regex CurrencyPattern();
}
