using System.Diagnostics;
using System.Globalization;
using EdgeMer.Platform;

namespace EdgeMer.Platform.Tests;

public sealed class ExternalProgramTests : IDisposable
{
    private static readonly TimeSpan s_enough = TimeSpan.FromSeconds(60);

    private readonly string _folder = Directory.CreateTempSubdirectory("edgemer-program-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Arguments_reach_the_program_as_they_are_without_a_shell_splitting_or_expanding_them()
    {
        string[] arguments = ["a b", "'quoted'", "", "$HOME", "*", "semi;colon"];

        ExternalProgramResult result = ExternalProgram.Run("/bin/sh", ["-c", "printf '%s|' \"$@\"", "sh", .. arguments], s_enough);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("a b|'quoted'||$HOME|*|semi;colon|", result.StandardOutput);
    }

    [Fact]
    public void Standard_output_and_error_are_read_while_the_program_runs_so_large_outputs_on_both_do_not_stall_it()
    {
        // Each stream carries far more than a pipe holds (64 KiB): reading one after the other would deadlock.
        const string script = "head -c 1000000 /dev/zero | tr '\\0' e >&2; head -c 1000000 /dev/zero | tr '\\0' o; head -c 1000000 /dev/zero | tr '\\0' e >&2";

        ExternalProgramResult result = ExternalProgram.Run("/bin/sh", ["-c", script], s_enough);

        Assert.Equal(1_000_000, result.StandardOutputBytes.Length);
        Assert.Equal(2_000_000, result.StandardError.Length);
        Assert.All(result.StandardOutput, c => Assert.Equal('o', c));
    }

    [Fact]
    public void Binary_standard_output_comes_back_byte_for_byte()
    {
        ExternalProgramResult result = ExternalProgram.Run("/bin/sh", ["-c", "printf '\\000\\001\\377\\012'"], s_enough);

        Assert.Equal(new byte[] { 0, 1, 255, 10 }, result.StandardOutputBytes.ToArray());
    }

    [Fact]
    public void Standard_input_is_fed_while_output_is_read_and_then_closed()
    {
        byte[] input = new byte[1_000_000];
        new Random(7).NextBytes(input);

        ExternalProgramResult result = ExternalProgram.Run("cat", [], s_enough, standardInput: input);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(input, result.StandardOutputBytes.ToArray());
    }

    [Fact]
    public void A_program_started_with_its_input_open_reads_what_is_written_piece_by_piece_until_it_is_finished()
    {
        using ProgramInput program = ExternalProgram.StartWithInput("/bin/sh", ["-c", "wc -c; echo done >&2"]);
        byte[] piece = new byte[100_000];

        for (int i = 0; i < 10; i++)
        {
            program.Write(piece);
        }

        ExternalProgramResult result = program.Finish(s_enough);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("1000000", result.StandardOutput.Trim());
        Assert.Equal("done", result.StandardError.Trim());
    }

    [Fact]
    public void Writing_to_a_program_that_has_stopped_reading_is_an_error_naming_it_and_quoting_its_reason()
    {
        using ProgramInput program = ExternalProgram.StartWithInput("/bin/sh", ["-c", "echo 'cannot encode' >&2; exit 3"]);
        byte[] piece = new byte[1 << 20];

        IOException error = Assert.Throws<IOException>(() =>
        {
            for (int i = 0; i < 64; i++)
            {
                program.Write(piece);
            }
        });

        Assert.Contains("/bin/sh", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot encode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_standard_input_the_program_reads_end_of_file_instead_of_waiting()
    {
        ExternalProgramResult result = ExternalProgram.Run("cat", [], s_enough);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, result.StandardOutputBytes.Length);
    }

    [Fact]
    public void The_working_directory_and_environment_are_the_ones_given_and_a_null_value_removes_a_variable()
    {
        var environment = new Dictionary<string, string?> { ["EDGEMER_PROGRAM_TEST"] = "set here", ["HOME"] = null };

        ExternalProgramResult result = ExternalProgram.Run(
            "/bin/sh", ["-c", "echo \"$(pwd)|$EDGEMER_PROGRAM_TEST|${HOME-removed}\""], s_enough, _folder, environment);

        Assert.Equal($"{_folder}|set here|removed\n", result.StandardOutput);
    }

    [Fact]
    public void A_program_past_its_time_limit_is_killed_with_everything_it_started_and_the_error_names_it_and_quotes_its_output()
    {
        string pidFile = Path.Combine(_folder, "descendant pid");
        const string script = "tail -f /dev/null & echo $! > \"$1\"; echo waiting for ever; echo still here >&2; wait";

        TimeoutException error = Assert.Throws<TimeoutException>(
            () => ExternalProgram.Run("/bin/sh", ["-c", script, "sh", pidFile], TimeSpan.FromSeconds(3)));

        Assert.Contains($"/bin/sh -c '{script.Replace("'", "'\\''", StringComparison.Ordinal)}' sh '{pidFile}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("within 3 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("waiting for ever", error.Message, StringComparison.Ordinal);
        Assert.Contains("still here", error.Message, StringComparison.Ordinal);
        int descendant = int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture);
        Assert.True(SpinWait.SpinUntil(() => HasEnded(descendant), s_enough), $"process {descendant}, started by the timed-out program, is still running");
    }

    [Fact]
    public void A_program_whose_descendant_keeps_its_output_open_after_it_exits_is_a_timeout_not_a_hang()
    {
        string pidFile = Path.Combine(_folder, "descendant.pid");
        try
        {
            TimeoutException error = Assert.Throws<TimeoutException>(
                () => ExternalProgram.Run("/bin/sh", ["-c", "tail -f /dev/null & echo $! > \"$1\"; echo left behind", "sh", pidFile], TimeSpan.FromSeconds(3)));

            Assert.Contains("exited with 0, but a process it started kept its pipes open", error.Message, StringComparison.Ordinal);
            Assert.Contains("left behind", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (File.Exists(pidFile))
            {
                using Process leftover = Process.GetProcessById(int.Parse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture));
                leftover.Kill();
            }
        }
    }

    [Fact]
    public void A_program_that_does_not_exist_is_an_error_naming_it()
    {
        InvalidOperationException error = Assert.Throws<InvalidOperationException>(
            () => ExternalProgram.Run("edgemer-no-such-program", ["--version"], s_enough));

        Assert.Contains("cannot start edgemer-no-such-program --version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_working_directory_that_does_not_exist_is_an_error_naming_it()
    {
        string missing = Path.Combine(_folder, "missing");

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => ExternalProgram.Run("/bin/true", [], s_enough, missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EnsureSuccess_returns_the_result_of_a_program_that_exited_with_0()
    {
        ExternalProgramResult result = ExternalProgram.Run("/bin/sh", ["-c", "echo fine"], s_enough);

        Assert.Same(result, result.EnsureSuccess("the check"));
    }

    [Fact]
    public void EnsureSuccess_names_what_failed_the_command_line_the_exit_code_and_what_the_program_printed()
    {
        ExternalProgramResult result = ExternalProgram.Run("/bin/sh", ["-c", "echo partial; echo the reason >&2; exit 3"], s_enough);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess("the check"));

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith("the check failed: /bin/sh -c 'echo partial; echo the reason >&2; exit 3' exited with 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("the reason", error.Message, StringComparison.Ordinal);
        Assert.Contains("partial", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failure_message_gives_the_size_of_binary_output_instead_of_the_bytes()
    {
        ExternalProgramResult result = ExternalProgram.Run("/bin/sh", ["-c", "printf '\\000\\001\\002'; exit 1"], s_enough);

        InvalidOperationException error = Assert.Throws<InvalidOperationException>(() => result.EnsureSuccess("decoding"));

        Assert.Contains("(3 bytes of binary output)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\0', error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_time_limit_that_is_not_positive_is_refused(int seconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExternalProgram.Run("/bin/true", [], TimeSpan.FromSeconds(seconds)));
    }

    /// <summary>Gone, or a zombie: killed and only waiting for its new parent to reap it.</summary>
    private static bool HasEnded(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or IOException)
        {
            return true;
        }

        // "pid (comm) S ...": the state follows the command name's closing parenthesis.
        char state = stat[(stat.LastIndexOf(')') + 2)..][0];
        return state is 'Z' or 'X';
    }
}
