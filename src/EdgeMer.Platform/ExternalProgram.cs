using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;

namespace EdgeMer.Platform;

/// <summary>
/// Runs another program (ffmpeg, node, python3, a peer) to completion with a time limit. Arguments
/// go to the program as they are (no shell, no quoting); standard output and error are read while
/// it runs, so neither pipe can fill and stall it; on timeout the program and everything it started
/// is killed.
/// </summary>
public static class ExternalProgram
{
    /// <summary>How long a killed program gets to release its pipes before its output is reported as it stands.</summary>
    private static readonly TimeSpan s_drainAfterKill = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> and waits for it to exit.
    /// </summary>
    /// <param name="fileName">The program: a path, or a name looked up on PATH.</param>
    /// <param name="arguments">Passed one by one as the program's argv; nothing is split or expanded.</param>
    /// <param name="timeout">How long the program may run; after that it and its descendants are killed.</param>
    /// <param name="workingDirectory">The program's current directory (default: this process's).</param>
    /// <param name="environment">Variables to set for the program; a null value removes the variable.</param>
    /// <param name="standardInput">Bytes written to the program's standard input, which is then closed. Without it the program reads end-of-file at once.</param>
    /// <returns>The exit code and everything the program wrote; a non-zero exit code is not an error here (see <see cref="ExternalProgramResult.EnsureSuccess"/>).</returns>
    /// <exception cref="InvalidOperationException">The program could not be started (not found, not executable, no such working directory).</exception>
    /// <exception cref="TimeoutException">The program did not finish within <paramref name="timeout"/>; the message names it and quotes what it printed.</exception>
    public static ExternalProgramResult Run(
        string fileName,
        IEnumerable<string> arguments,
        TimeSpan timeout,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string?>? environment = null,
        ReadOnlyMemory<byte>? standardInput = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        if (timeout <= TimeSpan.Zero || timeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "the time limit must be positive and at most int.MaxValue milliseconds");
        }

        using Process process = Start(fileName, arguments, workingDirectory, environment, out List<string> argumentList);
        var output = new StreamCapture(process.StandardOutput.BaseStream);
        var errors = new StreamCapture(process.StandardError.BaseStream);
        Task input = FeedAsync(process.StandardInput, standardInput ?? ReadOnlyMemory<byte>.Empty);

        long started = Stopwatch.GetTimestamp();
        if (!process.WaitForExit(timeout))
        {
            KillTree(process);
            Task.WaitAll([output.Completion, errors.Completion], s_drainAfterKill);
            var sofar = new ExternalProgramResult(fileName, argumentList, -1, output.ToArray(), errors.ToText());
            throw new TimeoutException(
                $"{ExternalProgramResult.CommandLine(fileName, argumentList)} did not finish within {timeout.TotalSeconds:0.###} s and was killed{sofar.DescribeOutput()}");
        }

        // The program has exited; its pipes close unless something it started keeps them open.
        TimeSpan left = timeout - Stopwatch.GetElapsedTime(started);
        if (!Task.WaitAll([output.Completion, errors.Completion, input], left > TimeSpan.Zero ? left : TimeSpan.Zero))
        {
            var sofar = new ExternalProgramResult(fileName, argumentList, process.ExitCode, output.ToArray(), errors.ToText());
            throw new TimeoutException(
                $"{ExternalProgramResult.CommandLine(fileName, argumentList)} exited with {process.ExitCode}, but a process it started kept its pipes open " +
                $"past the time limit of {timeout.TotalSeconds:0.###} s{sofar.DescribeOutput()}");
        }

        return new ExternalProgramResult(fileName, argumentList, process.ExitCode, output.ToArray(), errors.ToText());
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with its standard input open for the caller to write while it
    /// runs (an encoder fed frame by frame, for example), its output and errors read as they come.
    /// <see cref="ProgramInput.Finish"/> closes the input and waits for the program.
    /// </summary>
    /// <exception cref="InvalidOperationException">The program could not be started.</exception>
    public static ProgramInput StartWithInput(string fileName, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentNullException.ThrowIfNull(arguments);
        Process process = Start(fileName, arguments, workingDirectory, environment: null, out List<string> argumentList);
        return new ProgramInput(process, fileName, argumentList, new StreamCapture(process.StandardOutput.BaseStream), new StreamCapture(process.StandardError.BaseStream));
    }

    private static Process Start(string fileName, IEnumerable<string> arguments, string? workingDirectory, IReadOnlyDictionary<string, string?>? environment, out List<string> argumentList)
    {
        var start = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        argumentList = [];
        foreach (string argument in arguments)
        {
            ArgumentNullException.ThrowIfNull(argument, nameof(arguments));
            start.ArgumentList.Add(argument);
            argumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach ((string key, string? value) in environment)
            {
                if (value is null)
                {
                    start.Environment.Remove(key);
                }
                else
                {
                    start.Environment[key] = value;
                }
            }
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new InvalidOperationException(
                $"cannot start {ExternalProgramResult.CommandLine(fileName, argumentList)}" +
                $"{(workingDirectory is null ? string.Empty : $" in {workingDirectory}")}: {e.Message}", e);
        }
        return process;
    }

    private static async Task FeedAsync(StreamWriter stdin, ReadOnlyMemory<byte> bytes)
    {
        try
        {
            if (!bytes.IsEmpty)
            {
                await stdin.BaseStream.WriteAsync(bytes).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The program closed its standard input before reading all of it: its choice, not an error here.
        }
        finally
        {
            try
            {
                stdin.Dispose();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // Closing a pipe whose reader is gone can fail; nothing the program wanted is lost.
            }
        }
    }

    internal static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the timeout and the kill.
        }

        process.WaitForExit(s_drainAfterKill);
    }

    /// <summary>Copies a pipe into memory as it arrives, so what was read is available even if the pipe never closes.</summary>
    internal sealed class StreamCapture
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private readonly Lock _gate = new();

        public StreamCapture(Stream source)
        {
            Completion = PumpAsync(source);
        }

        public Task Completion { get; }

        public byte[] ToArray()
        {
            lock (_gate)
            {
                return _buffer.WrittenSpan.ToArray();
            }
        }

        public string ToText() => System.Text.Encoding.UTF8.GetString(ToArray());

        private async Task PumpAsync(Stream source)
        {
            // Rented: a source played in a loop probes its file on every pass.
            byte[] chunk = ArrayPool<byte>.Shared.Rent(81920);
            int read;
            try
            {
                while ((read = await source.ReadAsync(chunk).ConfigureAwait(false)) > 0)
                {
                    lock (_gate)
                    {
                        _buffer.Write(chunk.AsSpan(0, read));
                    }
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // The pipe was torn down with a killed program; what was read so far is what it printed.
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
        }
    }
}
