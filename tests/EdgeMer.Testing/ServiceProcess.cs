using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using EdgeMer.Platform;

namespace EdgeMer.Testing;

/// <summary>
/// A long-running program under test (<c>edgemer run</c>, as a user starts it): its output read
/// line by line as it comes, signals sent to it, and its end awaited, all with time limits and no
/// sleeps. Killed on dispose if it is still running.
/// </summary>
public sealed class ServiceProcess : IDisposable
{
    private static readonly TimeSpan s_defaultWait = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly ConcurrentQueue<string> _seen = new();
    private readonly Task _stdout;
    private readonly Task _stderr;

    private ServiceProcess(Process process)
    {
        _process = process;
        _stdout = PumpAsync(process.StandardOutput, "");
        _stderr = PumpAsync(process.StandardError, "stderr: ");
        _ = Task.WhenAll(_stdout, _stderr).ContinueWith(_ => _lines.CompleteAdding(), TaskScheduler.Default);
    }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line read so far, standard error prefixed with <c>stderr: </c>, for failure messages.</summary>
    public string Output => string.Join('\n', _seen);

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/> as they are (no shell).</summary>
    public static ServiceProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string? value) in environment ?? new Dictionary<string, string?>())
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

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start"));
    }

    /// <summary>
    /// Reads output until a line matches <paramref name="matches"/> and returns it; null when the
    /// program ends or <paramref name="wait"/> (default 60 s) passes first.
    /// </summary>
    public string? WaitForLine(Func<string, bool> matches, TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? s_defaultWait);
        try
        {
            foreach (string line in _lines.GetConsumingEnumerable(timeout.Token))
            {
                if (matches(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        return null;
    }

    /// <summary>Sends a signal (<c>HUP</c>, <c>TERM</c>, <c>KILL</c>) with kill(1).</summary>
    public void Signal(string signal) =>
        ExternalProgram.Run("kill", [$"-{signal}", Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10)).EnsureSuccess($"kill -{signal}");

    /// <summary>Waits for the program to end and returns its exit code; throws <see cref="TimeoutException"/> if it does not within <paramref name="wait"/>.</summary>
    public int WaitForExit(TimeSpan? wait = null)
    {
        if (!_process.WaitForExit(wait ?? s_defaultWait))
        {
            throw new TimeoutException($"the program did not end in time; its output:\n{Output}");
        }

        // Everything it printed is read once it has ended.
        Task.WaitAll([_stdout, _stderr], s_defaultWait);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(s_defaultWait);
        }

        _process.Dispose();
    }

    private async Task PumpAsync(StreamReader reader, string prefix)
    {
        while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            _seen.Enqueue(prefix + line);
            _lines.Add(prefix + line);
        }
    }
}
