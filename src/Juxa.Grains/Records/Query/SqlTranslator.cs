using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Juxa.Schema;

namespace Juxa.Records.Query;

/// <summary>
/// Turns a bound filter and bound sorts into a parameterized WHERE fragment and ORDER BY list over
/// <c>records r</c> (docs/records-storage.md). Everything that comes from the request — values, attribute
/// slugs, sub-field keys, option ids — goes into <see cref="SqlParameters"/>; the SQL text is made only of
/// this class's fixed fragments, placeholders and alias names it numbers itself.
/// </summary>
/// <remarks>
/// <para>Filters: text compares are case-insensitive (<c>lower(x) = lower($n)</c>, <c>LIKE</c> with the user's text
/// escaped and <c>ESCAPE '\'</c>); numbers, dates and timestamps are cast from the stored JSON
/// (<c>((r.values -> $3::text) ->> $4::text)::numeric</c> with $3 = the slug and $4 = <c>amount</c>, <c>::date</c>, <c>::timestamptz</c>), relying on the stored forms
/// being valid. A multiselect is an <c>EXISTS</c> over <c>jsonb_array_elements_text</c> (<c>jsonb_array_elements</c>
/// when its elements are objects); a path across a record
/// reference is an <c>EXISTS</c> over <c>records t1</c> in the same workspace (<c>$1</c>) and the target object.
/// Negative operators are <c>NOT</c> of their positive counterpart (see <see cref="FilterOperators"/>).</para>
/// <para>Sorts: type-aware (text lower-cased, personal-name by full_name or the given sub-field, currency by
/// amount, select/status by option position, a record reference by the referenced record's title, a multiselect
/// by its first element), NULLS LAST in both directions (system columns, never null, without the clause so their index serves the sort), then <c>r.id ASC</c> as the stable tiebreak.
/// Without sorts: <c>r.created_at DESC, r.id DESC</c> (newest first).</para>
/// </remarks>
public sealed partial class SqlTranslator
{
    /// <summary>The alias of the queried table: the caller's query is <c>FROM records r</c>.</summary>
    public const string RowAlias = "r";

    public const string DefaultOrderBy = "r.created_at DESC, r.id DESC";

    public const string TieBreak = "r.id ASC";

    private readonly SqlParameters _parameters;
    private readonly string _workspace;
    private int _rowAliases;
    private int _elementAliases;

    /// <param name="parameters">Receives every value, slug and key the SQL needs.</param>
    /// <param name="workspaceParameter">The caller's placeholder of the workspace id (<c>$1</c>), used by subqueries across references.</param>
    public SqlTranslator(SqlParameters parameters, string workspaceParameter = "$1")
    {
        if (!PlaceholderPattern().IsMatch(workspaceParameter))
        {
            throw new ArgumentException("Expected a placeholder such as $1.", nameof(workspaceParameter));
        }

        _parameters = parameters;
        _workspace = workspaceParameter;
    }

    /// <summary>The WHERE fragment; <c>TRUE</c> without a filter.</summary>
    public string Where(BoundFilter? filter) => filter is null ? "TRUE" : Node(filter);

    /// <summary>The ORDER BY list (without the keywords).</summary>
    public string OrderBy(IReadOnlyList<BoundSort> sorts)
    {
        if (sorts.Count == 0)
        {
            return DefaultOrderBy;
        }

        // created_at and updated_at are NOT NULL: without a NULLS clause a sort on them matches the
        // (…, created_at DESC, id DESC) index, which then serves the ORDER BY … LIMIT instead of a full sort.
        var keys = sorts.Select(s => $"{SortExpression(s.Field, 0, RowAlias, s.Direction == SortDirection.Desc)} {(s.Direction == SortDirection.Desc ? "DESC" : "ASC")}"
            + (s.Field is { System: not null, Hops.Count: 0 } ? string.Empty : " NULLS LAST"));
        return string.Join(", ", keys.Append(TieBreak));
    }

