using EdgeMer.Affect;
using System.Text;
using System.Text.Json;
using EdgeMer.Platform;
using EdgeMer.Messaging.Tests.Schema;
using EdgeMer.Messaging.Wire;
using EdgeMer.Testing;

namespace EdgeMer.Messaging.Tests;

public sealed class WireMessageTests
{
    internal static readonly JsonSchemaValidator Schema =
        JsonSchemaValidator.Load(Path.Combine(RepoPaths.Root, "docs", "schema", "edgemer-messages.v1.schema.json"));

    [Fact]
    public void A_summary_serializes_to_what_the_schema_accepts()
    {
        string json = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.FullSummary(), WireJsonContext.Default.EmotionSummary));

        Assert.Empty(Schema.Validate(json));
        Assert.Empty(Schema.Validate(json, "summaryMessage"));
    }

    [Fact]
    public void The_schema_rejects_an_extra_field_a_missing_field_and_an_out_of_range_value()
    {
        string good = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.FullSummary(), WireJsonContext.Default.EmotionSummary));

        Assert.NotEmpty(Schema.Validate(good.Replace("\"paused\":false", "\"paused\":false,\"pixels\":[1,2,3]", StringComparison.Ordinal)));
        Assert.NotEmpty(Schema.Validate(good.Replace("\"confidence\":0.8,", "", StringComparison.Ordinal)));
        Assert.NotEmpty(Schema.Validate(good.Replace("\"confidence\":0.8", "\"confidence\":1.5", StringComparison.Ordinal)));
        Assert.NotEmpty(Schema.Validate(good.Replace("\"device\":\"dev-1\"", "\"device\":\"has spaces and more\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_schema_refuses_emotions_for_a_school_or_a_workplace_and_a_person_for_a_school()
    {
        string companion = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.FullSummary(), WireJsonContext.Default.EmotionSummary));
        string workplace = companion.Replace("\"purpose\":\"companion\"", "\"purpose\":\"workplace\"", StringComparison.Ordinal);
        string statesOnly = Envelope(WireSchemas.Summary, "summary",
            "{\"purpose\":\"education\",\"track\":null,\"window\":{\"start\":\"2026-03-01T08:30:00+00:00\",\"end\":\"2026-03-01T08:30:01+00:00\"},\"paused\":false," +
            "\"emotions\":null,\"affect\":null,\"states\":{\"drowsy\":0.6,\"distracted\":0.1,\"fatigued\":0.5,\"eyesClosed\":0.2,\"yawning\":0.1,\"speaking\":null,\"walking\":null}," +
            "\"confidence\":0.7,\"modalities\":[{\"modality\":\"face\",\"quality\":0.9,\"ageMs\":30,\"weight\":1,\"emotions\":null,\"affect\":null,\"disagrees\":false}]}");

        Assert.Empty(Schema.Validate(companion));
        Assert.Contains(Schema.Validate(workplace), e => e.Contains("summary.emotions", StringComparison.Ordinal));
        Assert.Contains(Schema.Validate(workplace), e => e.Contains("summary.modalities[0].affect", StringComparison.Ordinal));
        Assert.Empty(Schema.Validate(statesOnly));
        Assert.NotEmpty(Schema.Validate(statesOnly.Replace("\"track\":null", "\"track\":4", StringComparison.Ordinal)));
        Assert.Empty(Schema.Validate(statesOnly.Replace("\"track\":null", "\"track\":4", StringComparison.Ordinal).Replace("\"education\"", "\"workplace\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Alerts_and_health_serialize_to_what_the_schema_accepts()
    {
        string alert = Envelope(WireSchemas.Alert, "alert", JsonSerializer.Serialize(WireSamples.Alert(), WireJsonContext.Default.SafetyAlert));
        string health = Envelope(WireSchemas.Health, "health", JsonSerializer.Serialize(WireSamples.Health(), WireJsonContext.Default.HealthReport))
            .WithEgress("{\"published\":1,\"dropped\":0,\"suppressed\":0}");

        Assert.Empty(Schema.Validate(alert));
        Assert.Contains("\"kind\":\"drowsiness\"", alert, StringComparison.Ordinal);
        Assert.Contains("\"modality\":\"face\"", alert, StringComparison.Ordinal);
        Assert.Empty(Schema.Validate(health));
    }

    [Fact]
    public void Health_egress_counters_name_the_faults_among_the_drops_and_read_as_zero_when_absent()
    {
        string document = Envelope(WireSchemas.Health, "health", JsonSerializer.Serialize(WireSamples.Health(), WireJsonContext.Default.HealthReport));
        string current = document.WithEgress("{\"published\":9,\"dropped\":5,\"oversized\":1,\"failed\":2,\"suppressed\":0}");
        string earlier = document.WithEgress("{\"published\":9,\"dropped\":5,\"suppressed\":0}");
        string inconsistent = document.WithEgress("{\"published\":9,\"dropped\":1,\"oversized\":1,\"failed\":2,\"suppressed\":0}");

        Assert.Empty(Schema.Validate(current));
        Assert.Empty(Schema.Validate(earlier));
        var parsed = Assert.IsType<HealthMessage>(WireMessage.Parse(Encoding.UTF8.GetBytes("health " + current)));
        Assert.Equal((5L, 1L, 2L), (parsed.Egress.Dropped, parsed.Egress.Oversized, parsed.Egress.Failed));
        var old = Assert.IsType<HealthMessage>(WireMessage.Parse(Encoding.UTF8.GetBytes("health " + earlier)));
        Assert.Equal((5L, 0L, 0L), (old.Egress.Dropped, old.Egress.Oversized, old.Egress.Failed));
        var error = Assert.Throws<FormatException>(() => WireMessage.Parse(Encoding.UTF8.GetBytes("health " + inconsistent)));
        Assert.Contains("are part of dropped (1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Health_states_deadline_misses_the_degradation_rung_and_the_process_cost_and_reads_as_unknown_when_absent()
    {
        string document = Envelope(WireSchemas.Health, "health", JsonSerializer.Serialize(WireSamples.Health(), WireJsonContext.Default.HealthReport))
            .WithEgress("{\"published\":1,\"dropped\":0,\"suppressed\":0}");
        string earlier = document
            .Replace(",\"deadlineMisses\":1", string.Empty, StringComparison.Ordinal)
            .Replace(",\"deadlineMisses\":0", string.Empty, StringComparison.Ordinal)
            .Replace(",\"degradation\":\"lowerRates\",\"process\":{\"cpuPercent\":87.5,\"rssMiB\":212.25}", string.Empty, StringComparison.Ordinal);
        string unknownRung = document.Replace("\"lowerRates\"", "\"slower\"", StringComparison.Ordinal);

        Assert.Empty(Schema.Validate(document));
        var parsed = Assert.IsType<HealthMessage>(WireMessage.Parse(Encoding.UTF8.GetBytes("health " + document)));
        Assert.Equal(1L, parsed.Health.Stages[0].DeadlineMisses);
        Assert.Equal("lowerRates", parsed.Health.Degradation);
        Assert.Equal((87.5f, 212.25f), (parsed.Health.Process!.CpuPercent, parsed.Health.Process.RssMiB));

        Assert.DoesNotContain("degradation", earlier, StringComparison.Ordinal);
        Assert.Empty(Schema.Validate(earlier));
        var old = Assert.IsType<HealthMessage>(WireMessage.Parse(Encoding.UTF8.GetBytes("health " + earlier)));
        Assert.Equal((0L, null, null), (old.Health.Stages[0].DeadlineMisses, old.Health.Degradation, old.Health.Process));

        Assert.NotEmpty(Schema.Validate(unknownRung));
        var error = Assert.ThrowsAny<FormatException>(() => WireMessage.Parse(Encoding.UTF8.GetBytes("health " + unknownRung)));
        Assert.Contains("degradation is 'slower'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_largest_possible_summary_stays_under_4_KB()
    {
        string json = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.LargestSummary(), WireJsonContext.Default.EmotionSummary), new string('d', 64));

        Assert.Empty(Schema.Validate(json));
        Assert.True(Encoding.UTF8.GetByteCount(json) < WireSchemas.MaxMessageBytes, $"{Encoding.UTF8.GetByteCount(json)} bytes");
    }

    [Fact]
    public void A_published_summary_reads_back_to_the_same_values()
    {
        string json = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.FullSummary(), WireJsonContext.Default.EmotionSummary));

        var message = Assert.IsType<SummaryMessage>(WireMessage.Parse("emotion.summary"u8, Encoding.UTF8.GetBytes(json)));

        Assert.Equal("dev-1", message.Device);
        Assert.Equal(WireSamples.Start, message.Summary.Window.Start);
        Assert.Equal(0.6f, message.Summary.Emotions!.Happy);
        Assert.Equal(EmotionLabel.Happy, message.Summary.Emotions.Dominant);
        Assert.Equal(Modality.Voice, message.Summary.Modalities[1].Modality);
        Assert.Null(message.Summary.States!.Walking);
    }

    [Fact]
    public void A_one_frame_message_splits_at_the_first_space_into_topic_and_document()
    {
        string json = Envelope(WireSchemas.Alert, "alert", JsonSerializer.Serialize(WireSamples.Alert(), WireJsonContext.Default.SafetyAlert));
        byte[] message = Encoding.UTF8.GetBytes("emotion.alert " + json);

        WireMessage.Split(message, out ReadOnlySpan<byte> topic, out ReadOnlySpan<byte> document);

        Assert.Equal("emotion.alert", Encoding.UTF8.GetString(topic));
        Assert.Equal(json, Encoding.UTF8.GetString(document));
        Assert.Equal(AlertReason.EyesClosedTooLong, Assert.IsType<AlertMessage>(WireMessage.Parse(message)).Alert.Reason);
    }

    [Fact]
    public void A_frame_without_a_topic_and_separator_is_refused_naming_the_layout()
    {
        string json = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.FullSummary(), WireJsonContext.Default.EmotionSummary));

        // The topic alone (as the earlier two-frame layout sent it first), the document alone, nothing.
        foreach (string frame in new[] { "emotion.summary", json, "" })
        {
            var error = Assert.Throws<FormatException>(() => WireMessage.Parse(Encoding.UTF8.GetBytes(frame)));
            Assert.Contains("one frame holding the topic, a space and the JSON document", error.Message, StringComparison.Ordinal);
        }

        Assert.Throws<FormatException>(() => WireMessage.Parse(Encoding.UTF8.GetBytes(" " + json)));
    }

    [Fact]
    public void An_unknown_topic_is_quoted_in_the_error_but_not_at_any_length()
    {
        string junk = new('x', 3000);

        var error = Assert.Throws<FormatException>(() => WireMessage.Parse(Encoding.UTF8.GetBytes(junk + " {}")));

        Assert.Contains("unknown topic", error.Message, StringComparison.Ordinal);
        Assert.Contains("(3000 bytes)", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public void Reading_rejects_a_message_on_the_wrong_topic_or_with_unknown_fields()
    {
        string json = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(WireSamples.FullSummary(), WireJsonContext.Default.EmotionSummary));

        Assert.Throws<FormatException>(() => WireMessage.Parse("emotion.alert"u8, Encoding.UTF8.GetBytes(json)));
        Assert.Throws<FormatException>(() => WireMessage.Parse("emotion.summary"u8, Encoding.UTF8.GetBytes(json.Replace("\"paused\":false", "\"paused\":false,\"faceImage\":\"AAAA\"", StringComparison.Ordinal))));
        Assert.Throws<FormatException>(() => WireMessage.Parse("debug"u8, Encoding.UTF8.GetBytes(json)));
        Assert.Throws<FormatException>(() => WireMessage.Parse(Encoding.UTF8.GetBytes("emotion.alert " + json)));
    }

    [Fact]
    public void Constructors_name_the_field_and_range_of_a_bad_value()
    {
        var probability = Assert.Throws<ArgumentOutOfRangeException>(() => new AffectReading(0f, 1.5f));
        Assert.Contains("arousal must be a number from -1 to 1", probability.Message, StringComparison.Ordinal);

        var sum = Assert.Throws<ArgumentException>(() => DistributionReading.FromProbabilities([0.5f, 0.5f, 0.5f, 0f, 0f, 0f, 0f]));
        Assert.Contains("add up to 1", sum.Message, StringComparison.Ordinal);

        var token = Assert.Throws<ArgumentException>(() => new ModelVersion("emotion", "a version with spaces"));
        Assert.Contains("version must be 1 to 32 characters", token.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new AffectReading(float.NaN, 0f));
        Assert.Throws<ArgumentException>(() => new EmotionSummary(
            "companion",
            null,
            new WindowReading(WireSamples.Start, WireSamples.Start), paused: true, WireSamples.Distribution(0.5f), null, null, 0f, []));
    }

    [Fact]
    public void A_domain_summary_maps_to_the_wire_and_reads_back_to_the_same_domain_values()
    {
        var window = new TimeWindow(WireSamples.Start, WireSamples.Start.AddMilliseconds(500));
        EmotionDistribution fused = EmotionDistribution.FromProbabilities([0.04f, 0.01f, 0.05f, 0.5f, 0.05f, 0.05f, 0.3f]);
        var summary = new Summary(
            Purpose.Companion,
            null,
            window,
            fused,
            new ValenceArousal(0.4f, 0.2f),
            new StateLikelihoods(0.1f, 0.2f, null, 0.05f, 0f, 0.6f, null),
            confidence: 0.75f,
            [
                new ModalityContribution(Modality.Face, 0.9f, TimeSpan.FromMilliseconds(33.4), 0.7f, fused, new ValenceArousal(0.45f, 0.2f), disagrees: false),
                new ModalityContribution(Modality.Voice, 0.6f, TimeSpan.FromMilliseconds(140), 0.3f, null, new ValenceArousal(0f, 0.4f), disagrees: true),
            ]);

        string json = Envelope(WireSchemas.Summary, "summary", JsonSerializer.Serialize(EmotionSummary.From(summary), WireJsonContext.Default.EmotionSummary));
        Summary back = Assert.IsType<SummaryMessage>(WireMessage.Parse("emotion.summary"u8, Encoding.UTF8.GetBytes(json))).Summary.Value;

        Assert.Empty(Schema.Validate(json));
        Assert.Equal(window, back.Window);
        Assert.Equal(fused, back.Emotions);
        Assert.Equal(summary.Affect, back.Affect);
        Assert.Equal(summary.States, back.States);
        Assert.Equal(0.75f, back.Confidence);
        Assert.Equal(summary.Contributions[1], back.Contributions[1]);
        Assert.Equal(TimeSpan.FromMilliseconds(33), back.Contributions[0].Age);
    }

    [Fact]
    public void Enumerations_go_on_the_wire_as_their_camel_case_names_and_numbers_are_refused()
    {
        var alert = new Alert(WireSamples.Start, AlertKind.SensorLost, AlertSeverity.Critical, AlertReason.ModalityStale, Modality.Voice, 12f, 5f);

        string json = JsonSerializer.Serialize(SafetyAlert.From(alert), WireJsonContext.Default.SafetyAlert);

        Assert.Contains("\"kind\":\"sensorLost\"", json, StringComparison.Ordinal);
        Assert.Contains("\"severity\":\"critical\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reason\":\"modalityStale\"", json, StringComparison.Ordinal);
        Assert.Contains("\"modality\":\"voice\"", json, StringComparison.Ordinal);
        Assert.Equal(alert, JsonSerializer.Deserialize(json, WireJsonContext.Default.SafetyAlert)!.Alert);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json.Replace("\"sensorLost\"", "4", StringComparison.Ordinal), WireJsonContext.Default.SafetyAlert));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json.Replace("\"voice\"", "\"Voice\"", StringComparison.Ordinal), WireJsonContext.Default.SafetyAlert));
    }

    internal static string Envelope(string schema, string property, string body, string device = "dev-1") =>
        $"{{\"schema\":\"{schema}\",\"device\":\"{device}\",\"sequence\":0,\"{property}\":{body}}}";
}

/// <summary>Health documents as a device sends them: the report's envelope with the publisher's egress counters added last.</summary>
internal static class HealthDocuments
{
    public static string WithEgress(this string envelope, string egress) =>
        envelope.EndsWith('}') ? $"{envelope[..^1]},\"egress\":{egress}}}" : throw new ArgumentException("not an envelope", nameof(envelope));
}
