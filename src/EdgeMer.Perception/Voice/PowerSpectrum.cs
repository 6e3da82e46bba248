namespace EdgeMer.Perception.Voice;

/// <summary>
/// The power spectrum of a Hann-windowed frame by an in-place radix-2 FFT, with the window, the
/// twiddle factors and the bit reversal computed once, so a frame costs no allocation.
/// </summary>
internal sealed class PowerSpectrum
{
    private readonly int _size;
    private readonly float[] _window;
    private readonly float[] _cos, _sin;
    private readonly int[] _reversed;
    private readonly float[] _re, _im;

    /// <param name="size">The FFT length, a power of two.</param>
    /// <param name="frameLength">The frame length (its Hann window), at most <paramref name="size"/>; the FFT pads it with zeros. Default: <paramref name="size"/>.</param>
    public PowerSpectrum(int size, int frameLength = 0)
    {
        if (size < 4 || (size & (size - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "the FFT size is a power of two, at least 4");
        }

        frameLength = frameLength == 0 ? size : frameLength;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(frameLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameLength, size);
        _size = size;
        _window = new float[frameLength];
        for (int i = 0; i < frameLength; i++)
        {
            // Periodic Hann, as the common speech front ends (torch.hann_window) use.
            _window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / frameLength)));
        }

        _cos = new float[size / 2];
        _sin = new float[size / 2];
        for (int i = 0; i < size / 2; i++)
        {
            _cos[i] = (float)Math.Cos(2 * Math.PI * i / size);
            _sin[i] = (float)-Math.Sin(2 * Math.PI * i / size);
        }

        int bits = System.Numerics.BitOperations.Log2((uint)size);
        _reversed = new int[size];
        for (int i = 0; i < size; i++)
        {
            int r = 0;
            for (int b = 0; b < bits; b++)
            {
                r |= ((i >> b) & 1) << (bits - 1 - b);
            }

            _reversed[i] = r;
        }

        _re = new float[size];
        _im = new float[size];
    }

    /// <summary>The FFT length.</summary>
    public int Size => _size;

    /// <summary>The frame length.</summary>
    public int FrameLength => _window.Length;

    /// <summary>Bins in the spectrum: 0 to the Nyquist frequency.</summary>
    public int Bins => (_size / 2) + 1;

    /// <summary>Writes |X(k)|² of the windowed, zero-padded <paramref name="frame"/> (<see cref="FrameLength"/> samples) for k = 0..<see cref="Bins"/>-1.</summary>
    public void Compute(ReadOnlySpan<float> frame, Span<float> power)
    {
        if (frame.Length != _window.Length || power.Length < Bins)
        {
            throw new ArgumentException($"a frame is {_window.Length} samples and the spectrum {Bins} bins");
        }

        for (int i = 0; i < _size; i++)
        {
            _re[_reversed[i]] = i < frame.Length ? frame[i] * _window[i] : 0f;
            _im[_reversed[i]] = 0f;
        }

        for (int length = 2; length <= _size; length <<= 1)
        {
            int half = length >> 1;
            int step = _size / length;
            for (int start = 0; start < _size; start += length)
            {
                for (int k = 0; k < half; k++)
                {
                    float wr = _cos[k * step], wi = _sin[k * step];
                    int a = start + k, b = a + half;
                    float tr = (_re[b] * wr) - (_im[b] * wi);
                    float ti = (_re[b] * wi) + (_im[b] * wr);
                    _re[b] = _re[a] - tr;
                    _im[b] = _im[a] - ti;
                    _re[a] += tr;
                    _im[a] += ti;
                }
            }
        }

        for (int k = 0; k < Bins; k++)
        {
            power[k] = (_re[k] * _re[k]) + (_im[k] * _im[k]);
        }
    }
}