    /// <summary>
    /// The keys <see cref="OrderBy"/> sorts by, before the id tiebreak, each as SQL text in a form <see cref="After"/>
    /// reads back exactly (dates and timestamps in ISO 8601, timestamps in UTC with microseconds, whatever the
    /// session's DateStyle and TimeZone): what a keyset cursor remembers of a page's last row. NULL where the key is NULL.
    /// </summary>
    public IReadOnlyList<string> SortKeys(IReadOnlyList<BoundSort> sorts) =>
        Order(sorts).Select(key => key.Type switch
        {
            CursorKeyType.Timestamp => $"to_char(({key.Expression()}) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')",
            CursorKeyType.Date => $"to_char({key.Expression()}, 'YYYY-MM-DD')",
            _ => $"({key.Expression()})::text",
        }).ToArray();

    /// <summary>
    /// The keyset predicate: rows that <see cref="OrderBy"/> puts after the row whose <see cref="SortKeys"/> were
    /// <paramref name="keys"/> and whose id was <paramref name="id"/>, with NULLs last as the sort has them.
    /// </summary>
    /// <exception cref="Juxa.Errors.JuxaException">400 at <c>cursor</c> when the keys do not fit the sort (not a cursor of this query).</exception>
    public string After(IReadOnlyList<BoundSort> sorts, IReadOnlyList<string?> keys, Guid id)
    {
        var order = Order(sorts);
        if (keys.Count != order.Count || keys.Select((key, i) => key is null ? order[i].Nullable : CursorKeys.Parses(order[i].Type, key)).Contains(false))
        {
            throw QueryErrors.At("cursor", "The cursor does not fit this query's sort; start again without a cursor.");
        }

        var descending = sorts.Count == 0;
        var lastId = $"{P(id)}::uuid";
        var idAfter = $"{RowAlias}.id {(descending ? "<" : ">")} {lastId}";
        // A row comparison is exact when no key can be NULL and every key runs the tiebreak's way; it is also the
        // form that walks an index such as (workspace_id, object_id, created_at DESC, id DESC) for the default order.
        if (order.All(key => !key.Nullable && key.Descending == descending))
        {
            var left = string.Join(", ", order.Select(key => key.Expression()).Append($"{RowAlias}.id"));
            var right = string.Join(", ", order.Select((key, i) => $"{P(keys[i])}::{CursorKeys.SqlType(key.Type)}").Append(lastId));
            return $"({left}) {(descending ? "<" : ">")} ({right})";
        }

        // Otherwise: after on the first key, or equal on it and after on the next, …, or equal on all and after on id.
        var terms = new List<string>();
        var equal = new List<string>();
        for (var i = 0; i < order.Count; i++)
        {
            var key = order[i];
            if (keys[i] is not { } text)
            {
                // Nothing sorts after a NULL key but the rows that tie with it on it.
                equal.Add($"{key.Expression()} IS NULL");
                continue;
            }

            var value = $"{P(text)}::{CursorKeys.SqlType(key.Type)}";
            var after = $"{key.Expression()} {(key.Descending ? "<" : ">")} {value}";
            terms.Add(All(equal.Append(key.Nullable ? $"({after} OR {key.Expression()} IS NULL)" : after)));
            equal.Add($"{key.Expression()} = {value}");
        }

        terms.Add(All(equal.Append(idAfter)));
        return "(" + string.Join(" OR ", terms) + ")";

        static string All(IEnumerable<string> conditions) => "(" + string.Join(" AND ", conditions) + ")";
    }

    /// <summary>The sort keys of <see cref="OrderBy"/> before the tiebreak. Each <c>Expression()</c> call writes the expression anew (its own aliases).</summary>
    private List<OrderKey> Order(IReadOnlyList<BoundSort> sorts) => sorts.Count == 0
        ? [new OrderKey(() => $"{RowAlias}.created_at", Descending: true, Nullable: false, CursorKeyType.Timestamp)]
        : sorts.Select(s => new OrderKey(() => SortExpression(s.Field, 0, RowAlias, s.Direction == SortDirection.Desc), s.Direction == SortDirection.Desc,
            Nullable: s.Field is not { System: not null, Hops.Count: 0 }, CursorKeys.TypeOf(s.Field.Kind))).ToList();

    private sealed record OrderKey(Func<string> Expression, bool Descending, bool Nullable, CursorKeyType Type);

