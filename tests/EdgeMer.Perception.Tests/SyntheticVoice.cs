namespace EdgeMer.Perception.Tests;

/// <summary>Signals of known pitch, periodicity and loudness, made sample by sample at 16 kHz.</summary>
internal static class SyntheticVoice
{
    public const int Rate = 16_000;

    /// <summary>A harmonic tone at <paramref name="f0"/> (harmonics to 8 kHz falling as 1/h), peak near <paramref name="amplitude"/>.</summary>
    public static float[] Harmonic(double f0, double seconds, double amplitude = 0.3)
    {
        var samples = new float[(int)(seconds * Rate)];
        int harmonics = (int)(7800 / f0);
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / (double)Rate, sum = 0;
            for (int h = 1; h <= harmonics; h++)
            {
                sum += Math.Sin(2 * Math.PI * h * f0 * t) / h;
            }

            samples[i] = (float)(amplitude * sum / 1.8);
        }

        return samples;
    }

    public static float[] Sine(double hz, double seconds, double amplitude)
    {
        var samples = new float[(int)(seconds * Rate)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * hz * i / Rate));
        }

        return samples;
    }

    /// <summary>
    /// Glottal-like pulses (Gaussian, 0.4 ms wide): cycle i lasts <paramref name="period"/>(i) seconds
    /// and peaks at <paramref name="peak"/>(i), so jitter and shimmer are known exactly.
    /// </summary>
    public static float[] Pulses(Func<int, double> period, Func<int, double> peak, double seconds)
    {
        var samples = new float[(int)(seconds * Rate)];
        const double width = 0.0004;
        double at = 0.005;
        for (int i = 0; at < seconds; i++)
        {
            int centre = (int)(at * Rate);
            for (int k = Math.Max(0, centre - 40); k < Math.Min(samples.Length, centre + 40); k++)
            {
                double dt = (k / (double)Rate) - at;
                samples[k] += (float)(peak(i) * Math.Exp(-0.5 * dt * dt / (width * width)));
            }

            at += period(i);
        }

        return samples;
    }

    /// <summary>Gaussian white noise of standard deviation <paramref name="deviation"/>, from a fixed seed.</summary>
    public static float[] Noise(int length, double deviation, int seed)
    {
        var random = new Random(seed);
        var samples = new float[length];
        for (int i = 0; i < length; i++)
        {
            double u1 = 1 - random.NextDouble(), u2 = random.NextDouble();
            samples[i] = (float)(deviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }

        return samples;
    }

    public static float[] Add(float[] a, float[] b)
    {
        var sum = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            sum[i] = a[i] + b[i];
        }

        return sum;
    }

    public static double Power(float[] samples)
    {
        double sum = 0;
        foreach (float s in samples)
        {
            sum += s * (double)s;
        }

        return sum / samples.Length;
    }

    /// <summary><paramref name="carrier"/> shaped into <paramref name="syllables"/> per second: raised-cosine bursts with a short gap between them.</summary>
    public static float[] Syllables(float[] carrier, double syllables)
    {
        var shaped = new float[carrier.Length];
        double cycle = Rate / syllables;
        for (int i = 0; i < carrier.Length; i++)
        {
            double phase = i % cycle / cycle;
            double envelope = phase < 0.8 ? 0.5 - (0.5 * Math.Cos(2 * Math.PI * phase / 0.8)) : 0;
            shaped[i] = (float)(carrier[i] * envelope);
        }

        return shaped;
    }
}
