namespace Juxa.Hosting;

/// <summary>
/// Settings that a Juxa process cannot start with, found before anything is built (<see cref="SettingsValidator"/>).
/// The message names every bad setting, one per line, and is all an operator needs: no stack trace goes with it.
/// </summary>
public sealed class InvalidSettingsException(IReadOnlyList<string> problems)
    : Exception(string.Join(Environment.NewLine, problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
