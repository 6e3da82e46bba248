using System.Diagnostics;

namespace EdgeMer.Platform;

/// <summary>
/// A program started by <see cref="ExternalProgram.StartWithInput"/> whose standard input the caller
/// writes while it runs. Disposing it without <see cref="Finish"/> kills the program.
/// </summary>
public sealed class ProgramInput : IDisposable
{
    private readonly Process _process;
    private readonly string _fileName;
    private readonly List<string> _arguments;
    private readonly ExternalProgram.StreamCapture _output;
    private readonly ExternalProgram.StreamCapture _errors;
    private bool _finished;

    internal ProgramInput(Process process, string fileName, List<string> arguments, ExternalProgram.StreamCapture output, ExternalProgram.StreamCapture errors)
    {
        _process = process;
        _fileName = fileName;
        _arguments = arguments;
        _output = output;
        _errors = errors;
    }

    /// <summary>The program's standard input.</summary>
    public Stream Input => _process.StandardInput.BaseStream;

    /// <summary>
    /// Writes <paramref name="bytes"/> to the program. An <see cref="IOException"/> names the program and
    /// quotes what it printed when it has stopped reading (it exited, usually with its reason on stderr).
    /// </summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            Input.Write(bytes);
        }
        catch (IOException e)
        {
            // Its reason is on stderr, complete once it has exited and the pipe is drained.
            if (_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _errors.Completion.Wait(TimeSpan.FromSeconds(5));
            }

            throw new IOException($"{ExternalProgramResult.CommandLine(_fileName, _arguments)} stopped reading its input: {ProgramOutput.OneLine(_errors.ToText())}", e);
        }
    }

    /// <summary>Closes the program's input and waits for it to exit.</summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/>; it has been killed.</exception>
    public ExternalProgramResult Finish(TimeSpan timeout)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _finished = true;
        try
        {
            Input.Dispose();
        }
        catch (IOException)
        {
            // It stopped reading first; its exit code and errors say why.
        }

        if (!_process.WaitForExit(timeout))
        {
            ExternalProgram.KillTree(_process);
            throw new TimeoutException($"{ExternalProgramResult.CommandLine(_fileName, _arguments)} did not finish within {timeout.TotalSeconds:0.###} s after its input ended and was killed");
        }

        Task.WaitAll([_output.Completion, _errors.Completion], timeout);
        return new ExternalProgramResult(_fileName, _arguments, _process.ExitCode, _output.ToArray(), _errors.ToText());
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            ExternalProgram.KillTree(_process);
        }

        _process.Dispose();
    }
}