    /// <summary>
    /// The expression an indexed attribute's index is built on (<see cref="AttributeIndexes"/>): exactly what
    /// <see cref="Where"/> compares for equals and ranges on the attribute and what <see cref="OrderBy"/> sorts it by
    /// (the two are the same for the types <see cref="AttributeIndexes.Supports"/> accepts), over the bare table
    /// <c>records</c>, with the parameters written in as literals. A custom plan folds the query's parameters
    /// into constants, so PostgreSQL sees the same expression and can use the index; deriving it from the
    /// translator keeps the two from drifting apart.
    /// </summary>
    public static string IndexExpression(AttributeDefinition attribute)
    {
        var (key, kind) = QueryFieldTypes.Resolve(attribute.Type, null);
        var parameters = new SqlParameters(1);
        var field = new BoundField(attribute.Slug, [], attribute, null, key, kind);
        var expression = new SqlTranslator(parameters).SortExpression(field, 0, "records", descending: false);
        return PlaceholderInText().Replace(expression, m => Literal(parameters.Values[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) - 1]));
    }

    /// <summary>Escapes <c>\</c>, <c>%</c> and <c>_</c> with a backslash, for a LIKE pattern with <c>ESCAPE '\'</c>.</summary>
    public static string EscapeLike(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            if (c is '\\' or '%' or '_')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private string Node(BoundFilter node) => node switch
    {
        BoundGroup { Conditions.Count: 0 } => "TRUE",
        BoundGroup { Conditions.Count: 1 } group => Node(group.Conditions[0]),
        BoundGroup group => "(" + string.Join(group.Operator == LogicalOperator.Or ? " OR " : " AND ", group.Conditions.Select(Node)) + ")",
        BoundCondition condition => Condition(condition),
        _ => throw new ArgumentOutOfRangeException(nameof(node), node, "Unknown filter node."),
    };

    private string Condition(BoundCondition condition)
    {
        var op = condition.Operator;
        var (sql, canBeNull) = Positive(condition.Field, 0, RowAlias, op.Positive(), condition.Value);
        if (!op.IsNegative())
        {
            var prefilter = OnItsIndex(condition) ? null : ValuesCiPrefilter(condition) ?? SearchTextPrefilter(condition);
            return prefilter is not null ? $"({sql} AND {prefilter})" : $"({sql})";
        }

        return canBeNull ? $"(NOT COALESCE({sql}, FALSE))" : $"(NOT ({sql}))";
    }

    /// <summary>
    /// Whether the condition compares (equals or a range, what a B-tree answers) an indexed attribute on the
    /// expression its index is built on (<see cref="IndexExpression"/>). It then gets no prefilter: the B-tree index
    /// answers it exactly, and the planner cannot estimate a prefilter's selectivity (it guesses a tiny share of rows
    /// for <c>values_ci @&gt; …</c>), so with one it would pick the GIN bitmap scan over the index built for this.
    /// </summary>
    private static bool OnItsIndex(BoundCondition condition) =>
        condition.Operator is FilterOperator.Equals or FilterOperator.GreaterThan or FilterOperator.GreaterThanOrEqual
            or FilterOperator.LessThan or FilterOperator.LessThanOrEqual
        && condition.Field is { Hops.Count: 0, System: null, Attribute: { IsIndexed: true } attribute } field
        && AttributeIndexes.Supports(attribute)
        && field.Key == QueryFieldTypes.Resolve(attribute.Type, null).Key;

    /// <summary>
    /// A redundant condition that lets the <c>values_ci</c> GIN index (the values with every string lower-cased;
    /// 0065_record_indexes.sql) answer an equals filter on a text, select or status attribute:
    /// <c>lower(x) = lower(v)</c> holds exactly when <c>values_ci</c> contains <c>{slug: lower(v)}</c> (inside the
    /// sub-field's object, or as an element of a multiselect). Both sides are lower-cased by PostgreSQL, so they agree
    /// for every string.
    /// </summary>
    private string? ValuesCiPrefilter(BoundCondition condition)
    {
        if (condition is not { Operator: FilterOperator.Equals, Field: { Hops.Count: 0, Kind: FieldKind.Text or FieldKind.Option, Attribute: { } attribute } field, Value: string value })
        {
            return null;
        }

        var element = $"lower({P(value)}::text)";
        if (field.Key is { } key)
        {
            element = $"jsonb_build_object({P(key)}::text, {element})";
        }

        if (attribute.IsMultiselect)
        {
            element = $"jsonb_build_array({element})";
        }

        return $"{RowAlias}.values_ci @> jsonb_build_object({P(attribute.Slug)}::text, {element})";
    }

    /// <summary>
    /// A redundant condition that lets the trigram index on <c>search_text</c> narrow a text filter: a record
    /// matching it has the value (lower-cased) inside one of its search terms, so <c>search_text LIKE '%value%'</c>
    /// holds too and the result does not change. Only for the types whose search terms are their whole lower-cased
    /// value (not phones: their term drops the <c>+</c>), for ASCII values, where .NET's and PostgreSQL's lower-casing
    /// agree, and with three characters in a row that are not an i (a trigram the index can look up).
    /// <para>Each i of the value is the wildcard <c>_</c>: the search terms are lower-cased by .NET, which keeps the
    /// Turkish capital İ, while the filter lower-cases with PostgreSQL, which makes it an i (the one character whose
    /// lower case is ASCII in PostgreSQL and not in .NET), so <c>contains "istanbul"</c> must keep "İstanbul". ILIKE
    /// would do as well, but lower-cases the search text of every row it tests (a one-off check on 50k people, not a recorded
    /// benchmark, found broad counts 1.4–2× as slow).</para>
    /// </summary>
    private string? SearchTextPrefilter(BoundCondition condition)
    {
        if (condition is not { Field: { Hops.Count: 0, Kind: FieldKind.Text, Attribute.Type: AttributeType.Text or AttributeType.EmailAddress or AttributeType.Domain or AttributeType.PersonalName }, Value: string value }
            || condition.Operator is not (FilterOperator.Equals or FilterOperator.Contains or FilterOperator.StartsWith or FilterOperator.EndsWith)
            || !value.All(char.IsAscii))
        {
            return null;
        }

        var lower = value.ToLowerInvariant();
        if (!lower.Split('i').Any(part => part.Length >= 3))
        {
            return null;
        }

        // Safe after escaping: an escape is a backslash before \, % or _, never an i.
        return $"{RowAlias}.search_text LIKE {P("%" + EscapeLike(lower).Replace('i', '_') + "%")}::text ESCAPE '\\'";
    }

    /// <summary>A positive predicate on the field of the row <paramref name="alias"/>; CanBeNull when a missing value makes it SQL NULL.</summary>
    private (string Sql, bool CanBeNull) Positive(BoundField field, int hop, string alias, FilterOperator op, object? value)
    {
        if (hop < field.Hops.Count)
        {
            var reference = field.Hops[hop];
            var t = NextRowAlias();
            var target = P(reference.Target.Id);
            var join = ReferenceJoin(reference.Attribute, alias, t);
            var (inner, _) = Positive(field, hop + 1, t, op, value);
            return ($"EXISTS (SELECT 1 FROM records {t} WHERE {t}.workspace_id = {_workspace} AND {t}.object_id = {target}::uuid AND {join} AND {inner})", false);
        }

        if (field.System is { } system)
        {
            var column = $"{alias}.{Column(system)}";
            return op == FilterOperator.IsNotEmpty ? ($"{column} IS NOT NULL", false) : ($"{column} {Comparison(op)} {P(IsoText(value))}::timestamptz", true);
        }

        var json = Json(field.Attribute!, alias);
        if (field.IsMultiselect)
        {
            if (ContainsInArrayText(field, json, op, value) is { } whole)
            {
                return (whole, true);
            }

            var e = NextElementAlias();
            // Scalar elements (emails, domains, option ids…) come out as text directly: jsonb_array_elements_text
            // gives what `#>> '{}'` gives for each, with one step less per element (5–7 % of a count over 1400 rows).
            return field.Key is null && field.Kind != FieldKind.LocationAny
                ? ($"EXISTS (SELECT 1 FROM jsonb_array_elements_text({ArrayOrNull(json)}) {e}(v) WHERE {ScalarText(field, $"{e}.v", op, value)})", false)
                : ($"EXISTS (SELECT 1 FROM jsonb_array_elements({ArrayOrNull(json)}) {e}(v) WHERE {Scalar(field, $"{e}.v", op, value)})", false);
        }

        return (Scalar(field, json, op, value), field.Kind != FieldKind.LocationAny && op != FilterOperator.IsNotEmpty);
    }

    /// <summary>
    /// <c>contains</c> on a multiselect of email addresses, domains or phone numbers as one <c>LIKE</c> on the array's
    /// JSON text, instead of an <c>EXISTS</c> over its elements: on 100k people, <c>email_addresses contains "@acme"</c>
    /// (1398 matches) counts in 8.9 ms instead of 10.6 and pages in 10.2 instead of 12.4 (pgbench on the dev copy, with
    /// <c>lower()</c> on every row; the two-step test below took off another 15 %).
    /// It gives the same answer because those codecs store no control characters (jsonb would write them as escapes
    /// such as <c>\n</c> or <c>\u0001</c>, whose letters a value could match), and a value without <c>"</c> or
    /// <c>\</c> can neither reach into an escape (<c>\"</c>, <c>\\</c>) nor across the <c>", "</c> between
    /// elements. A value made only of <c>[</c>, <c>]</c>, <c>,</c> and spaces could match the array's own
    /// punctuation, so it keeps the <c>EXISTS</c>; so does every other type (free text may hold anything). Null when
    /// the value is missing (SQL NULL, like the elements' <c>EXISTS</c> over no array is false): negations wrap it.
    /// The codecs store these values lower-cased, so a plain <c>LIKE</c> of the lower-cased value decides nearly every
    /// row, and <c>lower()</c> of the text (costly in a UTF-8 locale: the same count 5.0 → 4.2 ms on a quieter machine)
    /// runs only where it fails. Same answer as <c>lower(text) LIKE …</c> alone: a lower-cased value found in the text is found
    /// in its lower-cased text too (and the second test covers what .NET and PostgreSQL lower-case differently, İ).
    /// </summary>
    private string? ContainsInArrayText(BoundField field, string json, FilterOperator op, object? value)
    {
        if (op != FilterOperator.Contains || field.Key is not null || value is not string s
            || field.Attribute?.Type is not (AttributeType.EmailAddress or AttributeType.Domain or AttributeType.PhoneNumber)
            || s.Any(c => c is '"' or '\\' || char.IsControl(c)) || s.All(c => c is '[' or ']' or ',' or ' '))
        {
            return null;
        }

        var text = $"({ArrayOrNull(json)})::text";
        var pattern = P("%" + EscapeLike(s) + "%");
        return $"({text} LIKE lower({pattern}::text) ESCAPE '\\' OR lower({text}) LIKE lower({pattern}::text) ESCAPE '\\')";
    }

    /// <summary>A predicate on one stored single form <paramref name="json"/> (a jsonb expression).</summary>
    private string Scalar(BoundField field, string json, FilterOperator op, object? value)
    {
        if (value is CurrencyFilterValue currency)
        {
            // The amount as a plain number would compare it, and the currency the value was written with.
            return $"({ScalarText(field, TextOf(json, field.Key), op, currency.Amount)} AND {TextOf(json, "currency")} = {P(currency.Currency)}::text)";
        }

        if (value is LocationFilterValue location)
        {
            // Every field equal ignoring case, a missing one only to a missing one. FALSE rather than NULL without a
            // location, since a location's predicate is never NULL (negations wrap it in a plain NOT).
            var fields = location.Fields.Select(f => f.Value is null
                ? $"{TextOf(json, f.Key)} IS NULL"
                : $"lower({TextOf(json, f.Key)}) = lower({P(f.Value)}::text)");
            return $"COALESCE(jsonb_typeof({json}) = 'object' AND {string.Join(" AND ", fields)}, FALSE)";
        }

        if (field.Kind == FieldKind.LocationAny)
        {
            var f = NextElementAlias();
            var fields = $"jsonb_each_text(CASE WHEN jsonb_typeof({json}) = 'object' THEN {json} END) {f}(k, v)";
            return $"EXISTS (SELECT 1 FROM {fields} WHERE {Text($"{f}.v", op, value)})";
        }

        return ScalarText(field, TextOf(json, field.Key), op, value);
    }

    /// <summary>A predicate on the text of one stored single form (NULL when missing or JSON null).</summary>
    private string ScalarText(BoundField field, string text, FilterOperator op, object? value)
    {
        if (op == FilterOperator.IsNotEmpty)
        {
            return $"COALESCE({text}, '') <> ''";
        }

        return field.Kind switch
        {
            FieldKind.Text => Text(text, op, value),
            FieldKind.Number => $"{text}::numeric {Comparison(op)} {P(value)}::numeric",
            FieldKind.Date => $"{text}::date {Comparison(op)} {P(IsoText(value))}::date",
            FieldKind.Timestamp => $"{text}::timestamptz {Comparison(op)} {P(IsoText(value))}::timestamptz",
            FieldKind.Boolean => $"{text}::boolean = {P(value)}::boolean",
            FieldKind.Option => $"{text} = {P(value)}::text",
            FieldKind.RecordId or FieldKind.ActorId => $"{text}::uuid = {P(value)}::uuid",
            _ => throw new ArgumentOutOfRangeException(nameof(field), field.Kind, "Unknown field kind."),
        };
    }

    /// <summary>
    /// A date or an instant as the ISO text its cast reads, not as the .NET value: Npgsql sends DateOnly's and DateTime's
    /// first and last values as -infinity and infinity, which equal no stored day, so 0001-01-01 and 9999-12-31 (days a
    /// write accepts) found nothing by equals and were counted after or before themselves. An instant is written in UTC
    /// to the microsecond, truncated, as the columns hold it and Npgsql sent it.
    /// </summary>
    private static string IsoText(object? value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTimeOffset instant => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Expected a date or an instant."),
    };

    /// <summary>Case-insensitive compare of a text expression.</summary>
    private string Text(string text, FilterOperator op, object? value)
    {
        var s = (string)value!;
        return op switch
        {
            FilterOperator.IsNotEmpty => $"COALESCE({text}, '') <> ''",
            FilterOperator.Equals => $"lower({text}) = lower({P(s)}::text)",
            FilterOperator.Contains => $"lower({text}) LIKE lower({P("%" + EscapeLike(s) + "%")}::text) ESCAPE '\\'",
            FilterOperator.StartsWith => $"lower({text}) LIKE lower({P(EscapeLike(s) + "%")}::text) ESCAPE '\\'",
            FilterOperator.EndsWith => $"lower({text}) LIKE lower({P("%" + EscapeLike(s))}::text) ESCAPE '\\'",
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a positive text operator."),
        };
    }

    /// <summary>What a sort on <paramref name="field"/> orders by, <paramref name="hop"/> references from row <paramref name="alias"/>; <paramref name="descending"/> for a descending sort (a location's missing fields sort last in both directions).</summary>
    private string SortExpression(BoundField field, int hop, string alias, bool descending)
    {
        if (hop < field.Hops.Count)
        {
            var reference = field.Hops[hop];
            var t = NextRowAlias();
            var target = P(reference.Target.Id);
            var id = ReferencedId(reference.Attribute, alias);
            var inner = SortExpression(field, hop + 1, t, descending);
            return $"(SELECT {inner} FROM records {t} WHERE {t}.workspace_id = {_workspace} AND {t}.object_id = {target}::uuid AND {t}.id = {id} LIMIT 1)";
        }

        if (field.System is { } system)
        {
            return $"{alias}.{Column(system)}";
        }

        var attribute = field.Attribute!;
        var json = Json(attribute, alias);
        if (attribute.IsMultiselect)
        {
            json = $"({json} -> 0)";
        }

        var text = TextOf(json, field.Key);
        switch (field.Kind)
        {
            case FieldKind.Text:
                return $"lower({text})";
            case FieldKind.LocationAny:
                // Country, then state, city, postcode and street. Each field is flagged present or missing, so that a
                // missing one sorts after every present one (NULLS LAST, as for whole values) in either direction, and
                // the fields are joined by chr(1), below every printable character, so a shorter field sorts first.
                // Compared as bytes (COLLATE "C"): a linguistic collation would ignore the separator.
                var (present, missing) = descending ? ("'1'", "'0'") : ("'0'", "'1'");
                var parts = new[] { "country_code", "state", "city", "postcode", "line_1", "line_2" }
                    .Select(k => $"coalesce({present} || lower({json} ->> {P(k)}::text), {missing})");
                return $"(CASE WHEN {json} IS NOT NULL THEN concat_ws(chr(1), {string.Join(", ", parts)}) END COLLATE \"C\")";
            case FieldKind.Number:
                return $"{text}::numeric";
            case FieldKind.Date:
                return $"{text}::date";
            case FieldKind.Timestamp:
                return $"{text}::timestamptz";
            case FieldKind.Boolean:
                return $"{text}::boolean";
            case FieldKind.Option:
                var ids = attribute.Options.OrderBy(o => o.Position).ThenBy(o => o.Title, StringComparer.Ordinal).Select(o => o.Id.ToString("D")).ToArray();
                return $"array_position({P(ids)}::text[], {text})";
            case FieldKind.RecordId:
                var t = NextRowAlias();
                return $"(SELECT lower({t}.title) FROM records {t} WHERE {t}.workspace_id = {_workspace} AND {t}.id = {text}::uuid LIMIT 1)";
            default:
                throw new NotSupportedException($"Sorting by {field.Kind} is not supported.");
        }
    }

    /// <summary>Joins the records <paramref name="t"/> referenced by <paramref name="attribute"/> of row <paramref name="alias"/> (any element of a multiselect).</summary>
    private string ReferenceJoin(AttributeDefinition attribute, string alias, string t)
    {
        var json = Json(attribute, alias);
        var key = P(QueryFieldTypes.TargetRecordId);
        if (!attribute.IsMultiselect)
        {
            return $"{t}.id = ({json} ->> {key}::text)::uuid";
        }

        var e = NextElementAlias();
        return $"{t}.id IN (SELECT ({e}.v ->> {key}::text)::uuid FROM jsonb_array_elements({ArrayOrNull(json)}) {e}(v))";
    }

    /// <summary>The id of the (first) record referenced by <paramref name="attribute"/> of row <paramref name="alias"/>.</summary>
    private string ReferencedId(AttributeDefinition attribute, string alias)
    {
        var json = Json(attribute, alias);
        if (attribute.IsMultiselect)
        {
            json = $"({json} -> 0)";
        }

        return $"({json} ->> {P(QueryFieldTypes.TargetRecordId)}::text)::uuid";
    }

    private string Json(AttributeDefinition attribute, string alias) => $"({alias}.values -> {P(attribute.Slug)}::text)";

    /// <summary>The text of the stored single form (a JSON scalar) or of one of its keys; NULL when missing or JSON null.</summary>
    private string TextOf(string json, string? key) => key is null ? $"({json} #>> '{{}}')" : $"({json} ->> {P(key)}::text)";

    private static string ArrayOrNull(string json) => $"CASE WHEN jsonb_typeof({json}) = 'array' THEN {json} END";

    private static string Column(SystemField field) => field switch
    {
        SystemField.CreatedAt => "created_at",
        SystemField.UpdatedAt => "updated_at",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "Unknown system field."),
    };

    private static string Comparison(FilterOperator op) => op switch
    {
        FilterOperator.Equals => "=",
        FilterOperator.GreaterThan => ">",
        FilterOperator.GreaterThanOrEqual => ">=",
        FilterOperator.LessThan => "<",
        FilterOperator.LessThanOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Not a positive comparison."),
    };

    private string P(object? value) => _parameters.Add(value);

    private string NextRowAlias() => "t" + (++_rowAliases).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string NextElementAlias() => "e" + (++_elementAliases).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A SQL string literal (standard_conforming_strings: only the quote is doubled), for DDL, which takes no parameters.</summary>
    private static string Literal(object? value) => value is string s
        ? "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'"
        : throw new NotSupportedException($"Only text parameters can be written into an index expression, not {value?.GetType().Name ?? "null"}.");

    [GeneratedRegex(@"^\$[1-9][0-9]*$")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"\$([1-9][0-9]*)")]
    private static partial Regex PlaceholderInText();
}
