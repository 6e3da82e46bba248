namespace EdgeMer.Inference.Tests;

// Each model's output is checked against the same arithmetic done here, independently of ONNX Runtime.
public sealed class ModelComputationTests
{
    private static InferenceEnvironment Environment => TestEnvironment.Instance;

    [Fact]
    public void Add_returns_the_elementwise_sum()
    {
        using InferenceSession session = InferenceSession.Load(Environment, TestModels.Add(), "add");
        using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, -4f, 5.5f, 0f], 2, 3);
        using PinnedTensor<float> b = PinnedTensor.FromArray([10f, 20f, 30f, 4f, -0.5f, 7f], 2, 3);
        using PinnedTensor<float> c = PinnedTensor.Allocate<float>(2, 3);
        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput("a", a);
        binding.BindInput("b", b);
        binding.BindOutput("c", c);

        binding.Run();

        float[] expected = new float[6];
        for (int i = 0; i < expected.Length; i++)
        {
            expected[i] = a.Span[i] + b.Span[i];
        }

        Assert.Equal(expected, c.Span.ToArray());
    }

    [Fact]
    public void MatMul_returns_the_matrix_product()
    {
        using InferenceSession session = InferenceSession.Load(Environment, TestModels.MatMul(), "matmul");
        float[] x = [1f, 2f, 3f, -1f, 0.5f, 2f];
        using PinnedTensor<float> input = PinnedTensor.FromArray(x, 2, 3);
        using PinnedTensor<float> output = PinnedTensor.AllocateNative<float>(2, 4);
        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput("x", input);
        binding.BindOutput("y", output);

        binding.Run();

        float[] expected = new float[8];
        for (int row = 0; row < 2; row++)
        {
            for (int column = 0; column < 4; column++)
            {
                for (int k = 0; k < 3; k++)
                {
                    expected[(row * 4) + column] += x[(row * 3) + k] * TestModels.MatMulWeights[(k * 4) + column];
                }
            }
        }

        AssertClose(expected, output.Span);
    }

    [Fact]
    public void Conv_returns_the_padded_convolution()
    {
        using InferenceSession session = InferenceSession.Load(Environment, TestModels.Conv(), "conv");
        float[] x = new float[25];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = ((i * 7) % 11) - 5;
        }

        using PinnedTensor<float> input = PinnedTensor.FromArray(x, 1, 1, 5, 5);

        IReadOnlyList<InferenceOutput> outputs = session.Run(new Dictionary<string, PinnedTensor> { ["x"] = input });

        float[] expected = new float[2 * 25];
        for (int channel = 0; channel < 2; channel++)
        {
            for (int row = 0; row < 5; row++)
            {
                for (int column = 0; column < 5; column++)
                {
                    float sum = TestModels.ConvBias[channel];
                    for (int kr = 0; kr < 3; kr++)
                    {
                        for (int kc = 0; kc < 3; kc++)
                        {
                            int r = row + kr - 1;
                            int c = column + kc - 1;
                            if (r is >= 0 and < 5 && c is >= 0 and < 5)
                            {
                                sum += x[(r * 5) + c] * TestModels.ConvWeights[(channel * 9) + (kr * 3) + kc];
                            }
                        }
                    }

                    expected[(channel * 25) + (row * 5) + column] = sum;
                }
            }
        }

        InferenceOutput y = Assert.Single(outputs);
        Assert.Equal("y", y.Name);
        Assert.Equal([1L, 2, 5, 5], y.Shape.ToArray());
        AssertClose(expected, y.Elements<float>());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public void A_dynamic_batch_dimension_takes_the_size_of_each_run(int batch)
    {
        using InferenceSession session = InferenceSession.Load(Environment, TestModels.ScaleColumns(), "scale-columns");
        float[] x = new float[batch * 4];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i - 3.5f;
        }

        using PinnedTensor<float> input = PinnedTensor.FromArray(x, batch, 4);
        using PinnedTensor<float> output = PinnedTensor.Allocate<float>(batch, 4);
        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput("x", input);
        binding.BindOutput("y", output);

        binding.Run();

        float[] expected = new float[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            expected[i] = x[i] * TestModels.ColumnScale[i % 4];
        }

        Assert.Equal(expected, output.Span.ToArray());
    }

    [Fact]
    public void The_allocating_run_reports_the_shape_each_run_produced()
    {
        using InferenceSession session = InferenceSession.Load(Environment, TestModels.ScaleColumns(), "scale-columns");
        using PinnedTensor<float> input = PinnedTensor.FromArray([1f, 1f, 1f, 1f, 2f, 2f, 2f, 2f], 2, 4);

        InferenceOutput y = Assert.Single(session.Run(new Dictionary<string, PinnedTensor> { ["x"] = input }));

        Assert.Equal([2L, 4], y.Shape.ToArray());
        Assert.Equal([1f, -2f, 0.5f, 4f, 2f, -4f, 1f, 8f], y.ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => y.Elements<double>().ToArray());
    }

    [Fact]
    public void A_model_loads_from_a_file_as_well_as_from_bytes()
    {
        string folder = Directory.CreateTempSubdirectory("edgemer-model-file").FullName;
        try
        {
            string path = TestModels.Save(TestModels.Add(), folder, "add.onnx");
            using InferenceSession session = InferenceSession.Load(Environment, path);
            using PinnedTensor<float> a = PinnedTensor.FromArray([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);

            InferenceOutput c = Assert.Single(session.Run(new Dictionary<string, PinnedTensor> { ["a"] = a, ["b"] = a }));

            Assert.Equal(path, session.ModelName);
            Assert.Equal([2f, 4f, 6f, 8f, 10f, 12f], c.ToArray<float>());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Tensors_of_other_element_types_run_too()
    {
        using InferenceSession session = InferenceSession.Load(Environment, TestModels.Mixed(), "mixed");
        using PinnedTensor<float> image = PinnedTensor.Allocate<float>(1, 3, 2, 2);
        image.Span.Fill(2f);
        using PinnedTensor<long> ids = PinnedTensor.FromArray([1L, -2, 3, 40, 5_000_000_000], 1, 5);
        using PinnedTensor<float> pooled = PinnedTensor.Allocate<float>(1, 3);
        using PinnedTensor<float> idsAsFloat = PinnedTensor.Allocate<float>(1, 5);
        using InferenceBinding binding = session.CreateBinding();
        binding.BindInput("image", image);
        binding.BindInput("ids", ids);
        binding.BindOutput("pooled", pooled);
        binding.BindOutput("ids_as_float", idsAsFloat);

        binding.Run();

        Assert.Equal([2f, 2f, 2f], pooled.Span.ToArray());
        Assert.Equal([1f, -2f, 3f, 40f, 5e9f], idsAsFloat.Span.ToArray());
    }

    internal static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * Math.Max(1f, Math.Abs(expected[i])), $"element {i}: expected {expected[i]}, got {actual[i]}");
        }
    }
}
