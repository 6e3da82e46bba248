using EdgeMer.Affect;

namespace EdgeMer.Affect.Tests;

public sealed class EmotionLabelsTests
{
    public static TheoryData<EmotionLabel, string> AllLabels => new()
    {
        { EmotionLabel.Angry, "angry" },
        { EmotionLabel.Disgust, "disgust" },
        { EmotionLabel.Fear, "fear" },
        { EmotionLabel.Happy, "happy" },
        { EmotionLabel.Sad, "sad" },
        { EmotionLabel.Surprise, "surprise" },
        { EmotionLabel.Neutral, "neutral" },
    };

    [Theory]
    [MemberData(nameof(AllLabels))]
    public void Every_label_has_its_lower_case_name_and_parses_back_from_it(EmotionLabel label, string name)
    {
        Assert.Equal(name, EmotionLabels.Name(label));
        Assert.True(EmotionLabels.TryParse(EmotionLabels.Name(label), out EmotionLabel parsed));
        Assert.Equal(label, parsed);
    }

    [Fact]
    public void The_names_list_every_label_once_in_index_order()
    {
        EmotionLabel[] labels = Enum.GetValues<EmotionLabel>();

        Assert.Equal(EmotionLabels.Count, labels.Length);
        Assert.Equal(EmotionLabels.Count, EmotionLabels.Names.Length);
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Equal(i, (int)labels[i]);
            Assert.Equal(EmotionLabels.Name(labels[i]), EmotionLabels.Names[i]);
        }
    }

    [Theory]
    [InlineData("contempt")]
    [InlineData("")]
    [InlineData(" happy")]
    [InlineData("happy ")]
    [InlineData(null)]
    public void An_unknown_name_is_refused(string? name)
    {
        Assert.False(EmotionLabels.TryParse(name, out EmotionLabel label));
        Assert.Equal(default, label);
    }

    [Theory]
    [InlineData("Happy")]
    [InlineData("HAPPY")]
    [InlineData("Neutral")]
    [InlineData("sAd")]
    public void A_name_in_another_case_is_refused_because_manifests_and_messages_use_lower_case(string name)
    {
        Assert.False(EmotionLabels.TryParse(name, out _));
    }
}
