namespace EdgeMer.Inference;

/// <summary>Settings of the CUDA execution provider (passed to ONNX Runtime as CUDA V2 provider options).</summary>
public sealed class CudaProviderOptions
{
    // Keys EdgeMer passes through, with the values ONNX Runtime accepts (null: any non-negative integer).
    private static readonly (string Key, string[]? Allowed)[] s_knownSettings =
    [
        ("gpu_mem_limit", null),
        ("arena_extend_strategy", ["kNextPowerOfTwo", "kSameAsRequested"]),
        ("cudnn_conv_algo_search", ["EXHAUSTIVE", "HEURISTIC", "DEFAULT"]),
        ("do_copy_in_default_stream", ["0", "1"]),
        ("cudnn_conv_use_max_workspace", ["0", "1"]),
        ("cudnn_conv1d_pad_to_nc1d", ["0", "1"]),
        ("enable_cuda_graph", ["0", "1"]),
        ("use_tf32", ["0", "1"]),
        ("prefer_nhwc", ["0", "1"]),
    ];

    /// <summary>The CUDA device to run on (0 is the first GPU).</summary>
    public int DeviceId { get; set; }

    /// <summary>
    /// Memory-arena and cuDNN settings as ONNX Runtime's CUDA option keys and values, for example
    /// <c>arena_extend_strategy = kSameAsRequested</c> or <c>cudnn_conv_algo_search = HEURISTIC</c>.
    /// </summary>
    public IDictionary<string, string> Settings { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal void Validate(string prefix, List<string> problems)
    {
        if (DeviceId < 0)
        {
            problems.Add($"{prefix}:DeviceId is {DeviceId}; allowed: 0 or a higher CUDA device number");
        }

        foreach (KeyValuePair<string, string> setting in Settings)
        {
            string? allowed = null;
            bool known = false;
            foreach ((string key, string[]? values) in s_knownSettings)
            {
                if (key == setting.Key)
                {
                    known = true;
                    if (values is not null && Array.IndexOf(values, setting.Value) < 0)
                    {
                        allowed = string.Join(", ", values);
                    }
                    else if (values is null && !ulong.TryParse(setting.Value, out _))
                    {
                        allowed = "a non-negative whole number of bytes";
                    }

                    break;
                }
            }

            if (!known)
            {
                problems.Add($"{prefix}:Settings:{setting.Key} is not a CUDA setting EdgeMer passes on; allowed keys: {KnownKeys()} (the device is chosen with {prefix}:DeviceId)");
            }
            else if (allowed is not null)
            {
                problems.Add($"{prefix}:Settings:{setting.Key} is '{setting.Value}'; allowed: {allowed}");
            }
        }
    }

    internal List<KeyValuePair<string, string>> ToProviderOptions()
    {
        var options = new List<KeyValuePair<string, string>>(Settings.Count + 1)
        {
            new("device_id", DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        options.AddRange(Settings);
        return options;
    }

    private static string KnownKeys()
    {
        var keys = new string[s_knownSettings.Length];
        for (int i = 0; i < keys.Length; i++)
        {
            keys[i] = s_knownSettings[i].Key;
        }

        return string.Join(", ", keys);
    }
}
