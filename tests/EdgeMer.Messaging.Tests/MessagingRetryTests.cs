namespace EdgeMer.Messaging.Tests;

public sealed class MessagingRetryTests
{
    [Theory]
    [InlineData(0, 0.0, 7.5)]
    [InlineData(0, 0.5, 10)]
    [InlineData(0, 0.999999, 12.5)]
    [InlineData(1, 0.5, 20)]
    [InlineData(3, 0.0, 60)]
    [InlineData(6, 0.5, 640)]
    [InlineData(7, 0.0, 750)]
    [InlineData(7, 1.0, 1000)]
    [InlineData(int.MaxValue, 0.0, 750)]
    public void A_pause_doubles_per_failure_with_a_quarter_of_jitter_either_way_and_never_exceeds_a_second(int attempt, double jitter, double milliseconds)
    {
        Assert.Equal(milliseconds, MessagingRetry.Pause(attempt, jitter).TotalMilliseconds, precision: 3);
    }
}
