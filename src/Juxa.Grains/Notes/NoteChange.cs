namespace Juxa.Notes;

/// <summary>A note after a PATCH, and whether the PATCH changed it (a change to nothing writes, logs and publishes nothing).</summary>
public sealed record NoteChange(NoteView Note, bool Changed);
