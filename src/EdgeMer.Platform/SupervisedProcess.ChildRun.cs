using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace EdgeMer.Platform;

public sealed partial class SupervisedProcess
{
    /// <summary>Why the supervisor killed a run.</summary>
    private enum KillReason
    {
        None,
        Stalled,
        Cancelled,
        ReaderFailed,
    }

    /// <summary>
    /// One started program: its output as the reader sees it, the end of its standard error, and the
    /// watchdog that kills it (with everything it started) when its output goes quiet.
    /// </summary>
    private sealed class ChildRun : IDisposable
    {
        /// <summary>How long the end of standard error may lag the program's exit (a descendant may hold it open).</summary>
        private static readonly TimeSpan s_errorDrain = TimeSpan.FromSeconds(5);

        private readonly Process _process;
        private readonly TimeProvider _time;
        private readonly TimeSpan _stallTimeout;
        private readonly TimeSpan _stableAfter;
        private readonly ErrorTail _errors;
        private readonly Task _errorPump;
        private readonly WatchedOutput _output;
        private readonly ITimer _watchdog;
        private long _lastOutput;
        private long _firstOutput;
        private int _delivered;
        private int _killedFor;

        public ChildRun(Process process, TimeProvider time, SupervisedProcessOptions options)
        {
            _process = process;
            _time = time;
            _stallTimeout = options.StallTimeout;
            _stableAfter = options.Restart.StableAfter;
            _lastOutput = time.GetTimestamp();
            _output = new WatchedOutput(process.StandardOutput.BaseStream, this);
            _errors = new ErrorTail(options.StandardErrorTailBytes);
            _errorPump = _errors.PumpAsync(process.StandardError.BaseStream);

            // Armed before the run is reported as running, so a test that advances a fake clock after
            // that report always finds it.
            _watchdog = time.CreateTimer(static s => ((ChildRun)s!).Watch(), this, _stallTimeout, Timeout.InfiniteTimeSpan);
        }

        public bool DeliveredOutput => Volatile.Read(ref _delivered) != 0;

        /// <summary>Whether the run delivered output for at least the restart policy's StableAfter.</summary>
        public bool WasStable =>
            DeliveredOutput && _time.GetElapsedTime(Volatile.Read(ref _firstOutput), Volatile.Read(ref _lastOutput)) >= _stableAfter;

        public KillReason KilledFor => (KillReason)Volatile.Read(ref _killedFor);

        public string StandardError => _errors.Text;

        /// <summary>Runs <paramref name="readOutput"/> on a thread of its own; completes with what it threw, or null.</summary>
        public Task<Exception?> ReadAsync(Action<Stream> readOutput, string name)
        {
            var done = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
            var thread = new Thread(static state =>
            {
                var (output, reader, completion) = ((WatchedOutput, Action<Stream>, TaskCompletionSource<Exception?>))state!;
                try
                {
                    reader(output);
                    completion.SetResult(null);
                }
                catch (Exception e)
                {
                    completion.SetResult(e);
                }
            })
            {
                IsBackground = true,
                Name = $"read {name}",
            };
            thread.Start((_output, readOutput, done));
            return done.Task;
        }

        /// <summary>
        /// After the reader returned: closes this end of the output (a program still writing gets a
        /// broken pipe), waits for the program to exit (the watchdog still kills it if it hangs), and
        /// for the rest of its standard error.
        /// </summary>
        public async Task FinishAsync()
        {
            _output.Close();
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            _watchdog.Dispose();
            try
            {
                await _errorPump.WaitAsync(s_errorDrain).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Something the program started still holds its standard error; what arrived is enough.
            }
        }

        /// <summary>Kills the program and its descendants, once, remembering why.</summary>
        public void Kill(KillReason reason)
        {
            if (Interlocked.CompareExchange(ref _killedFor, (int)reason, (int)KillReason.None) != (int)KillReason.None)
            {
                return;
            }

            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
            {
                // It exited on its own meanwhile.
            }
        }

        public void Dispose()
        {
            _watchdog.Dispose();
            _output.Dispose();
            _process.Dispose();
        }

        private void OnOutput()
        {
            long now = _time.GetTimestamp();
            Volatile.Write(ref _lastOutput, now);
            if (Volatile.Read(ref _delivered) == 0)
            {
                Volatile.Write(ref _firstOutput, now);
                Volatile.Write(ref _delivered, 1);
            }
        }

        private void Watch()
        {
            if (KilledFor != KillReason.None)
            {
                return;
            }

            TimeSpan silent = _time.GetElapsedTime(Volatile.Read(ref _lastOutput));
            if (silent >= _stallTimeout)
            {
                Kill(KillReason.Stalled);
                return;
            }

            try
            {
                _watchdog.Change(_stallTimeout - silent, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // The run ended while the watchdog looked.
            }
        }

        /// <summary>The program's standard output as the reader sees it: every read that returns bytes is progress.</summary>
        private sealed class WatchedOutput(Stream inner, ChildRun run) : Stream
        {
            public override bool CanRead => true;

            public override bool CanSeek => false;

            public override bool CanWrite => false;

            public override long Length => throw new NotSupportedException("a program's output has no length");

            public override long Position
            {
                get => throw new NotSupportedException("a program's output has no position");
                set => throw new NotSupportedException("a program's output has no position");
            }

            public override int Read(Span<byte> buffer)
            {
                int read = inner.Read(buffer);
                if (read > 0)
                {
                    run.OnOutput();
                }

                return read;
            }

            public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

            public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
            {
                int read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read > 0)
                {
                    run.OnOutput();
                }

                return read;
            }

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
                ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

            public override void Flush()
            {
            }

            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("a program's output cannot seek");

            public override void SetLength(long value) => throw new NotSupportedException("a program's output cannot be resized");

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("a program's output is read-only");

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    inner.Dispose();
                }

                base.Dispose(disposing);
            }
        }

        /// <summary>The last bytes a program wrote to standard error, read as they come so the pipe never fills.</summary>
        private sealed class ErrorTail(int capacity)
        {
            private readonly byte[] _ring = new byte[capacity];
            private readonly Lock _gate = new();
            private long _written;

            public string Text
            {
                get
                {
                    byte[] copy;
                    lock (_gate)
                    {
                        if (_written <= _ring.Length)
                        {
                            copy = _ring.AsSpan(0, (int)_written).ToArray();
                        }
                        else
                        {
                            int start = (int)(_written % _ring.Length);
                            copy = [.. _ring.AsSpan(start), .. _ring.AsSpan(0, start)];
                        }
                    }

                    return Encoding.UTF8.GetString(copy);
                }
            }

            public async Task PumpAsync(Stream source)
            {
                byte[] chunk = new byte[1024];
                try
                {
                    int read;
                    while ((read = await source.ReadAsync(chunk).ConfigureAwait(false)) > 0)
                    {
                        Append(chunk.AsSpan(0, read));
                    }
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    // The pipe went with a killed program; what was read is what it said.
                }
            }

            private void Append(ReadOnlySpan<byte> bytes)
            {
                lock (_gate)
                {
                    foreach (byte b in bytes)
                    {
                        _ring[(int)(_written % _ring.Length)] = b;
                        _written++;
                    }
                }
            }
        }
    }
}
