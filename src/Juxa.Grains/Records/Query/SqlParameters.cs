using System.Globalization;

namespace Juxa.Records.Query;

/// <summary>
/// The positional parameters (<c>$n</c>) of a generated SQL fragment, numbered from a starting index
/// (the caller reserves the ones before it, e.g. <c>$1</c> = workspace id, <c>$2</c> = object id).
/// An equal value of the same type added twice reuses its placeholder (a text array: equal element by element).
/// </summary>
public sealed class SqlParameters
{
    private readonly List<object?> _values = [];

    public SqlParameters(int firstIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(firstIndex, 1);
        FirstIndex = firstIndex;
    }

    public int FirstIndex { get; }

    /// <summary>The index the next new parameter gets (e.g. for a LIMIT the caller appends).</summary>
    public int NextIndex => FirstIndex + _values.Count;

    /// <summary>The values, in placeholder order: <c>Values[0]</c> is <c>$FirstIndex</c>.</summary>
    public IReadOnlyList<object?> Values => _values;

    /// <summary>Adds a value and returns its placeholder, e.g. <c>$5</c>.</summary>
    public string Add(object? value)
    {
        if (value is not null)
        {
            for (var i = 0; i < _values.Count; i++)
            {
                if (_values[i] is { } existing && existing.GetType() == value.GetType() && Same(existing, value))
                {
                    return Placeholder(FirstIndex + i);
                }
            }
        }

        _values.Add(value);
        return Placeholder(FirstIndex + _values.Count - 1);
    }

    /// <summary>Text arrays (option ids in sort order) compare by their elements: the ORDER BY, the cursor's sort keys and its predicate all add the same one.</summary>
    private static bool Same(object existing, object value) => existing is string[] texts
        ? texts.AsSpan().SequenceEqual((string[])value)
        : existing is not Array && existing.Equals(value);

    public static string Placeholder(int index) => "$" + index.ToString(CultureInfo.InvariantCulture);
}
