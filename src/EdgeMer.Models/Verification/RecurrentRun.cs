namespace EdgeMer.Models.Verification;

/// <summary>How a stream model (Silero VAD) is run over a long signal: chunk size and the names of its state and output.</summary>
public sealed record RecurrentRun(string Input, int Chunk, string StateIn, string StateOut, long[] StateShape, string Output);
