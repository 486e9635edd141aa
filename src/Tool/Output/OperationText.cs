using System.Globalization;

namespace Tessera.Tool.Output;

/// <summary>How the CLI tells of an all-or-nothing operation (an import) that has not completed.</summary>
internal static class OperationText
{
    public static string Describe(StagedOperationState state)
    {
        var op = state.Operation;
        string samples = state.Samples.ToString("N0", CultureInfo.InvariantCulture);
        string started = op.Started.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return state.IsRunning
            ? $"Running: '{op.Description}' (process {op.ProcessId}, since {started}), {samples} sample(s) written so far; they are staged when it completes."
            : $"Interrupted: '{op.Description}' (process {op.ProcessId} on {op.Host}, started {started}) stopped before it completed, after writing {samples} sample(s). "
              + "None of them are staged; the next write command discards them (or run 'dotnet tensor reset'). Run the command again to redo it.";
    }

    /// <summary>What a writer says when it opened and discarded an interrupted operation.</summary>
    public static string Discarded(StagedOperationState state)
    {
        var op = state.Operation;
        string started = op.Started.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return $"discarded the interrupted '{op.Description}' (process {op.ProcessId} on {op.Host}, started {started}): "
            + $"it stopped before it completed, after writing {state.Samples.ToString("N0", CultureInfo.InvariantCulture)} sample(s), none of which were staged. Run it again to redo it.";
    }
}
