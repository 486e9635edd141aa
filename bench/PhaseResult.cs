namespace Tessera.Bench;

/// <summary>One measured phase: what the JSON output lists.</summary>
internal sealed record PhaseResult(string Workload, string Phase, double Seconds, long Bytes, long Samples);
