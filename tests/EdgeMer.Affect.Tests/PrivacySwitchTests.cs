
namespace EdgeMer.Affect.Tests;

public sealed class PrivacySwitchTests
{
    [Fact]
    public void A_failing_handler_neither_undoes_a_pause_nor_keeps_the_other_handlers_from_hearing_of_it()
    {
        var privacy = new PrivacySwitch();
        var heard = new List<string>();
        privacy.StateChanged += (_, state) => heard.Add($"first {state}");
        privacy.StateChanged += (_, _) => throw new IOException("the camera could not stop");
        privacy.StateChanged += (_, state) => heard.Add($"last {state}");

        var error = Assert.Throws<AggregateException>(() => privacy.SwitchTo(PrivacyState.Paused));

        Assert.Equal(PrivacyState.Paused, privacy.State);
        Assert.Equal(["first Paused", "last Paused"], heard);
        Assert.IsType<IOException>(Assert.Single(error.InnerExceptions));
        Assert.Contains("the privacy switch is Paused", error.Message, StringComparison.Ordinal);
        Assert.Contains("the camera could not stop", error.Message, StringComparison.Ordinal);
        Assert.False(privacy.SwitchTo(PrivacyState.Paused));
    }

    [Fact]
    public void Switching_tells_every_handler_once_and_reports_whether_it_moved()
    {
        var privacy = new PrivacySwitch();
        var heard = new List<PrivacyState>();
        privacy.StateChanged += (_, state) => heard.Add(state);

        Assert.True(privacy.SwitchTo(PrivacyState.Paused));
        Assert.False(privacy.SwitchTo(PrivacyState.Paused));
        Assert.True(privacy.SwitchTo(PrivacyState.Capturing));

        Assert.Equal([PrivacyState.Paused, PrivacyState.Capturing], heard);
        Assert.Throws<ArgumentOutOfRangeException>(() => privacy.SwitchTo((PrivacyState)7));
    }
}
