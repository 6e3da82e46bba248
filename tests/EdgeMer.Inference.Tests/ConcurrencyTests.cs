namespace EdgeMer.Inference.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Concurrent_runs_on_one_session_give_the_serial_results()
    {
        const int Threads = 4;
        const int RunsPerThread = 250;
        using InferenceSession session = InferenceSession.Load(TestEnvironment.Instance, TestModels.MatMul(), "matmul");

        float[][] serial = new float[Threads * RunsPerThread][];
        using (InferenceBinding binding = session.CreateBinding())
        using (PinnedTensor<float> input = PinnedTensor.Allocate<float>(2, 3))
        using (PinnedTensor<float> output = PinnedTensor.Allocate<float>(2, 4))
        {
            binding.BindInput("x", input);
            binding.BindOutput("y", output);
            for (int i = 0; i < serial.Length; i++)
            {
                Fill(input.Span, i);
                binding.Run();
                serial[i] = output.Span.ToArray();
            }
        }

        float[][] concurrent = new float[serial.Length][];
        using var start = new Barrier(Threads);
        Task[] workers = new Task[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int thread = t;
            workers[t] = Task.Factory.StartNew(
                () =>
                {
                    using InferenceBinding binding = session.CreateBinding();
                    using PinnedTensor<float> input = PinnedTensor.Allocate<float>(2, 3);
                    using PinnedTensor<float> output = PinnedTensor.Allocate<float>(2, 4);
                    binding.BindInput("x", input);
                    binding.BindOutput("y", output);
                    start.SignalAndWait();
                    for (int r = 0; r < RunsPerThread; r++)
                    {
                        int i = (r * Threads) + thread;
                        Fill(input.Span, i);
                        binding.Run();
                        concurrent[i] = output.Span.ToArray();
                    }
                },
                TaskCreationOptions.LongRunning);
        }

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(2));
        for (int i = 0; i < serial.Length; i++)
        {
            Assert.Equal(serial[i], concurrent[i]);
        }
    }

    private static void Fill(Span<float> input, int run)
    {
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = ((run * 31) + (i * 7)) % 23 - 11;
        }
    }
}
